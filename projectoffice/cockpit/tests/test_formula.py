from __future__ import annotations

from decimal import Decimal

import pytest

from projectoffice.cockpit.formula import formula_check, formula_evaluate
from projectoffice.core.errors import ApplicationError

METRICS = {"ev": Decimal("80"), "pv": Decimal("100"), "red": Decimal("2"), "projects": Decimal("8"),
           "ac": Decimal("0"), "spi": None}


@pytest.mark.parametrize("text, expected", [
    ("ev / pv", Decimal("0.8")), ("(ev - pv) / pv * 100", Decimal("-20")), ("red / projects * 100", Decimal("25")),
    ("-ev + 2.5", Decimal("-77.5")), ("ev / ac", None), ("spi * 2", None),
])
def test_it_evaluates_arithmetic_over_the_metrics(text: str, expected: Decimal | None) -> None:
    assert formula_evaluate(text, METRICS) == expected


def test_an_unknown_field_is_named() -> None:
    with pytest.raises(ApplicationError) as caught:
        formula_check("ev / budget_spent")
    assert "'budget_spent'" in caught.value.message and caught.value.field == "formula"


@pytest.mark.parametrize("text", [
    "__import__('os').system('true')", "ev.__class__", "ev ** 99999", "[ev]", "ev if pv else 1", "'a' * 3",
    "abs(ev)", "ev < pv", "lambda: 1", "True + ev", "",
])
def test_anything_but_arithmetic_is_refused(text: str) -> None:
    with pytest.raises(ApplicationError):
        formula_check(text)
