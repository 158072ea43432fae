"""Earned value arithmetic: time-phased planned value, earned value, the indices and forecasts, S-curves and
roll-ups across currencies.

Money is ``Decimal`` throughout and rounded to cents (ROUND_HALF_EVEN) only where a figure is reported; time-phased
amounts are split by largest remainder so the months of a task add up to its budget to the cent. Indices (SPI, CPI,
TCPI) are floats. Any ratio whose denominator is zero is ``None``, never infinity. Months are ``date`` values on the
first day of the month. Working time comes from a caller's ``is_working_day`` predicate (a site calendar) or from
precomputed weights, so this module does not depend on a calendar implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from projectoffice.engine.errors import InvalidInputError, MissingRateError

CENT = Decimal("0.01")
ZERO = Decimal(0)
WorkingDay = Callable[[date], bool]


def weekdays(day: date) -> bool:
    """The default working time: Monday to Friday."""
    return day.weekday() < 5


def month_of(day: date) -> date:
    return day.replace(day=1)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class BaselineTask:
    """A task of the baseline: its planned dates and its budgeted cost (BAC of the task)."""

    id: str
    start: date
    finish: date
    budget: Decimal


# ---------------------------------------------------------------------------------------------------- planned value


def planned_value_by_month(
    tasks: Iterable[BaselineTask],
    *,
    is_working_day: WorkingDay = weekdays,
    weights: Mapping[str, Mapping[date, Decimal]] | None = None,
) -> dict[date, Decimal]:
    """PV per month: each task's budget spread over its working days, or by ``weights[task id]`` (month →
    share, summing to 1) when given for that task. Months sum to the total budget exactly (to the cent)."""
    total: dict[date, Decimal] = {}
    for task in tasks:
        _check_task(task)
        shares = weights.get(task.id) if weights is not None else None
        spread = _split(
            task.budget, shares if shares is not None else _working_day_shares(task, is_working_day), task.id
        )
        for month, amount in spread.items():
            total[month] = total.get(month, ZERO) + amount
    return dict(sorted(total.items()))


def planned_value_at(
    tasks: Iterable[BaselineTask], status_date: date, *, is_working_day: WorkingDay = weekdays
) -> Decimal:
    """Cumulative PV at the end of ``status_date``: each task's budget times the share of its working days done."""
    total = ZERO
    for task in tasks:
        _check_task(task)
        days = _working_days(task, is_working_day)
        if not days:  # no working day (a milestone, or all holidays): its budget falls at its finish
            total += task.budget if status_date >= task.finish else ZERO
            continue
        done = sum(1 for d in days if d <= status_date)
        total += task.budget * done / len(days)
    return cents(total)


def _check_task(task: BaselineTask) -> None:
    if task.finish < task.start:
        raise InvalidInputError(f"task {task.id} finishes ({task.finish}) before it starts ({task.start})")
    if not task.budget.is_finite() or task.budget < 0:
        raise InvalidInputError(
            f"task {task.id} has a budget of {task.budget}; it must be a non-negative amount"
        )


def _working_days(task: BaselineTask, is_working_day: WorkingDay) -> list[date]:
    span = (task.finish - task.start).days + 1
    return [d for d in (task.start + timedelta(days=k) for k in range(span)) if is_working_day(d)]


def _working_day_shares(task: BaselineTask, is_working_day: WorkingDay) -> dict[date, Decimal]:
    days = _working_days(task, is_working_day)
    if not days:
        return {month_of(task.finish): Decimal(1)}
    counts: dict[date, int] = {}
    for day in days:
        counts[month_of(day)] = counts.get(month_of(day), 0) + 1
    return {month: Decimal(n) / len(days) for month, n in counts.items()}


def _split(budget: Decimal, shares: Mapping[date, Decimal], task: str) -> dict[date, Decimal]:
    """Budget x share per month in cents, the leftover cents going to the largest remainders."""
    if any(s < 0 for s in shares.values()) or abs(sum(shares.values(), ZERO) - 1) > Decimal("1e-9"):
        raise InvalidInputError(f"the monthly weights of task {task} must be non-negative and sum to 1")
    exact = {month_of(m): budget * s for m, s in shares.items()}
    floors = {m: v.quantize(CENT, rounding=ROUND_FLOOR) for m, v in exact.items()}
    leftover = int((cents(budget) - sum(floors.values(), ZERO)) / CENT)
    by_remainder = sorted(exact, key=lambda m: (-(exact[m] - floors[m]), m))
    for month in by_remainder[:leftover]:
        floors[month] += CENT
    return floors


# ---------------------------------------------------------------------------------------------------- earned value


class EarnedValueMethod(StrEnum):
    PERCENT_COMPLETE = "percent_complete"  # duration-based % complete
    PHYSICAL = "physical"  # physical % complete entered by the project leader


@dataclass(frozen=True, slots=True)
class TaskProgress:
    id: str
    budget: Decimal  # the task's BAC in the baseline
    percent_complete: Decimal  # 0..100
    physical_percent_complete: Decimal | None = None  # 0..100


def earned_value(
    progress: Iterable[TaskProgress], *, method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE
) -> Decimal:
    """EV = Σ budget x % complete (or physical % complete; a task without one counts as 0 % done)."""
    total = ZERO
    for task in progress:
        percent = (
            task.percent_complete
            if method is EarnedValueMethod.PERCENT_COMPLETE
            else task.physical_percent_complete
        )
        percent = percent if percent is not None else ZERO
        if not ZERO <= percent <= 100:
            raise InvalidInputError(f"task {task.id}: % complete must be between 0 and 100, not {percent}")
        total += task.budget * percent / 100
    return cents(total)


# ---------------------------------------------------------------------------------------------------- indices


class EacMethod(StrEnum):
    CPI = "cpi"  # EAC = BAC / CPI: the cost efficiency so far continues
    CPI_SPI = "cpi_spi"  # EAC = AC + (BAC - EV) / (CPI x SPI): schedule pressure weighs on cost too
    BOTTOM_UP = "bottom_up"  # EAC = AC + a bottom-up estimate of the remaining work


@dataclass(frozen=True, slots=True)
class EvmFigures:
    """Earned value figures at one status date; ETC, VAC and TCPI-to-EAC use the EAC of ``eac_method``."""

    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: float | None
    cpi: float | None
    eac_cpi: Decimal | None
    eac_cpi_spi: Decimal | None
    eac_bottom_up: Decimal | None
    eac_method: EacMethod
    eac: Decimal | None
    etc: Decimal | None
    vac: Decimal | None
    tcpi_bac: float | None  # efficiency needed on the remaining work to finish at BAC
    tcpi_eac: float | None  # ... to finish at the EAC


def ratio(numerator: Decimal, denominator: Decimal) -> float | None:
    """numerator / denominator, None when the denominator is zero."""
    return None if denominator == 0 else float(numerator / denominator)


def evm_figures(
    *,
    bac: Decimal,
    pv: Decimal,
    ev: Decimal,
    ac: Decimal,
    etc_bottom_up: Decimal | None = None,
    eac_method: EacMethod = EacMethod.CPI,
) -> EvmFigures:
    """SV, CV, SPI, CPI, the three EACs, ETC, VAC and both TCPIs from BAC, PV, EV and AC (all in one currency)."""
    for name, amount in (("BAC", bac), ("PV", pv), ("EV", ev), ("AC", ac), ("bottom-up ETC", etc_bottom_up)):
        if amount is not None and (not amount.is_finite() or amount < 0):
            raise InvalidInputError(f"{name} must be a non-negative amount, not {amount}")
    eacs = {
        EacMethod.CPI: None if ev == 0 else ac + (bac - ev) * ac / ev,  # = BAC / CPI when AC > 0
        EacMethod.CPI_SPI: _eac_cpi_spi(bac, pv, ev, ac),
        EacMethod.BOTTOM_UP: None if etc_bottom_up is None else ac + etc_bottom_up,
    }
    eac = eacs[eac_method]
    return EvmFigures(
        bac=cents(bac), pv=cents(pv), ev=cents(ev), ac=cents(ac),
        sv=cents(ev - pv), cv=cents(ev - ac),
        spi=ratio(ev, pv), cpi=ratio(ev, ac),
        eac_cpi=_cents_or_none(eacs[EacMethod.CPI]),
        eac_cpi_spi=_cents_or_none(eacs[EacMethod.CPI_SPI]),
        eac_bottom_up=_cents_or_none(eacs[EacMethod.BOTTOM_UP]),
        eac_method=eac_method,
        eac=_cents_or_none(eac),
        etc=None if eac is None else cents(eac - ac),
        vac=None if eac is None else cents(bac - eac),
        tcpi_bac=ratio(bac - ev, bac - ac),
        tcpi_eac=None if eac is None else ratio(bac - ev, eac - ac),
    )  # fmt: skip


def _eac_cpi_spi(bac: Decimal, pv: Decimal, ev: Decimal, ac: Decimal) -> Decimal | None:
    """AC + (BAC - EV) / (CPI x SPI) with CPI x SPI = EV² / (AC x PV); None when EV or PV is zero."""
    if ev == 0 or pv == 0:
        return None
    return ac + (bac - ev) * ac * pv / (ev * ev)


def _cents_or_none(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else cents(amount)


# ---------------------------------------------------------------------------------------------------- S-curve


@dataclass(frozen=True, slots=True)
class SCurvePoint:
    """Cumulative figures at the end of a month; EV and AC are None after the status month (not yet known)."""

    month: date
    pv: Decimal
    ev: Decimal | None
    ac: Decimal | None
    spi: float | None
    cpi: float | None


def s_curve(
    *,
    planned: Mapping[date, Decimal],
    actual: Mapping[date, Decimal],
    earned_to_date: Mapping[date, Decimal],
    status_month: date,
) -> tuple[SCurvePoint, ...]:
    """Monthly cumulative PV, EV, AC for an S-curve chart.

    ``planned`` and ``actual`` are amounts per month; ``earned_to_date`` is cumulative EV recorded at a month's
    end (status snapshots) and carries forward through months without a snapshot.
    """
    status_month = month_of(status_month)
    months = sorted({month_of(m) for m in (*planned, *actual, *earned_to_date)} | {status_month})
    points, pv, ac, ev = [], ZERO, ZERO, ZERO
    for month in months:
        pv += planned.get(month, ZERO)
        ac += actual.get(month, ZERO)
        ev = earned_to_date.get(month, ev)
        known = month <= status_month
        points.append(
            SCurvePoint(
                month, cents(pv), cents(ev) if known else None, cents(ac) if known else None,
                ratio(ev, pv) if known else None, ratio(ev, ac) if known else None,
            )
        )  # fmt: skip
    return tuple(points)


# ---------------------------------------------------------------------------------------------------- roll-up


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    """One project's BAC, PV, EV, AC (and bottom-up ETC when known) at a status month, in its own currency."""

    project: str
    currency: str
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    etc_bottom_up: Decimal | None = None


ExchangeRates = Mapping[
    tuple[str, date], Decimal
]  # (currency, month) → units of the reporting currency per unit


def convert(
    amount: Decimal, currency: str, month: date, *, reporting_currency: str, rates: ExchangeRates
) -> Decimal:
    """``amount`` in the reporting currency at ``month``'s rate; MissingRateError names a missing rate."""
    if currency == reporting_currency:
        return amount
    rate = rates.get((currency, month_of(month)))
    if rate is None:
        raise MissingRateError(currency, month_of(month).strftime("%Y-%m"))
    return amount * rate


def roll_up(
    projects: Iterable[ProjectFigures],
    *,
    month: date,
    reporting_currency: str,
    rates: ExchangeRates,
    eac_method: EacMethod = EacMethod.CPI,
) -> EvmFigures:
    """The figures of several projects (a BL, BU, site or the company) summed in the reporting currency.

    Every amount is converted at ``month``'s rate before summing; the indices are recomputed from the sums (not
    averaged). The bottom-up EAC is given only when every project has a bottom-up ETC.
    """
    sums = {"bac": ZERO, "pv": ZERO, "ev": ZERO, "ac": ZERO}
    etc: Decimal | None = ZERO
    for project in projects:
        rate_of = _converter(project.currency, month, reporting_currency, rates)
        for name in sums:
            sums[name] += rate_of(getattr(project, name))
        etc = None if etc is None or project.etc_bottom_up is None else etc + rate_of(project.etc_bottom_up)
    return evm_figures(**sums, etc_bottom_up=etc, eac_method=eac_method)


def _converter(
    currency: str, month: date, reporting: str, rates: ExchangeRates
) -> Callable[[Decimal], Decimal]:
    def rate_of(amount: Decimal) -> Decimal:
        return convert(amount, currency, month, reporting_currency=reporting, rates=rates)

    return rate_of


def convert_monthly(
    amounts: Mapping[date, Decimal], currency: str, *, reporting_currency: str, rates: ExchangeRates
) -> dict[date, Decimal]:
    """Monthly amounts (PV or AC per month) each converted at its own month's rate, for a rolled-up S-curve."""
    return {
        month: convert(amount, currency, month, reporting_currency=reporting_currency, rates=rates)
        for month, amount in sorted(amounts.items())
    }
