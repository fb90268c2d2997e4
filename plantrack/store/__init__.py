"""Persistence: the DuckDB store and its queries, its health checks, the accounts file (docs/ARCHITECTURE.md)."""
