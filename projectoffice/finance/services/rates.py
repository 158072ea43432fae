"""Cost rates (per person or role, with effective dates, in the site's currency) and the company's monthly
exchange rates, entered one by one or imported from CSV (all or nothing, with a row-by-row error report)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q

from projectoffice.core.audit import audit_record
from projectoffice.core.codes import validate_currency
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.validation import validated_save
from projectoffice.finance.models import CostRate, ExchangeRate
from projectoffice.finance.permissions import may_manage_site_finance, may_set_exchange_rates
from projectoffice.organization.models import Company, Site
from projectoffice.people.models import Person

MAX_RATES_CSV_BYTES = 1024 * 1024
MAX_RATES_CSV_ROWS = 10_000


# --- cost rates ---------------------------------------------------------------------------------------------
@transaction.atomic
def cost_rate_create(
    *, by: Any, site: Site, currency: str, hourly_rate: Decimal, valid_from: dt.date,
    valid_to: dt.date | None = None, person: Person | None = None, role: str = "",
) -> CostRate:
    """A new rate; it may not overlap another rate of the same person (or role) at the site."""
    if not may_manage_site_finance(by, site):
        raise PermissionDenied(f"Only the finance roles of {site.code} may set its cost rates.")
    if not currency:
        raise ApplicationError(f"A rate needs its currency ({site.currency} for {site.code}).", field="currency")
    if hourly_rate is None or hourly_rate < 0:
        raise ApplicationError("An hourly rate is zero or more.", field="hourly_rate")
    if person is not None and person.home_site_id != site.pk:
        raise ApplicationError(f"{person} works at another site than {site.code}.", field="person")
    rate = CostRate(site=site, person=person, role="" if person else role.strip(), currency=currency,
                    hourly_rate=hourly_rate, valid_from=valid_from, valid_to=valid_to)
    _refuse_overlap(rate)
    validated_save(rate)
    audit_record(actor=by, action="cost_rate.created", target=rate)
    return rate


def _refuse_overlap(rate: CostRate) -> None:
    same = CostRate.objects.filter(site_id=rate.site_id, person=rate.person, role=rate.role).exclude(pk=rate.pk)
    ends_after_start = Q(valid_to__isnull=True) | Q(valid_to__gte=rate.valid_from)
    starts_before_end = Q() if rate.valid_to is None else Q(valid_from__lte=rate.valid_to)
    clash = same.filter(ends_after_start & starts_before_end).first()
    if clash is not None:
        raise ApplicationError(f"It overlaps the rate {clash}; end that one first.", field="valid_from")


@transaction.atomic
def cost_rate_end(*, by: Any, rate: CostRate, valid_to: dt.date) -> CostRate:
    """Close a rate on ``valid_to`` (rates are ended and replaced, never rewritten: actuals depend on them)."""
    if not may_manage_site_finance(by, rate.site):
        raise PermissionDenied(f"Only the finance roles of {rate.site.code} may set its cost rates.")
    if valid_to < rate.valid_from:
        raise ApplicationError("The end date comes before the start date.", field="valid_to")
    rate.valid_to = valid_to
    rate.version += 1
    _refuse_overlap(rate)
    validated_save(rate, update_fields=["valid_to", "version"])
    audit_record(actor=by, action="cost_rate.ended", target=rate, data={"valid_to": valid_to.isoformat()})
    return rate


# --- exchange rates -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RateRow:
    currency: str
    month: dt.date
    rate: Decimal


@transaction.atomic
def exchange_rate_set(*, by: Any, company: Company, currency: str, month: dt.date, rate: Decimal) -> ExchangeRate:
    """Enter (or correct) the rate of ``currency`` to the reporting currency for ``month``."""
    _refuse_unless_rates_manager(by, company)
    row = _checked_row(company, currency, month, rate)
    saved, _ = ExchangeRate.objects.update_or_create(company=company, currency=row.currency, month=row.month,
                                                     defaults={"rate": row.rate})
    audit_record(actor=by, action="exchange_rate.set", target=saved, data={"rate": str(row.rate)})
    return saved


def _refuse_unless_rates_manager(by: Any, company: Company) -> None:
    if not may_set_exchange_rates(by, company):
        raise PermissionDenied("Only the company's executives may set exchange rates.")


def _checked_row(company: Company, currency: str, month: dt.date | None, rate: Decimal | None) -> RateRow:
    currency = (currency or "").strip().upper()
    if not currency:
        raise ApplicationError("Name the currency (ISO 4217, e.g. USD).", field="currency")
    try:
        validate_currency(currency)
    except Exception as exc:
        raise ApplicationError(f"“{currency}” is not an ISO 4217 currency code.", field="currency") from exc
    if currency == company.reporting_currency:
        raise ApplicationError(f"{currency} is the reporting currency: its rate is always 1.", field="currency")
    if month is None:
        raise ApplicationError("Give the month (YYYY-MM).", field="month")
    if rate is None or not rate.is_finite() or rate <= 0:
        raise ApplicationError("A rate is a positive number.", field="rate")
    return RateRow(currency, month.replace(day=1), rate)


@transaction.atomic
def exchange_rates_import(*, by: Any, company: Company, content: bytes) -> int:
    """Import ``currency,month,rate`` rows (month as YYYY-MM). All or nothing: any bad row refuses the whole
    file with one message per row. Returns the number of rates written."""
    _refuse_unless_rates_manager(by, company)
    rows, errors = parse_rates_csv(company, content)
    if errors:
        raise ApplicationError(f"{len(errors)} row(s) refused; nothing was imported. " + "; ".join(
            f"{where}: {why}" for where, why in list(errors.items())[:10]), field="file", errors=errors)
    for row in rows:
        ExchangeRate.objects.update_or_create(company=company, currency=row.currency, month=row.month,
                                              defaults={"rate": row.rate})
    audit_record(actor=by, action="exchange_rate.imported", target=company, data={"rows": len(rows)})
    return len(rows)


def parse_rates_csv(company: Company, content: bytes) -> tuple[list[RateRow], dict[str, str]]:
    """The rows of a rates file and the errors per row ("row 3" → reason)."""
    if len(content) > MAX_RATES_CSV_BYTES:
        raise ApplicationError(f"The file exceeds {MAX_RATES_CSV_BYTES // 1024} KB.", field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError("The file is not UTF-8 text.", field="file") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or {"currency", "month", "rate"} - {f.strip().lower() for f in reader.fieldnames}:
        raise ApplicationError("The header must be: currency,month,rate", field="file")
    rows, errors, seen = [], {}, set()
    for number, raw in enumerate(reader, start=2):
        if number > MAX_RATES_CSV_ROWS + 1:
            raise ApplicationError(f"The file has more than {MAX_RATES_CSV_ROWS} rows.", field="file")
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            row = _checked_row(company, values["currency"], _month(values["month"]), _decimal(values["rate"]))
        except ApplicationError as exc:
            errors[f"row {number}"] = f"{exc.field}: {exc.message}"
            continue
        if (row.currency, row.month) in seen:
            errors[f"row {number}"] = f"{row.currency} {row.month:%Y-%m} appears twice"
        seen.add((row.currency, row.month))
        rows.append(row)
    return rows, errors


def _month(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value[:7], "%Y-%m").date() if len(value) in (7, 10) else None
    except ValueError:
        return None


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None
