"""Every read of the cockpit app: filters, figures, scorecard and status-report data."""

from projectoffice.cockpit.selectors.figures import (
    Cockpit,
    Node,
    ProjectRow,
    Sums,
    UnitGroup,
    build_tree,
    cockpit,
    cockpit_projects,
    sums_of_unit,
)
from projectoffice.cockpit.selectors.filters import CockpitFilters, cockpit_filters_parse, filter_options

__all__ = ["Cockpit", "CockpitFilters", "Node", "ProjectRow", "Sums", "UnitGroup", "build_tree", "cockpit",
           "cockpit_filters_parse", "cockpit_projects", "filter_options", "sums_of_unit"]
