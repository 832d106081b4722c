"""JSON whose numbers are the published decimals, digit for digit.

Python's json module writes a Decimal only by turning it into a binary float first (or
refuses it). Published points, totals and money are exact decimals (docs/scoring.md), so
`dumps` writes each Decimal as a JSON number with exactly its digits (86.60, -30.00):
`json.loads(text, parse_float=Decimal)` gives back the same Decimal, and a browser reads
the same number a person sees on the report.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

_MARK = "__exact_decimal__"
_MARKED = re.compile(f'"{_MARK}([-+0-9.eE]+){_MARK}"')


def _encode(value: object) -> object:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} has no JSON form")
        return f"{_MARK}{value}{_MARK}"
    if hasattr(value, "isoformat"):  # dates and times: ISO 8601
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: object, **options: object) -> str:
    """json.dumps, with Decimals as exact JSON numbers and dates as ISO 8601 strings."""
    return _MARKED.sub(r"\1", json.dumps(value, default=_encode, **options))
