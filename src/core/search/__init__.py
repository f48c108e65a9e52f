"""Search: the people index, its documents, queries, ranking and cursors (issue 12)."""
