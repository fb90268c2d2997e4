"""The model core: plan, periods, units, kinds, metrics, strings — pure rules, no store (docs/ARCHITECTURE.md)."""
