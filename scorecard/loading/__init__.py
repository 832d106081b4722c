"""Raw loading: source exports into lineage-carrying DuckDB tables (SPEC §3)."""
