"""Pages of the projects app: the list, a project's page, its WBS, Gantt chart, critical path and baselines."""
