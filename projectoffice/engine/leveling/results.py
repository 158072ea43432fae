"""The values ``level`` takes and returns: the mode, the settings of the search, the levelled schedule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

Progress = Callable[[int, int, float], None]
"""Called with (best makespan so far, proven lower bound, seconds elapsed) whenever either improves."""


class Mode(StrEnum):
    MINIMISE_FINISH = "minimise_finish"
    WITHIN_FLOAT = "within_float"


@dataclass(frozen=True, slots=True)
class LevelResult:
    """A levelled schedule: start of every activity (problem order), makespan, proven bound, optimality.

    ``unlevelled`` lists, in within-float mode, the activities that could not be fitted by their late start.
    """

    starts: tuple[int, ...]
    makespan: int
    lower_bound: int
    optimal: bool
    seconds: float
    unlevelled: tuple[int, ...] = ()
    schedules: int = 0

    @property
    def gap(self) -> float:
        """Relative distance between the makespan and the proven lower bound (0 when optimal)."""
        return (self.makespan - self.lower_bound) / self.makespan if self.makespan else 0.0


@dataclass(frozen=True, slots=True)
class Settings:
    """How hard to try. ``schedules`` (per worker) with ``deterministic`` makes a run reproducible."""

    time_limit: float = 1.0
    seed: int = 0
    workers: int = 2
    exact: bool = True
    deterministic: bool = False
    schedules: int | None = None
