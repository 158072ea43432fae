"""Resource levelling and the RCPSP: priority rules, a genetic search with justification, CP-SAT.

Public API: ``Problem``/``Activity``/``Link`` describe the work; ``level`` levels it (minimise the finish, or
within float) and returns a ``LevelResult``; ``violations`` re-checks any schedule; ``level_projects`` levels
several projects sharing resources on one calendar (``projects.level_projects``).
"""

from projectoffice.engine.leveling.check import violations
from projectoffice.engine.leveling.problem import Activity, Link, LinkType, Problem
from projectoffice.engine.leveling.projects import (
    Assignment,
    LevelledTask,
    ProjectsLevelling,
    ProjectToLevel,
    Resource,
    level_projects,
)
from projectoffice.engine.leveling.results import LevelResult, Mode, Progress, Settings
from projectoffice.engine.leveling.solve import level

__all__ = [
    "Activity",
    "Assignment",
    "LevelResult",
    "LevelledTask",
    "Link",
    "LinkType",
    "Mode",
    "Problem",
    "Progress",
    "ProjectToLevel",
    "ProjectsLevelling",
    "Resource",
    "Settings",
    "level",
    "level_projects",
    "violations",
]
