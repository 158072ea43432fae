"""KPI formulas: arithmetic over a whitelist of metrics, parsed with ``ast`` and evaluated by walking the tree —
never ``eval``. ``(ev - pv) / bac * 100`` or ``red / projects``. A division by zero yields no value (None)."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal

from projectoffice.core.errors import ApplicationError

# metric → what it means (shown on the KPI form); the values are computed by selectors.unit_metrics
METRICS: dict[str, str] = {
    "projects": "number of projects",
    "green": "projects in green health", "amber": "projects in amber health", "red": "projects in red health",
    "bac": "budget at completion", "pv": "planned value", "ev": "earned value", "ac": "actual cost",
    "eac": "estimate at completion", "spi": "schedule performance index (EV/PV)",
    "cpi": "cost performance index (EV/AC)",
    "milestones_due": "milestones due in the next 30 days", "milestones_late": "milestones late",
    "open_risks": "open risks", "high_risks": "open risks of exposure 15 or more",
    "people": "people of the unit", "certified": "people holding a current certification",
    "skilled": "people with at least one skill at level 3 or more",
}
OPERATORS: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}
ALLOWED_NODES = (ast.BinOp, ast.UnaryOp, ast.Load, ast.USub, ast.UAdd, *OPERATORS)
MAX_LENGTH = 300


def formula_check(text: str, *, field: str = "formula") -> ast.expr:
    """The parsed formula; ApplicationError naming the first unknown metric or forbidden construct."""
    if not text.strip() or len(text) > MAX_LENGTH:
        raise ApplicationError(f"A formula has 1 to {MAX_LENGTH} characters.", field=field)
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ApplicationError(f"The formula does not parse: {exc.msg}.", field=field) from exc
    for node in ast.walk(tree):
        _check_node(node, field)
    return tree


def _check_node(node: ast.AST, field: str) -> None:
    if isinstance(node, ast.Name):
        if node.id not in METRICS:
            raise ApplicationError(f"Unknown field {node.id!r} in the formula; known: {', '.join(METRICS)}.",
                                   field=field)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ApplicationError(f"Only numbers may appear as constants, not {node.value!r}.", field=field)
    elif not isinstance(node, ALLOWED_NODES):
        raise ApplicationError(f"{type(node).__name__} is not allowed in a formula (only + - * / and brackets).",
                               field=field)


def formula_evaluate(text: str, metrics: Mapping[str, Decimal | None]) -> Decimal | None:
    """The formula's value over ``metrics``; None when a metric it uses has no value or it divides by zero."""
    return _value(formula_check(text), metrics)


def _value(node: ast.expr, metrics: Mapping[str, Decimal | None]) -> Decimal | None:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        return metrics.get(node.id)
    if isinstance(node, ast.UnaryOp):
        inner = _value(node.operand, metrics)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    assert isinstance(node, ast.BinOp)
    left, right = _value(node.left, metrics), _value(node.right, metrics)
    if left is None or right is None or (isinstance(node.op, ast.Div) and right == 0):
        return None
    return OPERATORS[type(node.op)](left, right)
