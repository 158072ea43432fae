"""Resource levelling and the RCPSP: priority rules, a genetic search with justification, CP-SAT.

Public API: ``Problem``/``Activity``/``Link`` describe the work; ``level`` levels it (minimise the finish, or
within float) and returns a ``LevelResult``; ``violations`` re-checks any schedule; ``level_portfolio`` levels
several projects sharing resources on one calendar.
"""

from projectoffice.engine.leveling.check import violations
from projectoffice.engine.leveling.problem import Activity, Link, LinkType, Problem
from projectoffice.engine.leveling.results import LevelResult, Mode, Progress, Settings
from projectoffice.engine.leveling.solve import level

__all__ = [
    "Activity",
    "LevelResult",
    "Link",
    "LinkType",
    "Mode",
    "Problem",
    "Progress",
    "Settings",
    "level",
    "violations",
]
