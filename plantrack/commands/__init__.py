"""CLI commands, one module each (discovered by plantrack.cli)."""
