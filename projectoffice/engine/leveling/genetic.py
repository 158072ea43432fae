"""A genetic search over activity lists with double justification (Hartmann 1998; Valls et al. 2005).

An individual is a topological activity list decoded by the serial scheme; every decoded schedule is
double-justified and its list rewritten in the order of the improved starts (Lamarckian learning), which is
what makes activity-list GAs with justification the strongest of the published RCPSP heuristics. Two-point
crossover keeps lists topological; mutation swaps neighbours that are not linked. The population is the best
distinct schedules of parents and children; after a long stagnation it is refilled by biased sampling.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from projectoffice.engine.leveling.graph import Graph, order_by_time, reversed_graph
from projectoffice.engine.leveling.justify import justify
from projectoffice.engine.leveling.rules import RULES, sampled_list
from projectoffice.engine.leveling.sgs import parallel, score, serial

SCHEDULES_PER_DECODE = 5
"""One serial generation plus up to two justification passes, counted as the literature counts them."""


@dataclass(frozen=True, slots=True)
class Budget:
    """When a search stops: after ``schedules`` generated schedules, at ``deadline`` (monotonic), or at ``target``."""

    schedules: int | None = None
    deadline: float | None = None
    target: int = 0


@dataclass(slots=True)
class Individual:
    order: list[int]
    starts: list[int]
    span: int


class GeneticSearch:
    """One run of the genetic search on one graph, seeded; ``run`` returns the best individual found."""

    def __init__(
        self, graph: Graph, seed: int, population: int = 40, on_improve: Callable[[int], None] | None = None
    ):
        self.graph = graph
        self.mirror = reversed_graph(graph)
        self.rng = random.Random(seed)
        self.size = population
        self.on_improve = on_improve
        self.linked = {(i, j) for i in range(graph.size) for j, _ in graph.succs[i]}
        self.values = RULES["lft"](graph)
        self.schedules = 0
        self.best: Individual | None = None
        self.budget = Budget()

    def run(self, budget: Budget) -> Individual:
        """Evolve until the budget is spent; the budget is checked after every schedule, not per generation."""
        self.budget = budget
        people = self._initial()
        stagnant = 0
        while not self._done():
            children = self._children(people)
            before = self._best_span()
            people = self._survivors(people + children)
            stagnant = stagnant + 1 if self._best_span() >= before else 0
            if stagnant > 40:
                people = people[: max(2, self.size // 10)] + self._sampled(
                    self.size - max(2, self.size // 10)
                )
                stagnant = 0
        assert self.best is not None
        return self.best

    def _done(self) -> bool:
        budget = self.budget
        if self._best_span() <= budget.target:
            return True
        if budget.schedules is not None and self.schedules >= budget.schedules:
            return True
        return budget.deadline is not None and time.monotonic() >= budget.deadline

    def _best_span(self) -> int:
        return self.best.span if self.best else 1 << 60

    def _initial(self) -> list[Individual]:
        seeds = [
            self._decode(order_by_time(self.graph, parallel(self.graph, rule(self.graph))))
            for rule in RULES.values()
        ]
        seeds += [self._decode(order_by_time(self.graph, self.values))]
        return self._survivors(seeds + self._sampled(self.size))

    def _sampled(self, count: int) -> list[Individual]:
        drawn: list[Individual] = []
        while len(drawn) < count and not (drawn and self._done()):
            drawn.append(
                self._decode(sampled_list(self.graph, self.values, self.rng, 1.0 + self.rng.random()))
            )
        return drawn

    def _decode(self, order: list[int]) -> Individual:
        starts = justify(self.graph, self.mirror, serial(self.graph, order))
        self.schedules += SCHEDULES_PER_DECODE
        child = Individual(order_by_time(self.graph, starts), starts, score(self.graph, starts))
        if self.best is None or child.span < self.best.span:
            self.best = child
            if self.on_improve:
                self.on_improve(child.span)
        return child

    def _children(self, people: list[Individual]) -> list[Individual]:
        mates = people[:]
        self.rng.shuffle(mates)
        children = []
        for mother, father in zip(mates[0::2], mates[1::2], strict=False):
            if self._done():
                break
            for first, second in ((mother, father), (father, mother)):
                children.append(self._decode(self._mutate(self._crossover(first.order, second.order))))
        return children

    def _crossover(self, mother: list[int], father: list[int]) -> list[int]:
        """Two-point crossover: head from the mother, middle in the father's order, tail in the mother's."""
        n = len(mother)
        q1, q2 = sorted(self.rng.sample(range(n + 1), 2))
        child = mother[:q1]
        taken = set(child)
        for parent, limit in ((father, q2), (mother, n)):
            for activity in parent:
                if len(child) >= limit:
                    break
                if activity not in taken:
                    child.append(activity)
                    taken.add(activity)
        return child

    def _mutate(self, order: list[int], rate: float = 0.05) -> list[int]:
        rng, linked = self.rng, self.linked
        for k in range(len(order) - 1):
            if rng.random() < rate and (order[k], order[k + 1]) not in linked:
                order[k], order[k + 1] = order[k + 1], order[k]
        return order

    def _survivors(self, people: list[Individual]) -> list[Individual]:
        """The best distinct schedules; equal makespans are ordered at random so the search drifts."""
        keyed = sorted(people, key=lambda p: (p.span, self.rng.random()))
        seen: set[tuple[int, ...]] = set()
        kept = []
        for person in keyed:
            signature = tuple(person.starts)
            if signature not in seen:
                seen.add(signature)
                kept.append(person)
        return kept[: self.size]
