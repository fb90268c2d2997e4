"""Analysis over the store: the scorecard, 报送情况, the city ranking, the year review (docs/ARCHITECTURE.md)."""
