"""Money across currencies: the company's monthly exchange rates loaded once, and conversion between any two
currencies through the reporting currency. The arithmetic is the engine's (``engine.evm.convert``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.errors import MissingRateError
from projectoffice.engine.evm import ExchangeRates, cents, month_of
from projectoffice.engine.evm import convert as engine_convert
from projectoffice.finance.models import ExchangeRate
from projectoffice.organization.models import Company


def default_company() -> Company:
    """The company whose rates apply when the caller names none (a deployment normally holds one)."""
    company = Company.objects.order_by("pk").first()
    if company is None:
        raise ApplicationError("No company is set up, so no exchange rate is known.")
    return company


def rate_table(
    company: Company, *, currencies: Iterable[str] | None = None, months: Iterable[dt.date] | None = None
) -> ExchangeRates:
    """(currency, month) → units of the reporting currency, in one query (optionally narrowed)."""
    rows = ExchangeRate.objects.filter(company=company)
    if currencies is not None:
        rows = rows.filter(currency__in=set(currencies))
    if months is not None:
        rows = rows.filter(month__in={month_of(m) for m in months})
    return {(currency, month): rate for currency, month, rate in rows.values_list("currency", "month", "rate")}


def missing_rate_error(exc: MissingRateError, *, field: str = "currency") -> ApplicationError:
    """The engine's missing-rate error as the message a user reads, naming the currency and the month."""
    return ApplicationError(
        f"No exchange rate for {exc.currency} in {exc.month}: enter it on the exchange rates page first.",
        field=field,
    )


def convert_with(
    amount: Decimal, from_currency: str, to_currency: str, month: dt.date, *, reporting: str, rates: ExchangeRates
) -> Decimal:
    """``amount`` from one currency to another at ``month``'s rates (through the reporting currency),
    unrounded; raises the engine's MissingRateError."""
    if from_currency == to_currency:
        return amount
    in_reporting = engine_convert(amount, from_currency, month, reporting_currency=reporting, rates=rates)
    if to_currency == reporting:
        return in_reporting
    target = rates.get((to_currency, month_of(month)))
    if target is None:
        raise MissingRateError(to_currency, month_of(month).strftime("%Y-%m"))
    return in_reporting / target


def convert(
    amount: Decimal, from_currency: str, to_currency: str, month: dt.date, *, company: Company | None = None
) -> Decimal:
    """``amount`` converted at the company's rates of ``month``, rounded to cents.

    Used, e.g., by the projects app to test a budget against a threshold in EUR. Raises ApplicationError
    naming the currency and month when a rate is missing.
    """
    company = company or default_company()
    rates = rate_table(company, currencies={from_currency, to_currency}, months=[month])
    try:
        value = convert_with(amount, from_currency, to_currency, month, reporting=company.reporting_currency,
                             rates=rates)
    except MissingRateError as exc:
        raise missing_rate_error(exc) from exc
    return cents(value)
