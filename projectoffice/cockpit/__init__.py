"""The executive cockpit, KPIs, balanced scorecard and status reports."""
