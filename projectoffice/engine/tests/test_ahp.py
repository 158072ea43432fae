"""AHP weights and consistency: Saaty's textbook example, consistent matrices, and bad matrices."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.ahp import ahp_weights


def test_the_classic_three_criteria_example_gives_saatys_weights_and_ratio() -> None:
    # Saaty's worked example: weights 0.157 / 0.594 / 0.249, lambda_max 3.054, CR 0.046 (RI = 0.58).
    result = ahp_weights([[1, 1 / 3, 1 / 2], [3, 1, 3], [2, 1 / 3, 1]])
    assert [round(w, 3) for w in result.weights] == [0.157, 0.594, 0.249]
    assert result.lambda_max == pytest.approx(3.054, abs=1e-3)
    assert result.consistency_ratio == pytest.approx(0.046, abs=1e-3)
    assert not result.inconsistent


def test_contradictory_judgements_are_flagged_above_one_tenth() -> None:
    # A beats B, B beats C, but C beats A strongly: a cycle of preferences.
    result = ahp_weights([[1, 5, 1 / 7], [1 / 5, 1, 5], [7, 1 / 5, 1]])
    assert result.consistency_ratio > 0.1
    assert result.inconsistent


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=10), min_size=1, max_size=9))
def test_a_perfectly_consistent_matrix_gives_back_its_weights(raw: list[float]) -> None:
    total = sum(raw)
    weights = [w / total for w in raw]
    matrix = [[wi / wj for wj in weights] for wi in weights]
    result = ahp_weights(matrix)
    assert result.weights == pytest.approx(weights, rel=1e-6)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-6)


def test_a_non_reciprocal_cell_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"cell \(cost, risk\) is 3 but \(risk, cost\) is 3"):
        ahp_weights([[1, 3], [3, 1]], labels=["cost", "risk"])


def test_a_non_square_matrix_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="not square"):
        ahp_weights([[1, 2, 3], [0.5, 1]])


def test_a_non_positive_cell_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"cell \(1, 2\) must be a positive number"):
        ahp_weights([[1, -2], [-0.5, 1]])


def test_a_diagonal_other_than_one_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="diagonal"):
        ahp_weights([[2, 1], [1, 1]])
