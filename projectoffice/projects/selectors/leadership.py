"""The seed's leadership rule as a warning: above a threshold (5 M€ by default, setting
``PROJECTOFFICE_PMO_PROJECT_THRESHOLD_EUR``) a PMO project manager leads a project, below it a site project leader.

Budgets are converted to euros at the finance app's exchange rates of the current month
(``projectoffice.finance.currency``). Finance imports the projects app, so its functions are imported where
they are called, never at module level. When finance holds no rate for the month, the warning says so (naming
the currency and the month) instead of guessing a rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.errors import MissingRateError
from projectoffice.engine.evm import cents
from projectoffice.organization.models import Company
from projectoffice.people.models import Role
from projectoffice.projects.models import Project

DEFAULT_THRESHOLD_EUR = 5_000_000

EurConverter = Callable[[Project], Decimal]
"""A project's budget at completion in euros; raises ApplicationError naming the currency and month without a
rate."""


def threshold_eur() -> Decimal:
    return Decimal(getattr(settings, "PROJECTOFFICE_PMO_PROJECT_THRESHOLD_EUR", DEFAULT_THRESHOLD_EUR))


def rule_month() -> dt.date:
    """The month whose exchange rates the rule uses: the current one."""
    return timezone.localdate().replace(day=1)


def convert_one(project: Project) -> Decimal:
    """One project's budget in euros with ``finance.currency.convert`` (one or two queries)."""
    from projectoffice.finance.currency import convert

    return convert(project.budget_at_completion, project.currency, "EUR", rule_month(), company=project.company)


def eur_converter(projects: Sequence[Project]) -> EurConverter:
    """A converter for a page of projects: the finance rates of their companies and currencies for this month,
    read in two queries whatever the number of projects (``finance.currency.rate_table``), then converted as
    ``finance.currency.convert`` does."""
    from projectoffice.finance.currency import convert_with, missing_rate_error, rate_table

    month = rule_month()
    companies = Company.objects.in_bulk({p.company_id for p in projects})
    currencies = {p.currency for p in projects} | {"EUR"}
    rates = {pk: rate_table(company, currencies=currencies, months=[month]) for pk, company in companies.items()}

    def to_eur(project: Project) -> Decimal:
        company = companies[project.company_id]
        try:
            return cents(convert_with(project.budget_at_completion, project.currency, "EUR", month,
                                      reporting=company.reporting_currency, rates=rates[company.pk]))
        except MissingRateError as exc:
            raise missing_rate_error(exc) from exc

    return to_eur


def budget_in_eur(project: Project, to_eur: EurConverter = convert_one) -> Decimal | None:
    """The budget in euros, or None when finance holds no rate for the month."""
    try:
        return to_eur(project)
    except ApplicationError:
        return None


def leadership_warning(project: Project, manager_roles: Iterable[str] | None = None, *,
                       to_eur: EurConverter = convert_one) -> str | None:
    """The rule's warning for ``project``, or None. ``manager_roles`` are the project manager's roles (read from
    a prefetch when not given); ``to_eur`` converts the budget (``eur_converter`` for a list of projects)."""
    limit = threshold_eur()
    try:
        eur = to_eur(project)
    except ApplicationError as exc:
        return f"The {limit:,.0f} € rule cannot be checked: {exc.message}"
    if project.project_manager_id is None:
        return "No project manager is named."
    roles = set(manager_roles if manager_roles is not None else
                (a.role for a in project.project_manager.roles.all()))  # type: ignore[union-attr]
    return _role_warning(eur, limit, roles)


def _role_warning(eur: Decimal, limit: Decimal, roles: set[str]) -> str | None:
    if eur > limit and Role.PMO_PROJECT_MANAGER not in roles:
        return (f"Budget {eur:,.0f} € is above {limit:,.0f} €: this project should be led by a PMO project "
                f"manager.")
    if eur <= limit and Role.PROJECT_LEADER not in roles and Role.PMO_PROJECT_MANAGER in roles:
        return (f"Budget {eur:,.0f} € is within {limit:,.0f} €: a site project leader would normally lead it "
                f"rather than a PMO project manager.")
    if eur <= limit and not roles & {Role.PROJECT_LEADER, Role.PMO_PROJECT_MANAGER}:
        return f"Budget {eur:,.0f} € is within {limit:,.0f} €: this project should be led by a site project leader."
    return None
