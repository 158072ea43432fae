"""An independent feasibility check of a levelled schedule, straight from the Problem (no solver code).

Used by the tests and by callers that receive starts from elsewhere (a file, a user's edit) and want to know
what is wrong with them before showing them as levelled.
"""

from __future__ import annotations

from collections.abc import Sequence

from projectoffice.engine.leveling.problem import Problem


def violations(problem: Problem, starts: Sequence[int], *, ignore: Sequence[int] = ()) -> list[str]:
    """Every broken release, pin, link and capacity of ``starts``, in words; empty when feasible.

    Capacity is checked per time unit over the activities not in ``ignore`` (the ones left unlevelled).
    """
    durations = problem.durations
    found = []
    for i, (activity, start) in enumerate(zip(problem.activities, starts, strict=True)):
        if activity.fixed_start is not None and start != activity.fixed_start:
            found.append(f"activity {i} moved from its actual start {activity.fixed_start} to {start}")
        elif activity.fixed_start is None and start < activity.release:
            found.append(f"activity {i} starts at {start}, before its release {activity.release}")
    for link in problem.links:
        pinned = problem.activities[link.after].fixed_start is not None
        if not pinned and starts[link.after] < starts[link.before] + link.delay(durations):
            found.append(f"link {link.before} → {link.after} ({link.kind}, lag {link.lag}) is broken")
    found += _overloads(problem, starts, set(ignore))
    return found


def _overloads(problem: Problem, starts: Sequence[int], ignore: set[int]) -> list[str]:
    end = max((s + d for s, d in zip(starts, problem.durations, strict=True)), default=0)
    found = []
    for r, capacity in enumerate(problem.capacities):
        usage = [0] * (end + 1)
        for i, start in enumerate(starts):
            if i not in ignore:
                for t in range(start, start + problem.durations[i]):
                    usage[t] += problem.demand(i, r)
        over = [t for t, used in enumerate(usage) if used > capacity]
        if over:
            found.append(f"resource {r} is over its capacity {capacity} at time {over[0]}")
    return found
