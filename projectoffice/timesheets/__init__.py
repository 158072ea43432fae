"""Time writing under each site's labour rules: weekly timesheets, approvals, periods."""
