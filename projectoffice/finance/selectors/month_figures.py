"""A project's figures at a month's end in the reporting currency: computed live from the totals, or read from
``ProjectMonthFigures`` (written when a month is closed). Both give the same ``MonthFigures``, so the roll-up
and the monthly report show the same numbers whichever way a project's month was obtained.

Every amount is the project's own-currency total converted at the status month's rate and rounded to the cent;
the indices and EACs are the engine's, computed from those cents (so a group's sums are its projects' as shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, FilteredRelation, Q, QuerySet

from projectoffice.engine.evm import EacMethod, EvmFigures, ExchangeRates, cents, convert, evm_figures
from projectoffice.finance.selectors.totals import ProjectTotals
from projectoffice.projects.models import Project

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One project at the end of a month, in the reporting currency (cents): cumulative BAC, PV, EV, AC; the
    bottom-up EAC (AC + the working budget after the month); the month's own baseline budget and actual."""

    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    eac_bottom_up: Decimal | None
    budget_month: Decimal
    actual_month: Decimal

    @property
    def etc_bottom_up(self) -> Decimal | None:
        return None if self.eac_bottom_up is None else self.eac_bottom_up - self.ac

    def evm(self, eac_method: EacMethod = EacMethod.CPI) -> EvmFigures:
        """The engine's earned value figures of these amounts."""
        return evm_figures(bac=self.bac, pv=self.pv, ev=self.ev, ac=self.ac, etc_bottom_up=self.etc_bottom_up,
                           eac_method=eac_method)


def month_figures_of(totals: ProjectTotals, *, currency: str, month: dt.date, reporting: str,
                     rates: ExchangeRates) -> MonthFigures:
    """A project's totals (its currency) converted at ``month``'s rate; raises the engine's MissingRateError."""
    def money(amount: Decimal) -> Decimal:
        return cents(convert(amount, currency, month, reporting_currency=reporting, rates=rates))

    ac = money(totals.ac_to_date)
    return MonthFigures(bac=money(totals.bac), pv=money(totals.pv_to_date), ev=money(totals.ev), ac=ac,
                        eac_bottom_up=ac + money(totals.remaining_budget), budget_month=money(totals.pv_month),
                        actual_month=money(totals.ac_month))


STORED = ("bac", "pv", "ev", "ac", "eac_bottom_up", "budget_month", "actual_month")


def with_stored_figures(projects: QuerySet[Project], month: dt.date) -> QuerySet[Project]:
    """``projects`` left-joined with their stored figures of ``month``: ``stored_currency`` and
    ``stored_<field>`` annotations, empty where nothing is stored."""
    joined = projects.annotate(stored=FilteredRelation("month_figures", condition=Q(month_figures__month=month)))
    return joined.annotate(stored_currency=F("stored__currency"),
                           **{f"stored_{name}": F(f"stored__{name}") for name in STORED})


def stored_of(values: tuple) -> tuple[str, MonthFigures] | None:  # type: ignore[type-arg]
    """(currency, MonthFigures) of a row's ``stored_currency`` and ``stored_<field>`` values (in STORED's
    order); None when nothing is stored."""
    currency, *amounts = values
    if currency is None:
        return None
    return currency, MonthFigures(*amounts)
