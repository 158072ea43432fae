"""A proposal's business case: yearly costs and benefits → NPV, IRR and payback, in the proposal's currency.

Year 0 is the decision year and is not discounted; year t is discounted by (1 + rate)^t. Money is Decimal
(NPV rounded to cents); rates and IRR are floats, being estimates rather than amounts.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from projectoffice.engine.errors import InvalidInputError

CENT = Decimal("0.01")
# IRR is searched from -99 % a year upwards on a grid (fine near 0, geometric above), then refined by bisection.
_IRR_HIGH = 100.0
_IRR_TOLERANCE = 1e-10


@dataclass(frozen=True, slots=True)
class BusinessCase:
    costs: tuple[Decimal, ...]  # per year from year 0, non-negative
    benefits: tuple[Decimal, ...]  # per year from year 0, non-negative

    @property
    def net(self) -> tuple[Decimal, ...]:
        years = max(len(self.costs), len(self.benefits))
        costs = (*self.costs, *[Decimal(0)] * (years - len(self.costs)))
        benefits = (*self.benefits, *[Decimal(0)] * (years - len(self.benefits)))
        return tuple(b - c for b, c in zip(benefits, costs, strict=True))


@dataclass(frozen=True, slots=True)
class Appraisal:
    npv: Decimal
    irr: float | None  # None when the net cash flows never change sign
    irr_unique: bool  # False when the flows change sign more than once and several rates give NPV = 0
    payback_years: float | None  # None when the cumulative cash flow never turns non-negative
    discounted_payback_years: float | None


def business_case(
    costs: Sequence[Decimal | int | str], benefits: Sequence[Decimal | int | str]
) -> BusinessCase:
    """A validated business case: amounts must be finite and non-negative (a negative cost is refused)."""
    return BusinessCase(_amounts(costs, "cost"), _amounts(benefits, "benefit"))


def _amounts(values: Sequence[Decimal | int | str], kind: str) -> tuple[Decimal, ...]:
    amounts = []
    for year, value in enumerate(values):
        try:
            amount = Decimal(value)
        except ArithmeticError:
            raise InvalidInputError(f"the {kind} of year {year} is not a number: {value!r}") from None
        if not amount.is_finite() or amount < 0:
            raise InvalidInputError(f"the {kind} of year {year} must be a non-negative amount, not {value}")
        amounts.append(amount)
    return tuple(amounts)


def appraise(case: BusinessCase, *, rate: float) -> Appraisal:
    """NPV at ``rate`` (0.08 = 8 % a year), IRR and (discounted) payback of a business case."""
    if not math.isfinite(rate) or rate <= -1:
        raise InvalidInputError(f"the discount rate must be above -100 %, not {rate}")
    net = case.net
    irr, unique = internal_rate_of_return(net)
    discounted = tuple(Decimal(str(float(f) / (1 + rate) ** t)) for t, f in enumerate(net))
    return Appraisal(npv(net, rate), irr, unique, payback(net), payback(discounted))


def npv(flows: Sequence[Decimal], rate: float) -> Decimal:
    """Net present value in Decimal rounded to cents; the discount factors are computed in Decimal too."""
    factor = Decimal(1) + Decimal(str(rate))
    total = sum((f / factor**t for t, f in enumerate(flows)), Decimal(0))
    return total.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _npv_float(flows: Sequence[float], rate: float) -> float:
    return math.fsum(f / (1.0 + rate) ** t for t, f in enumerate(flows))


def internal_rate_of_return(flows: Sequence[Decimal]) -> tuple[float | None, bool]:
    """The lowest rate above -99 % where NPV is 0, found by a grid scan for a sign change then
    bisection; None when NPV never changes sign there. The flag is False when the flows change sign more than
    once (Descartes: several IRRs may exist)."""
    values = [float(f) for f in flows]
    signs = [v > 0 for v in values if v != 0]
    unique = sum(1 for a, b in itertools.pairwise(signs) if a != b) <= 1
    function: Callable[[float], float] = lambda r: _npv_float(values, r)  # noqa: E731
    grid = _rate_grid()
    previous = grid[0], function(grid[0])
    for rate in grid[1:]:
        current = rate, function(rate)
        if previous[1] == 0:
            return previous[0], unique
        if (previous[1] < 0) != (current[1] < 0):
            return _bisect(function, previous[0], rate), unique
        previous = current
    return None, unique


def _rate_grid() -> list[float]:
    """-99 % .. -1 % by 1 %, 0 .. 100 % by 0.5 %, then +10 % steps to 10,000 %, then decades to 10^12 %."""
    low = [-0.99 + 0.01 * k for k in range(99)]
    high = [0.0]
    while high[-1] < _IRR_HIGH:
        high.append(high[-1] + 0.005 if high[-1] < 1 else high[-1] * 1.1)
    while high[-1] < 1e10:
        high.append(high[-1] * 10)
    return [*low, *high]


def _bisect(function: Callable[[float], float], low: float, high: float) -> float:
    f_low = function(low)
    for _ in range(200):
        middle = (low + high) / 2
        f_middle = function(middle)
        if f_middle == 0 or high - low < _IRR_TOLERANCE:
            return middle
        if (f_low < 0) == (f_middle < 0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return (low + high) / 2


def payback(flows: Sequence[Decimal]) -> float | None:
    """Years until the cumulative flow turns non-negative, interpolated within the year it does.

    Year 0's flow happens at time 0; year t's is spread evenly over (t-1, t]. None if it never pays back.
    """
    cumulative = Decimal(0)
    for year, flow in enumerate(flows):
        before = cumulative
        cumulative += flow
        if cumulative >= 0 and (year == 0 or flow > 0):
            return 0.0 if year == 0 else year - 1 + float(-before / flow)
    return None
