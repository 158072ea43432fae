"""Change requests with impact analysis and change control boards."""
