"""Portfolio management for the PMO: strategy, proposals, scoring, capacity, optimisation, review board."""
