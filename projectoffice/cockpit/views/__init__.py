"""The cockpit's pages: the cockpit itself, the balanced scorecard, the corporate template, status reports."""
