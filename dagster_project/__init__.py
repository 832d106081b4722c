"""Contact-center scorecard warehouse: orchestration, loading and command line."""
