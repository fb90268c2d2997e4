"""Every write, with its role check and its audit line: import, rollback/restore, milestone edit, accounts,
backup/restore. The front ends (plantrack/ui/, plantrack/commands/) call these and never a write method of the
store or of the accounts file themselves (tests/test_layering.py checks it)."""
