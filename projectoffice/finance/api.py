"""/api/v1/ — cost rates, exchange rates, expenses and invoices, budgets, labour actuals and earned value.
Parse, authorise and fetch through the selectors, call one service, serialise. Amounts are decimal strings."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from projectoffice.access import scope_of
from projectoffice.core.api import ErrorOut, resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.engine.evm import EacMethod, EarnedValueMethod, EvmFigures
from projectoffice.finance import selectors, services
from projectoffice.finance.models import BudgetLine, CostCategory, CostLine
from projectoffice.finance.selectors.evm import RollupRow, current_month, evm_rollup, project_evm
from projectoffice.finance.services import BudgetCell
from projectoffice.organization.models import Company

router = Router(tags=["finance"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _company(request: HttpRequest) -> Company:
    company = scope_of(request.user).companies().first()
    if company is None:
        raise ApplicationError("Your account belongs to no company.", status=403)
    return company


# --- cost rates ---------------------------------------------------------------------------------------------
class CostRateOut(Schema):
    id: int
    site_id: int
    person_id: int | None
    role: str
    currency: str
    hourly_rate: Decimal
    valid_from: dt.date
    valid_to: dt.date | None
    version: int


class CostRateIn(Schema):
    site_id: int
    person_id: int | None = None
    role: str = ""
    currency: str = ""
    hourly_rate: Decimal
    valid_from: dt.date
    valid_to: dt.date | None = None


class CostRateEnd(Schema):
    valid_to: dt.date


class CostRateFilter(Schema):
    site_id: int | None = None
    person_id: int | None = None
    on: dt.date | None = None


@router.get("/cost-rates", response=list[CostRateOut])
@paginate(PageNumberPagination)
def list_cost_rates(request: HttpRequest, filters: Query[CostRateFilter]):
    rates = selectors.cost_rates_visible_to(request.user)
    if filters.site_id:
        rates = rates.filter(site_id=filters.site_id)
    if filters.person_id:
        rates = rates.filter(person_id=filters.person_id)
    if filters.on:
        rates = rates.filter(valid_from__lte=filters.on).exclude(valid_to__lt=filters.on)
    return rates.order_by("site__code", "role", "-valid_from", "pk")


@router.post("/cost-rates", response={201: CostRateOut, **ERRORS})
def create_cost_rate(request: HttpRequest, payload: CostRateIn):
    site = resolve(selectors.rate_sites_for(request.user), payload.site_id, field="site_id", label="site")
    person = resolve(scope_of(request.user).people(), payload.person_id, field="person_id", label="person")
    rate = services.cost_rate_create(by=request.user, site=site, person=person, role=payload.role,
                                     currency=payload.currency, hourly_rate=payload.hourly_rate,
                                     valid_from=payload.valid_from, valid_to=payload.valid_to)
    return Status(201, rate)


@router.post("/cost-rates/{rate_id}/end", response={200: CostRateOut, **ERRORS})
def end_cost_rate(request: HttpRequest, rate_id: int, payload: CostRateEnd):
    rate = selectors.cost_rate_get_for_user(user=request.user, rate_id=rate_id)
    return services.cost_rate_end(by=request.user, rate=rate, valid_to=payload.valid_to)


# --- exchange rates -----------------------------------------------------------------------------------------
class ExchangeRateOut(Schema):
    id: int
    currency: str
    month: dt.date
    rate: Decimal


class ExchangeRateIn(Schema):
    currency: str = ""
    month: dt.date
    rate: Decimal


class ExchangeRateFilter(Schema):
    currency: str | None = None
    year: int | None = None


class ImportOut(Schema):
    imported: int


@router.get("/exchange-rates", response=list[ExchangeRateOut])
@paginate(PageNumberPagination)
def list_exchange_rates(request: HttpRequest, filters: Query[ExchangeRateFilter]):
    rates = selectors.exchange_rates_visible_to(request.user)
    if filters.currency:
        rates = rates.filter(currency=filters.currency.upper())
    if filters.year:
        rates = rates.filter(month__year=filters.year)
    return rates.order_by("-month", "currency")


@router.put("/exchange-rates", response={200: ExchangeRateOut, **ERRORS})
def set_exchange_rate(request: HttpRequest, payload: ExchangeRateIn):
    return services.exchange_rate_set(by=request.user, company=_company(request), currency=payload.currency,
                                      month=payload.month, rate=payload.rate)


@router.post("/exchange-rates/import", response={200: ImportOut, **ERRORS})
def import_exchange_rates(request: HttpRequest, file: File[UploadedFile]):
    """CSV with the header ``currency,month,rate`` (month as YYYY-MM); all rows or none."""
    content = file.read(services.rates.MAX_RATES_CSV_BYTES + 1)
    return {"imported": services.exchange_rates_import(by=request.user, company=_company(request),
                                                       content=content)}


# --- expenses and supplier invoices --------------------------------------------------------------------------
class ExpenseOut(Schema):
    id: int
    project_id: int
    kind: str
    category: str
    incurred_on: dt.date
    amount: Decimal
    currency: str
    description: str
    supplier: str
    invoice_number: str
    attachment: str | None
    status: str
    submitted_by_id: int | None
    decided_by_id: int | None
    reject_reason: str
    version: int

    @staticmethod
    def resolve_attachment(line: CostLine) -> str | None:
        return (line.attachment.name or "").rsplit("/", 1)[-1] or None


class ExpenseIn(Schema):
    project_id: int
    kind: CostLine.Kind = CostLine.Kind.EXPENSE
    category: CostCategory = CostCategory.OTHER
    incurred_on: dt.date
    amount: Decimal
    currency: str = ""
    description: str
    supplier: str = ""
    invoice_number: str = ""


class ExpenseFilter(Schema):
    project_id: int | None = None
    status: CostLine.Status | None = None
    kind: CostLine.Kind | None = None


class RejectIn(Schema):
    reason: str = ""


@router.get("/expenses", response=list[ExpenseOut])
@paginate(PageNumberPagination)
def list_expenses(request: HttpRequest, filters: Query[ExpenseFilter]):
    lines = selectors.cost_lines_visible_to(request.user)
    for name in ("project_id", "status", "kind"):
        if getattr(filters, name):
            lines = lines.filter(**{name: getattr(filters, name)})
    return lines.order_by("-incurred_on", "-pk")


@router.get("/expenses/{line_id}", response={200: ExpenseOut, **ERRORS})
def get_expense(request: HttpRequest, line_id: int):
    return selectors.cost_line_get_for_user(user=request.user, line_id=line_id)


@router.post("/expenses", response={201: ExpenseOut, **ERRORS})
def create_expense(request: HttpRequest, payload: Form[ExpenseIn], attachment: File[UploadedFile | None] = None):
    """Multipart form; ``attachment`` is an optional receipt or invoice (PDF, PNG, JPEG, TXT, CSV, XLSX)."""
    project = resolve(selectors.finance_projects_for(request.user), payload.project_id, field="project_id",
                      label="project")
    line = services.cost_line_create(
        by=request.user, project=project, kind=payload.kind, category=payload.category,
        incurred_on=payload.incurred_on, amount=payload.amount, currency=payload.currency,
        description=payload.description, supplier=payload.supplier, invoice_number=payload.invoice_number,
        attachment=attachment,
    )
    return Status(201, line)


@router.post("/expenses/{line_id}/approve", response={200: ExpenseOut, **ERRORS})
def approve_expense(request: HttpRequest, line_id: int):
    line = selectors.cost_line_get_for_user(user=request.user, line_id=line_id)
    return services.cost_line_approve(by=request.user, line=line)


@router.post("/expenses/{line_id}/reject", response={200: ExpenseOut, **ERRORS})
def reject_expense(request: HttpRequest, line_id: int, payload: RejectIn):
    line = selectors.cost_line_get_for_user(user=request.user, line_id=line_id)
    return services.cost_line_reject(by=request.user, line=line, reason=payload.reason)


# --- budgets ------------------------------------------------------------------------------------------------
class BudgetCellOut(Schema):
    project_id: int
    kind: str
    category: str
    month: dt.date
    amount: Decimal


class BudgetCellIn(Schema):
    category: str
    month: dt.date
    amount: Decimal


class BudgetIn(Schema):
    cells: list[BudgetCellIn]


class BaselineIn(Schema):
    source: str = "budget"


class BaselineOut(Schema):
    project_id: int
    saved_at: dt.datetime
    source: str
    total: Decimal


class BudgetFilter(Schema):
    project_id: int | None = None
    kind: BudgetLine.Kind | None = None


@router.get("/budgets", response=list[BudgetCellOut])
@paginate(PageNumberPagination)
def list_budgets(request: HttpRequest, filters: Query[BudgetFilter]):
    cells = selectors.budget_lines_visible_to(request.user)
    if filters.project_id:
        cells = cells.filter(project_id=filters.project_id)
    if filters.kind:
        cells = cells.filter(kind=filters.kind)
    return cells.order_by("project_id", "kind", "month", "category")


@router.put("/budgets/{project_id}", response={200: ImportOut, **ERRORS})
def set_budget(request: HttpRequest, project_id: int, payload: BudgetIn):
    """Set cells of the working budget (an amount of 0 removes the cell); all cells or none."""
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    cells = [BudgetCell(c.category, c.month, c.amount) for c in payload.cells]
    return {"imported": services.budget_set(by=request.user, project=project, cells=cells)}


@router.post("/budgets/{project_id}/baseline", response={200: BaselineOut, **ERRORS})
def baseline_budget(request: HttpRequest, project_id: int, payload: BaselineIn):
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    return services.budget_baseline_set(by=request.user, project=project, source=payload.source)


# --- labour actuals -----------------------------------------------------------------------------------------
class RefreshIn(Schema):
    site_id: int
    month: dt.date


@router.post("/labour-actuals/refresh", response={200: ImportOut, **ERRORS})
def refresh_labour_actuals(request: HttpRequest, payload: RefreshIn):
    """Recompute a site's labour actuals of a month from approved time x cost rates."""
    site = resolve(selectors.rate_sites_for(request.user), payload.site_id, field="site_id", label="site")
    return {"imported": services.labour_actuals_refresh(by=request.user, site=site, month=payload.month)}


# --- earned value -------------------------------------------------------------------------------------------
class FiguresOut(Schema):
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
    eac_method: str
    eac: Decimal | None
    etc: Decimal | None
    vac: Decimal | None
    tcpi_bac: float | None
    tcpi_eac: float | None


class CurvePointOut(Schema):
    month: dt.date
    pv: Decimal
    ev: Decimal | None
    ac: Decimal | None


class ProjectEvmOut(Schema):
    project_id: int
    month: dt.date
    currency: str
    figures: FiguresOut
    reporting_currency: str
    reporting: FiguresOut | None
    curve: list[CurvePointOut]


class EvmQuery(Schema):
    month: dt.date | None = None
    eac_method: EacMethod = EacMethod.CPI
    method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE


class GroupOut(Schema):
    kind: str
    key: str
    label: str
    figures: FiguresOut
    members: list[str]


class RollupOut(Schema):
    month: dt.date
    currency: str
    company: FiguresOut
    business_units: list[GroupOut]
    business_lines: list[GroupOut]
    sites: list[GroupOut]
    projects: list[GroupOut]


def _figures(figures: EvmFigures) -> dict[str, Any]:
    return {name: getattr(figures, name) for name in FiguresOut.model_fields}


def _group(row: RollupRow) -> dict[str, Any]:
    return {"kind": row.kind, "key": row.key, "label": row.label, "figures": _figures(row.figures),
            "members": [child.key for child in row.children]}


@router.get("/evm/projects/{project_id}", response={200: ProjectEvmOut, **ERRORS})
def get_project_evm(request: HttpRequest, project_id: int, query: Query[EvmQuery]):
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    result = project_evm(project=project, month=query.month or current_month(), eac_method=query.eac_method,
                         method=query.method)
    return {"project_id": project.pk, "month": result.month, "currency": project.currency,
            "figures": _figures(result.figures), "reporting_currency": result.reporting_currency,
            "reporting": _figures(result.reporting) if result.reporting else None,
            "curve": [{"month": p.month, "pv": p.pv, "ev": p.ev, "ac": p.ac} for p in result.curve]}


@router.get("/evm", response={200: RollupOut, **ERRORS})
def get_evm_rollup(request: HttpRequest, query: Query[EvmQuery]):
    """Company → business units → business lines → projects, and per lead site, in the reporting currency."""
    rollup = evm_rollup(user=request.user, month=query.month or current_month(), eac_method=query.eac_method,
                        method=query.method)
    units = rollup.company.children
    return {"month": rollup.month, "currency": rollup.currency, "company": _figures(rollup.company.figures),
            "business_units": [_group(u) for u in units],
            "business_lines": [_group(line) for u in units for line in u.children],
            "sites": [_group(s) for s in rollup.sites],
            "projects": [{**_group(p), "members": []} for p in rollup.projects]}
