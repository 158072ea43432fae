"""Analytic Hierarchy Process (Saaty): weights of business drivers from a pairwise comparison matrix.

The weights are the principal eigenvector normalised to sum to 1; the consistency ratio CR = CI / RI with
CI = (lambda_max - n) / (n - 1) and RI Saaty's random index for n. A CR above 0.1 means the judgements contradict
each other enough to be revisited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from projectoffice.engine.errors import InvalidInputError

# Saaty's random consistency index by matrix size (Saaty 1980; index 0 unused).
RANDOM_INDEX = (0.0, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)
CONSISTENCY_THRESHOLD = 0.1
_RECIPROCAL_TOLERANCE = 1e-3


@dataclass(frozen=True, slots=True)
class AhpResult:
    weights: tuple[float, ...]  # sum to 1, in the matrix's order
    lambda_max: float
    consistency_index: float
    consistency_ratio: float  # 0 for n <= 2 (always consistent)
    inconsistent: bool  # consistency_ratio > 0.1: the judgements should be revisited


def ahp_weights(matrix: Sequence[Sequence[float]], labels: Sequence[str] | None = None) -> AhpResult:
    """Weights and consistency of a pairwise comparison matrix (a[i][j] = how much more i matters than j).

    Raises InvalidInputError naming the cell when the matrix is not square, not positive, has a diagonal other
    than 1, or is not reciprocal (a[j][i] must be 1 / a[i][j]).
    """
    names = list(labels) if labels is not None else [str(i + 1) for i in range(len(matrix))]
    a = _validated(matrix, names)
    n = len(a)
    eigenvalues, eigenvectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, k].real)
    weights = vector / vector.sum()
    lambda_max = float(eigenvalues[k].real)
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 1 else 0.0
    cr = ci / _random_index(n) if n > 2 else 0.0
    return AhpResult(tuple(float(w) for w in weights), lambda_max, ci, cr, cr > CONSISTENCY_THRESHOLD)


def _random_index(n: int) -> float:
    if n >= len(RANDOM_INDEX):
        return RANDOM_INDEX[-1]
    return RANDOM_INDEX[n]


def _validated(matrix: Sequence[Sequence[float]], names: list[str]) -> np.ndarray:
    n = len(matrix)
    if n == 0:
        raise InvalidInputError("the comparison matrix is empty")
    if len(names) != n:
        raise InvalidInputError(f"{len(names)} labels for a matrix of {n} rows")
    for i, row in enumerate(matrix):
        if len(row) != n:
            raise InvalidInputError(f"the matrix is not square: row {names[i]} has {len(row)} cells, not {n}")
    a = np.array(matrix, dtype=np.float64)
    for i in range(n):
        for j in range(n):
            _check_cell(a, i, j, names)
    return a


def _check_cell(a: np.ndarray, i: int, j: int, names: list[str]) -> None:
    cell = f"cell ({names[i]}, {names[j]})"
    if not np.isfinite(a[i, j]) or a[i, j] <= 0:
        raise InvalidInputError(f"{cell} must be a positive number, not {a[i, j]}")
    if i == j and a[i, j] != 1:
        raise InvalidInputError(f"{cell} is on the diagonal and must be 1, not {a[i, j]}")
    if i < j and abs(a[i, j] * a[j, i] - 1) > _RECIPROCAL_TOLERANCE:
        raise InvalidInputError(
            f"{cell} is {a[i, j]:g} but ({names[j]}, {names[i]}) is {a[j, i]:g}, not its reciprocal {1 / a[i, j]:.4g}"
        )
