"""Importers: vendor exports converted into the SPEC §2 folders (`scorecard import`)."""
