"""Reads of office workspaces: which offices a user may open, and each kind's page."""

from projectoffice.workspaces.selectors.offices import (
    OfficeEntry,
    office_entries_of,
    office_get_for_user,
    offices_visible_to,
)
from projectoffice.workspaces.selectors.pmo import PmoWorkspace, pmo_workspace
from projectoffice.workspaces.selectors.pso import PsoWorkspace, pso_workspace

__all__ = [
    "OfficeEntry", "PmoWorkspace", "PsoWorkspace", "office_entries_of", "office_get_for_user",
    "offices_visible_to", "pmo_workspace", "pso_workspace",
]
