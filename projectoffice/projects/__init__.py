"""Projects, their WBS and schedules, baselines, and MS Project interchange."""
