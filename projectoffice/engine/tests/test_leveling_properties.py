"""Property: every levelled schedule is feasible, re-checked here without any of the solver's code.

Random small instances (hypothesis) with every link type, lags, releases, a started activity and "do not
level" tasks, in both modes; and PSPLIB files, whose proven optima must agree with the published ones.
"""

from __future__ import annotations

import csv
from itertools import permutations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projectoffice.engine.formats.psplib import read_psplib
from projectoffice.engine.leveling import Activity, Link, LinkType, Mode, Problem, Settings, level
from projectoffice.engine.leveling.exact import tighten
from projectoffice.engine.leveling.graph import build_graph
from projectoffice.engine.leveling.race import race
from projectoffice.engine.leveling.sgs import serial
from projectoffice.engine.tests.test_psplib import psplib_dir


def independent_violations(problem: Problem, starts: tuple[int, ...], skip: tuple[int, ...]) -> list[str]:
    """Links by their meaning (which ends they tie), releases, pins and capacity per time unit."""
    acts = problem.activities
    finish = [s + a.duration for s, a in zip(starts, acts, strict=True)]
    ends = {"S": starts, "F": finish}
    broken = [
        f"link {k.before}->{k.after}"
        for k in problem.links
        if acts[k.after].fixed_start is None and ends[k.kind[1]][k.after] < ends[k.kind[0]][k.before] + k.lag
    ]
    broken += [
        f"pin {i}" for i, a in enumerate(acts) if a.fixed_start is not None and starts[i] != a.fixed_start
    ]
    broken += [f"release {i}" for i, a in enumerate(acts) if a.fixed_start is None and starts[i] < a.release]
    for r, capacity in enumerate(problem.capacities):
        for t in range(max(finish, default=0)):
            used = sum(
                a.demands[r] for i, a in enumerate(acts) if i not in skip and starts[i] <= t < finish[i]
            )
            if used > capacity:
                broken.append(f"resource {r} at {t}: {used} > {capacity}")
    return broken


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    capacities = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=2)))
    count = draw(st.integers(1, 8))
    pinned = draw(st.integers(-1, count - 1))
    activities = []
    for i in range(count):
        demands = tuple(draw(st.integers(0, c)) for c in capacities)
        activities.append(
            Activity(
                duration=draw(st.integers(0, 5)),
                demands=demands,
                release=draw(st.sampled_from([0, 0, 0, 2, 5])),
                fixed_start=draw(st.integers(0, 4)) if i == pinned else None,
                level=draw(st.sampled_from([True, True, True, True, False])),
                priority=draw(st.sampled_from([100, 500, 900])),
            )
        )
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=10))
    links = tuple(
        Link(a, b, draw(st.sampled_from(list(LinkType))), draw(st.integers(-2, 3)))
        for a, b in sorted({(min(p), max(p)) for p in pairs if p[0] != p[1]})
    )
    return Problem(activities=tuple(activities), capacities=capacities, links=links)


FAST = Settings(time_limit=0.3, workers=1)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_schedule_that_minimises_the_finish_is_feasible(problem: Problem) -> None:
    result = level(problem, settings=FAST)
    assert independent_violations(problem, result.starts, result.unlevelled) == []
    assert all(not problem.activities[i].level for i in result.unlevelled)
    assert result.lower_bound <= result.makespan


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_schedule_levelled_within_float_is_feasible_and_keeps_the_finish(problem: Problem) -> None:
    unlevelled = level(problem, settings=Settings(time_limit=0.3, workers=1, exact=False))
    result = level(problem, mode=Mode.WITHIN_FLOAT, settings=FAST)
    assert independent_violations(problem, result.starts, result.unlevelled) == []
    assert result.makespan == result.lower_bound <= unlevelled.makespan


def test_psplib_schedules_are_feasible_and_agree_with_the_published_optima() -> None:
    known = _known()
    for name in ("j301_1", "j3013_4", "j3029_7", "j3045_2", "j6021_3", "j9041_1"):
        problem = read_psplib(psplib_dir() / name[:3] / f"{name}.sm")
        result = level(problem, settings=Settings(time_limit=0.7))
        assert independent_violations(problem, result.starts, ()) == [], name
        assert result.makespan >= int(known[name]["best_lb"]) and result.lower_bound <= int(
            known[name]["best_ub"]
        )
        if result.optimal and known[name]["optimal"] == "1":
            assert result.makespan == int(known[name]["best_ub"]), name


def _known() -> dict[str, dict[str, str]]:
    with (psplib_dir() / "solutions" / "best_known.csv").open() as handle:
        return {row["instance"]: row for row in csv.DictReader(handle)}


def brute_force_optimum(problem: Problem) -> int:
    """The shortest finish over every activity order, each placed at its earliest feasible time (links FS)."""
    acts, best = problem.activities, 1 << 30
    for order in permutations(range(len(acts))):
        place = {k: i for i, k in enumerate(order)}
        if any(place[k.before] > place[k.after] for k in problem.links):
            continue
        finish: dict[int, int] = {}
        for j in order:
            t = max([0, *(finish[k.before] + k.lag for k in problem.links if k.after == j)])
            while not _fits(problem, finish, j, t):
                t += 1
            finish[j] = t + acts[j].duration
        best = min(best, max(finish.values(), default=0))
    return best


def _fits(problem: Problem, finish: dict[int, int], j: int, t: int) -> bool:
    acts = problem.activities
    for u in range(t, t + acts[j].duration):
        for r, capacity in enumerate(problem.capacities):
            busy = sum(acts[i].demands[r] for i in finish if finish[i] - acts[i].duration <= u < finish[i])
            if busy + acts[j].demands[r] > capacity:
                return False
    return True


@st.composite
def plain_problems(draw: st.DrawFn) -> Problem:
    """Finish-to-start links with non-negative lags, no pins: where a serial scheme over all orders is exact."""
    capacities = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=2)))
    count = draw(st.integers(2, 6))
    activities = tuple(
        Activity(draw(st.integers(1, 4)), tuple(draw(st.integers(0, c)) for c in capacities))
        for _ in range(count)
    )
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=5))
    links = tuple(
        Link(a, b, LinkType.FS, draw(st.integers(0, 2)))
        for a, b in sorted({(min(p), max(p)) for p in pairs if p[0] != p[1]})
    )
    return Problem(activities=activities, capacities=capacities, links=links)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_problems())
def test_a_proven_optimum_is_the_brute_force_optimum(problem: Problem) -> None:
    result = level(problem, settings=Settings(time_limit=2.0, workers=1))
    assert independent_violations(problem, result.starts, ()) == []
    optimum = brute_force_optimum(problem)
    assert result.lower_bound <= optimum <= result.makespan
    if result.optimal:
        assert result.makespan == optimum


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_problems())
def test_destructive_bounding_from_any_schedule_reaches_the_brute_force_optimum(problem: Problem) -> None:
    graph = build_graph(problem)
    first = serial(graph, graph.order)
    span = max(s + d for s, d in zip(first, graph.durations, strict=True))
    optimum = brute_force_optimum(problem)
    alone = tighten(graph, upper=span, lower=0, hint=first, time_limit=5.0, workers=1)
    raced = race(graph, upper=span, lower=0, hint=first, time_limit=5.0)
    for result in (alone, raced):
        assert result.starts is not None
        assert independent_violations(problem, result.starts, ()) == []
        assert result.optimal and result.makespan == result.lower_bound == optimum
