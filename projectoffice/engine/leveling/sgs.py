"""Schedule generation schemes (Kolisch 1996): turn a priority order into a feasible schedule.

The serial scheme takes activities in list order and starts each at the earliest time its links and the free
capacity allow; every active schedule can be reached by some list, which is why genetic searches encode a
schedule as an activity list. The parallel scheme advances time and starts, at each decision point, the
highest-priority eligible activities that fit; it builds non-delay schedules, often better for large sets.

Capacity is kept per time unit in ``free[resource][t]``. Pinned (started) activities are reserved first; "do not
level" activities start at their link-earliest time and are reserved even beyond capacity.
"""

from __future__ import annotations

from collections.abc import Sequence

from projectoffice.engine.leveling.graph import Graph


def new_profile(graph: Graph, pinned: Sequence[int | None]) -> tuple[list[list[int]], list[int]]:
    """Free units per resource and time unit, with pinned activities already in; and their starts (-1 elsewhere)."""
    free = [[c] * graph.horizon for c in graph.capacities]
    starts = [-1] * graph.size
    for i, fixed in enumerate(pinned):
        if fixed is not None:
            starts[i] = fixed
            reserve(free, graph.needs[i], fixed, fixed + graph.durations[i])
    return free, starts


def reserve(free: list[list[int]], needs: list[tuple[int, int]], begin: int, end: int) -> None:
    """Take ``needs`` out of the free profile over [begin, end)."""
    for r, q in needs:
        row = free[r]
        row[begin:end] = [v - q for v in row[begin:end]]


def fit(free: list[list[int]], needs: list[tuple[int, int]], duration: int, t: int) -> int:
    """The earliest start >= t where ``needs`` fit for ``duration`` units.

    Each window is tested with one C-level ``min`` over a slice; on a conflict the candidate moves past the
    latest blocked unit at once. This function is most of the search's time.
    """
    if not duration:
        return t
    while True:
        end = t + duration
        for r, q in needs:
            window = free[r][t:end]
            if min(window) < q:
                k = duration - 1
                while window[k] >= q:
                    k -= 1
                t += k + 1
                break
        else:
            return t


def link_earliest(graph: Graph, starts: list[int], j: int) -> int:
    """The earliest start of ``j`` allowed by its release and its (already scheduled) predecessors."""
    t = graph.release[j]
    for i, delay in graph.preds[j]:
        if starts[i] + delay > t:
            t = starts[i] + delay
    return t


def serial(graph: Graph, order: Sequence[int], pinned: Sequence[int | None] | None = None) -> list[int]:
    """Serial SGS: each activity of ``order`` (a topological order) at its earliest feasible start."""
    free, starts = new_profile(graph, graph.pinned if pinned is None else pinned)
    durations, needs, free_running = graph.durations, graph.needs, graph.free_running
    for j in order:
        if starts[j] >= 0:
            continue
        t = link_earliest(graph, starts, j)
        if not free_running[j]:
            t = fit(free, needs[j], durations[j], t)
        starts[j] = t
        reserve(free, needs[j], t, t + durations[j])
    return starts


def parallel(graph: Graph, priority: Sequence[float]) -> list[int]:
    """Parallel SGS: at each decision time start the eligible activities, lowest ``priority`` value first."""
    free, starts = new_profile(graph, graph.pinned)
    waiting = [len(graph.preds[j]) for j in range(graph.size)]
    eligible = {j for j in range(graph.size) if waiting[j] == 0 and starts[j] < 0}
    _release_successors(graph, [j for j in range(graph.size) if starts[j] >= 0], starts, waiting, eligible)
    now = 0
    while eligible:
        started = _start_what_fits(graph, free, starts, eligible, priority, now)
        fresh = _release_successors(graph, started, starts, waiting, eligible)
        if not any(link_earliest(graph, starts, j) <= now for j in fresh):
            now = _next_decision(graph, starts, eligible, now)
    return starts


def _start_what_fits(
    graph: Graph,
    free: list[list[int]],
    starts: list[int],
    eligible: set[int],
    priority: Sequence[float],
    now: int,
) -> list[int]:
    started = []
    for j in sorted(eligible, key=lambda a: (priority[a], a)):
        if link_earliest(graph, starts, j) > now:
            continue
        duration = graph.durations[j]
        if graph.free_running[j] or fit(free, graph.needs[j], duration, now) == now:
            starts[j] = now
            reserve(free, graph.needs[j], now, now + duration)
            started.append(j)
    eligible.difference_update(started)
    return started


def _release_successors(
    graph: Graph, started: list[int], starts: list[int], waiting: list[int], eligible: set[int]
) -> list[int]:
    """Make eligible the successors whose predecessors have all started; return them."""
    fresh = []
    for i in started:
        for j, _ in graph.succs[i]:
            waiting[j] -= 1
            if waiting[j] == 0 and starts[j] < 0:
                fresh.append(j)
    eligible.update(fresh)
    return fresh


def _next_decision(graph: Graph, starts: list[int], eligible: set[int], now: int) -> int:
    """The next time at which something can change: a finish, or an eligible activity's link-earliest start."""
    candidates = [
        starts[i] + graph.durations[i] for i in range(graph.size) if starts[i] + graph.durations[i] > now
    ]
    candidates += [t for t in (link_earliest(graph, starts, j) for j in eligible) if t > now]
    return min(candidates, default=now + 1)


def makespan(graph: Graph, starts: Sequence[int]) -> int:
    """The finish of the last activity."""
    return max((starts[i] + graph.durations[i] for i in range(graph.size)), default=0)


def serial_within(graph: Graph, order: Sequence[int], latest: Sequence[int]) -> tuple[list[int], list[int]]:
    """Serial SGS that never starts an activity after ``latest`` (levelling within float).

    An activity that cannot fit by its latest start stays at its link-earliest start, takes no capacity (it
    remains over-allocated, as MS Project leaves it) and is returned in the second list.
    """
    free, starts = new_profile(graph, graph.pinned)
    unlevelled = []
    for j in order:
        if starts[j] >= 0:
            continue
        earliest = link_earliest(graph, starts, j)
        t = earliest if graph.free_running[j] else fit(free, graph.needs[j], graph.durations[j], earliest)
        if t > latest[j]:
            starts[j] = earliest
            unlevelled.append(j)
            continue
        starts[j] = t
        reserve(free, graph.needs[j], t, t + graph.durations[j])
    return starts, unlevelled


def overloaded(graph: Graph, starts: Sequence[int]) -> list[int]:
    """The "do not level" activities that sit on more units than a resource has.

    They start where their links put them, so one may land on capacity that activities placed before it took;
    the search scores such schedules as far worse and, if nothing better exists, reports them.
    """
    if not any(graph.free_running):
        return []
    free = [[c] * graph.horizon for c in graph.capacities]
    for i in range(graph.size):
        reserve(free, graph.needs[i], starts[i], starts[i] + graph.durations[i])
    return [
        j
        for j in range(graph.size)
        if graph.free_running[j]
        and any(
            free[r][t] < 0
            for r, _ in graph.needs[j]
            for t in range(starts[j], starts[j] + graph.durations[j])
        )
    ]


def score(graph: Graph, starts: Sequence[int]) -> int:
    """The makespan, plus a horizon for every over-allocated "do not level" activity (so feasible wins)."""
    return makespan(graph, starts) + graph.horizon * len(overloaded(graph, starts))
