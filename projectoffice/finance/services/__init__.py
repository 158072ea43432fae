"""Every write of the finance app: one function per state change, each checking rights and writing the audit
trail in its transaction. Pages, the API, imports, the demo and commands all call these."""

from projectoffice.finance.services.actuals import earned_value_record, labour_actuals_refresh
from projectoffice.finance.services.budgets import BudgetCell, budget_baseline_set, budget_set
from projectoffice.finance.services.costs import cost_line_approve, cost_line_create, cost_line_reject
from projectoffice.finance.services.month_figures import (
    project_month_figures_forget,
    project_month_figures_refresh,
)
from projectoffice.finance.services.rates import (
    cost_rate_create,
    cost_rate_end,
    exchange_rate_set,
    exchange_rates_import,
)

__all__ = [
    "BudgetCell", "budget_baseline_set", "budget_set", "cost_line_approve", "cost_line_create",
    "cost_line_reject", "cost_rate_create", "cost_rate_end", "earned_value_record", "exchange_rate_set",
    "exchange_rates_import", "labour_actuals_refresh", "project_month_figures_forget",
    "project_month_figures_refresh",
]
