"""The levelling problem as frozen values: activities, resources and precedence links on integer time units.

Time is a count of working-time units (PSPLIB periods, or working hours of a common calendar when a
multi-project schedule is levelled). One value describes both modes of the issue: minimise the finish (the
RCPSP) and level within float (the finish may not move).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from projectoffice.engine.errors import CycleError, InfeasibleError, InvalidInputError, UnknownTaskError

MAX_PRIORITY = 1000
"""MS Project's scale: 0..1000, 500 by default; 1000 means "do not level"."""


class LinkType(StrEnum):
    """Which ends of the two activities a link ties, as in MS Project."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


@dataclass(frozen=True, slots=True)
class Activity:
    """One activity: its duration, the units of each resource it uses, and how levelling may move it.

    ``fixed_start`` pins started work (actuals): the activity stays where it is. ``level=False`` (or
    ``priority == 1000``) marks a "do not level" task: it starts as soon as its links allow and is never delayed
    for resources; the others are levelled around it. ``deadline`` is the latest finish allowed when levelling
    within float (a project's own finish when several projects are levelled together).
    """

    duration: int
    demands: tuple[int, ...] = ()
    release: int = 0
    fixed_start: int | None = None
    deadline: int | None = None
    level: bool = True
    priority: int = 500
    project_priority: int = 500
    name: str = ""

    @property
    def levelled(self) -> bool:
        """Whether levelling may delay this activity for resources."""
        return self.level and self.priority < MAX_PRIORITY and self.fixed_start is None


@dataclass(frozen=True, slots=True)
class Link:
    """A precedence link from activity ``before`` to ``after`` (indices) with a lag in time units."""

    before: int
    after: int
    kind: LinkType = LinkType.FS
    lag: int = 0

    def delay(self, durations: tuple[int, ...] | list[int]) -> int:
        """The minimum distance start(after) - start(before) that this link imposes."""
        d_before, d_after = durations[self.before], durations[self.after]
        offsets = {
            LinkType.FS: d_before,
            LinkType.SS: 0,
            LinkType.FF: d_before - d_after,
            LinkType.SF: -d_after,
        }
        return offsets[self.kind] + self.lag


@dataclass(frozen=True, slots=True)
class Problem:
    """Activities sharing renewable resources of fixed capacity, linked by precedence.

    Raises InvalidInputError (bad value), UnknownTaskError (a link names no activity), CycleError (the links
    form a cycle) and InfeasibleError (an activity needs more units than a resource has).
    """

    activities: tuple[Activity, ...]
    capacities: tuple[int, ...]
    links: tuple[Link, ...] = ()
    resource_names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        _check_resources(self)
        _check_activities(self)
        _check_links(self)
        topological_order(self)

    @property
    def durations(self) -> tuple[int, ...]:
        return tuple(a.duration for a in self.activities)

    def demand(self, activity: int, resource: int) -> int:
        """Units of ``resource`` used by ``activity`` (0 when its demands are shorter than the pool)."""
        demands = self.activities[activity].demands
        return demands[resource] if resource < len(demands) else 0


def _check_resources(problem: Problem) -> None:
    if any(c < 0 for c in problem.capacities):
        raise InvalidInputError(f"A resource capacity is negative: {list(problem.capacities)}.")


def _check_activities(problem: Problem) -> None:
    for index, activity in enumerate(problem.activities):
        label = activity.name or f"activity {index}"
        if activity.duration < 0 or activity.release < 0:
            raise InvalidInputError(f"{label}: duration and release must not be negative.")
        if len(activity.demands) > len(problem.capacities) or any(q < 0 for q in activity.demands):
            raise InvalidInputError(
                f"{label}: demands {list(activity.demands)} do not fit the resource pool."
            )
        if not 0 <= activity.priority <= MAX_PRIORITY:
            raise InvalidInputError(f"{label}: priority {activity.priority} is outside 0..1000.")
        over = [r for r, q in enumerate(activity.demands) if q > problem.capacities[r] and activity.duration]
        if over and activity.levelled:
            raise InfeasibleError(f"{label} needs more units of resource {over[0]} than the pool has.")


def _check_links(problem: Problem) -> None:
    count = len(problem.activities)
    for link in problem.links:
        if not (0 <= link.before < count and 0 <= link.after < count):
            raise UnknownTaskError(
                f"The link {link.before} → {link.after} names an activity that does not exist."
            )
        if link.before == link.after:
            raise CycleError([link.before])


def topological_order(problem: Problem) -> list[int]:
    """Activities in an order where every link goes forward; raises CycleError naming one cycle."""
    successors: list[list[int]] = [[] for _ in problem.activities]
    indegree = [0] * len(problem.activities)
    for link in problem.links:
        successors[link.before].append(link.after)
        indegree[link.after] += 1
    ready = [i for i, n in enumerate(indegree) if n == 0]
    order: list[int] = []
    while ready:
        node = ready.pop()
        order.append(node)
        for nxt in successors[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    if len(order) < len(problem.activities):
        raise CycleError(_one_cycle(successors, set(range(len(indegree))) - set(order)))
    return order


def _one_cycle(successors: list[list[int]], remaining: set[int]) -> list[object]:
    """Walk forward inside the nodes left by Kahn's algorithm until a node repeats: that is a cycle."""
    node = min(remaining)
    seen: list[int] = []
    while node not in seen:
        seen.append(node)
        node = next(n for n in successors[node] if n in remaining)
    return list(seen[seen.index(node) :])
