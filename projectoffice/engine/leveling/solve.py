"""``level``: the one entry point, running constructive rules, the genetic search and CP-SAT in turn.

Minimise the finish (the RCPSP): priority rules with both schedule generation schemes and justification give a
first schedule in milliseconds; the genetic search improves it on every core for a share of the time budget;
CP-SAT, hinted with the best schedule, improves it further and proves a lower bound for the rest.
Level within float: the finish may not move; each activity must start by its late start under that finish,
and the activities that cannot be fitted are left where their links put them and reported.
"""

from __future__ import annotations

import time

from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.leveling.exact import ExactResult, solve_exact, tighten
from projectoffice.engine.leveling.genetic import SCHEDULES_PER_DECODE, Budget
from projectoffice.engine.leveling.graph import Graph, build_graph, critical_path_bound, reversed_graph
from projectoffice.engine.leveling.justify import justify
from projectoffice.engine.leveling.problem import Problem
from projectoffice.engine.leveling.race import race
from projectoffice.engine.leveling.results import LevelResult, Mode, Progress, Settings
from projectoffice.engine.leveling.rules import RULES, priority_list, with_priorities
from projectoffice.engine.leveling.sgs import makespan, overloaded, parallel, score, serial
from projectoffice.engine.leveling.within import level_within_float
from projectoffice.engine.leveling.workers import search

SEARCH_SHARE = 0.4
"""Share of the time budget given to the genetic search before CP-SAT takes the rest..."""

SEARCH_CAP = 3.0
"""...but no more seconds than this: on long budgets CP-SAT's neighbourhood search, hinted with the search's
schedule, improves faster than the genetic search (PSPLIB j60 at 30 s, bench/psplib.py)."""


SMALL = 40
"""Up to this many activities the search does not run: after the probe, CP-SAT minimising on one core races
destructive bounding (is there a schedule one unit shorter?) on the other for the rest of the budget, which
proves more PSPLIB j30 optima than any split with the search or a longer minimisation (bench/psplib.py)."""

DESTRUCTIVE = True
"""Whether small instances end with destructive bounding (``race``, or ``tighten`` on one worker or
deterministically) rather than a longer minimisation."""

PROBE_SHARE = 0.2
"""Share of the budget for a first CP-SAT run: most instances are proven optimal within it, and the search
(then CP-SAT again) is spent only on the hard ones."""


def level(
    problem: Problem,
    *,
    mode: Mode = Mode.MINIMISE_FINISH,
    settings: Settings | None = None,
    finish: int | None = None,
    progress: Progress | None = None,
) -> LevelResult:
    """Level ``problem``: minimise its finish, or level it within float so it ends by ``finish``.

    ``finish`` defaults (within float) to the critical-path finish without resources.
    """
    settings = settings or Settings()
    if settings.time_limit <= 0:
        raise InvalidInputError("The time limit must be positive.")
    graph = build_graph(problem)
    if mode is Mode.WITHIN_FLOAT:
        return level_within_float(problem, graph, settings=settings, finish=finish, progress=progress)
    return _minimise(problem, graph, settings, progress)


class _Tracker:
    """Keeps the best schedule and bound, and tells the progress callback when either moves."""

    def __init__(self, graph: Graph, lower: int, progress: Progress | None) -> None:
        self.graph, self.lower, self.progress = graph, lower, progress
        self.began = time.monotonic()
        self.starts: list[int] = []
        self.span = 1 << 60
        self.shown = 1 << 60
        self.schedules = 0

    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def offer(self, starts: list[int]) -> None:
        """Keep ``starts`` if it scores better (shorter, or fewer over-allocated "do not level" activities)."""
        span = score(self.graph, starts)
        if span < self.span:
            self.starts, self.span = starts, span
            self.report(makespan(self.graph, starts), self.lower)

    def report(self, span: int, bound: int) -> None:
        """Tell the callback the best makespan seen anywhere (search workers, CP-SAT) and the best bound."""
        if span >= self.graph.horizon:
            return
        self.lower, self.shown = max(self.lower, bound), min(self.shown, span)
        if self.progress is not None:
            self.progress(self.shown, self.lower, self.elapsed())


def lower_bound(graph: Graph) -> int:
    """The better of the critical-path bound and, per resource, its total work over its capacity."""
    bound = critical_path_bound(graph)
    if any(graph.free_running) or any(p is not None for p in graph.pinned):
        return bound
    for r, capacity in enumerate(graph.capacities):
        work = sum(graph.durations[i] * q for i in range(graph.size) for rr, q in graph.needs[i] if rr == r)
        if capacity > 0:
            bound = max(bound, -(-work // capacity))
    return bound


def _minimise(problem: Problem, graph: Graph, settings: Settings, progress: Progress | None) -> LevelResult:
    track = _Tracker(graph, lower_bound(graph), progress)
    _constructive(problem, graph, track)
    proven = track.span <= track.lower
    small = settings.exact and graph.size <= SMALL
    if settings.exact and not proven:
        proven = _exact(graph, settings, track, PROBE_SHARE)
    if not proven and not small and track.span > track.lower:
        _genetic(graph, settings, track)
    if settings.exact and not proven and track.span > track.lower:
        proven = _exact(graph, settings, track, 1.0, destructive=small and DESTRUCTIVE)
    span = makespan(graph, track.starts)
    left = overloaded(graph, track.starts)
    return LevelResult(
        starts=tuple(track.starts),
        makespan=span,
        lower_bound=min(track.lower, span),
        optimal=not left and (proven or span <= track.lower),
        seconds=track.elapsed(),
        unlevelled=tuple(left),
        schedules=track.schedules,
    )


def _constructive(problem: Problem, graph: Graph, track: _Tracker) -> None:
    """Every rule with both schemes, each justified: a good first schedule in milliseconds."""
    mirror = reversed_graph(graph)
    for rule in RULES.values():
        keys = with_priorities(problem, rule(graph))
        for starts in (serial(graph, priority_list(graph, keys)), parallel(graph, [k[2] for k in keys])):
            track.offer(justify(graph, mirror, starts))
            track.schedules += SCHEDULES_PER_DECODE


def _genetic(graph: Graph, settings: Settings, track: _Tracker) -> None:
    share = min(settings.time_limit * SEARCH_SHARE, SEARCH_CAP) if settings.exact else settings.time_limit
    budget = Budget(
        schedules=settings.schedules,
        deadline=None if settings.deterministic else time.monotonic() + share,
        target=track.lower,
    )
    if settings.deterministic and settings.schedules is None:
        budget = Budget(schedules=2000, target=track.lower)
    found = search(
        graph,
        seed=settings.seed,
        workers=settings.workers,
        budget=budget,
        on_improve=lambda s: track.report(s, 0),
    )
    track.schedules += found.schedules
    track.offer(found.starts)


def _exact(
    graph: Graph, settings: Settings, track: _Tracker, share: float, *, destructive: bool = False
) -> bool:
    """CP-SAT for ``share`` of the budget (at most what is left); True when it proves the best schedule optimal.

    ``destructive``: ask for ever shorter schedules as well as (or, on one worker, instead of) minimising.
    """
    remaining = settings.time_limit * share
    if not settings.deterministic:
        remaining = min(remaining, settings.time_limit - track.elapsed())
    if remaining <= 0.05:
        return False
    if destructive and settings.workers >= 2 and not settings.deterministic:
        raced = race(
            graph,
            upper=track.span,
            lower=track.lower,
            hint=track.starts,
            time_limit=remaining,
            seed=settings.seed,
            progress=lambda span, bound, _elapsed: track.report(span, bound),
        )
        return _taken(track, raced)
    run = tighten if destructive else solve_exact
    result: ExactResult = run(
        graph,
        upper=track.span,
        lower=track.lower,
        hint=track.starts,
        time_limit=remaining,
        workers=settings.workers,
        seed=settings.seed,
        deterministic=settings.deterministic,
        progress=lambda span, bound, _elapsed: track.report(span, bound),
    )
    return _taken(track, result)


def _taken(track: _Tracker, result: ExactResult) -> bool:
    """Keep CP-SAT's bound and schedule; True when it proved the best schedule optimal."""
    track.report(track.shown, result.lower_bound)
    if result.starts is not None:
        track.offer(list(result.starts))
    return result.optimal
