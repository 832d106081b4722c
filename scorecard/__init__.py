"""Contact-center scorecard warehouse: the domain code (contract, loading, gate, publication,
audit, importers, generator, command line). `dagster_project` orchestrates it."""
