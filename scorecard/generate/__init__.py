"""Synthetic contact-center exports in the SPEC §2 contract (`scorecard generate`).

Modules by concern: `roster` (people and teams), `attendance` (shifts), `telephony`
(calls and agent states), `quality` (QA, surveys, complaints), `sales` (orders, returns),
`hr` (exams, ratings, adjustments, indicator inputs), `bad_rows` (injected invalid rows),
`writer` (CSV output) and `run` (`generate`, which ties them together).
"""

from scorecard.generate.bad_rows import KINDS as BAD_ROW_KINDS
from scorecard.generate.run import generate
from scorecard.generate.summary import MANIFEST_NAME, BadRow, GenerationSummary

__all__ = ["BAD_ROW_KINDS", "MANIFEST_NAME", "BadRow", "GenerationSummary", "generate"]
