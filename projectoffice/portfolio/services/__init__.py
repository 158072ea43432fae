"""Every write on the portfolio goes through one function here (see each module)."""

from projectoffice.portfolio.services.proposals import (
    dependency_add,
    dependency_remove,
    feasibility_record,
    proposal_advance,
    proposal_create,
    proposal_rate,
    proposal_set_cash_flows,
    proposal_set_skill_demand,
    proposal_update,
)
from projectoffice.portfolio.services.scenarios import (
    scenario_create,
    scenario_decide,
    scenario_run,
    scenario_update,
)
from projectoffice.portfolio.services.strategy import (
    driver_create,
    driver_delete,
    driver_update,
    drivers_compare,
    objective_create,
    objective_delete,
    objective_update,
)

__all__ = [
    "dependency_add",
    "dependency_remove",
    "driver_create",
    "driver_delete",
    "driver_update",
    "drivers_compare",
    "feasibility_record",
    "objective_create",
    "objective_delete",
    "objective_update",
    "proposal_advance",
    "proposal_create",
    "proposal_rate",
    "proposal_set_cash_flows",
    "proposal_set_skill_demand",
    "proposal_update",
    "scenario_create",
    "scenario_decide",
    "scenario_run",
    "scenario_update",
]
