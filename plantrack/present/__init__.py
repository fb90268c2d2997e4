"""The presentation model: display facts computed once from the scorecard and the store, for every renderer."""
