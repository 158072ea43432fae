"""Weighted scoring: each proposal rated against each business driver, weighted by the drivers' weights."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from projectoffice.engine.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class Score:
    proposal: str
    score: float  # sum over drivers of weight x rating, weights normalised to sum to 1
    rank: int  # 1 = best; equal scores share a rank


def weighted_scores(
    ratings: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float],
    *,
    scale: tuple[float, float] = (0.0, 10.0),
) -> tuple[Score, ...]:
    """Scores of proposals, best first: ``ratings[proposal][driver]`` on ``scale``, ``weights[driver]`` >= 0.

    Weights are normalised, so AHP weights or raw points both work. Raises InvalidInputError naming the proposal
    and driver of a missing or out-of-scale rating, or a negative weight.
    """
    total = _checked_total(weights)
    low, high = scale
    scores = []
    for proposal, row in ratings.items():
        unknown = sorted(set(row) - set(weights))
        if unknown:
            raise InvalidInputError(f"proposal {proposal} is rated on unknown driver(s) {', '.join(unknown)}")
        value = 0.0
        for driver, weight in weights.items():
            rating = row.get(driver)
            if rating is None or not math.isfinite(rating) or not low <= rating <= high:
                raise InvalidInputError(
                    f"proposal {proposal}: rating for {driver} must be in [{low:g}, {high:g}], not {rating}"
                )
            value += weight / total * rating
        scores.append((proposal, value))
    return _ranked(scores)


def _checked_total(weights: Mapping[str, float]) -> float:
    for driver, weight in weights.items():
        if weight < 0 or not math.isfinite(weight):
            raise InvalidInputError(f"driver {driver} has weight {weight}; weights must be non-negative")
    total = sum(weights.values())
    if total <= 0:
        raise InvalidInputError("at least one driver must have a positive weight")
    return total


def _ranked(scores: list[tuple[str, float]]) -> tuple[Score, ...]:
    ordered = sorted(scores, key=lambda item: (-item[1], item[0]))
    ranked: list[Score] = []
    for position, (proposal, value) in enumerate(ordered, start=1):
        same = ranked and math.isclose(ranked[-1].score, value, rel_tol=1e-12, abs_tol=1e-12)
        ranked.append(Score(proposal, value, ranked[-1].rank if same else position))
    return tuple(ranked)
