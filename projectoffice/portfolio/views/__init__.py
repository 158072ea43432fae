"""Pages of the PMO's portfolio workspace."""
