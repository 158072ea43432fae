"""Critical-path scheduling that reproduces MS Project's dates.

    from projectoffice.engine.network import Network, Task, Link, LinkType
    from projectoffice.engine.schedule import schedule

    result = schedule(Network(tasks=(Task(1, "Dig", duration=960), Task(2, "Pour", duration=480)),
                              links=(Link(1, 2),), start=datetime(2026, 3, 2, 8)))
    result.finish, result.task(2).early_start, result.critical_path

See ``cpm.schedule`` for the contract and ``docs/engine/scheduling.md`` for how dates are computed.
"""

from projectoffice.engine.schedule.cpm import schedule
from projectoffice.engine.schedule.result import Schedule, TaskSchedule

__all__ = ["Schedule", "TaskSchedule", "schedule"]
