"""Strategy of a line: objectives, business drivers, and their pairwise comparison (AHP)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.ahp import AhpResult, ahp_weights
from projectoffice.organization.models import OrgUnit
from projectoffice.portfolio.models import BusinessDriver, DriverComparison, StrategicObjective
from projectoffice.portfolio.permissions import require_manage

User = AbstractBaseUser | AnonymousUser | None  # None: the system (demo, jobs)
CONSISTENCY_LIMIT = 0.1


@transaction.atomic
def objective_create(*, by: User, line: OrgUnit, name: str, weight: Any = 1, description: str = "") -> StrategicObjective:
    require_manage(by, line)
    objective = StrategicObjective(business_line=line, name=name, weight=weight, description=description)
    validated_save(objective)
    audit_record(actor=by, action="objective.created", target=objective)
    return objective


@transaction.atomic
def objective_update(*, objective: StrategicObjective, by: User, changes: dict[str, Any],
                     expected_version: int | None = None) -> StrategicObjective:
    require_manage(by, objective.business_line)
    check_version(objective, expected_version)
    if apply_changes(objective, changes, allowed=("name", "weight", "description")):
        bump_version(objective)
        validated_save(objective)
        audit_record(actor=by, action="objective.updated", target=objective)
    return objective


@transaction.atomic
def objective_delete(*, objective: StrategicObjective, by: User) -> None:
    require_manage(by, objective.business_line)
    audit_record(actor=by, action="objective.deleted", target=objective)
    objective.delete()


@transaction.atomic
def driver_create(*, by: User, line: OrgUnit, code: str, name: str, description: str = "",
                  objective: StrategicObjective | None = None) -> BusinessDriver:
    require_manage(by, line)
    driver = BusinessDriver(business_line=line, code=code, name=name, description=description, objective=objective)
    validated_save(driver)
    _reset_comparison(line)
    audit_record(actor=by, action="driver.created", target=driver)
    return driver


@transaction.atomic
def driver_update(*, driver: BusinessDriver, by: User, changes: dict[str, Any],
                  expected_version: int | None = None) -> BusinessDriver:
    require_manage(by, driver.business_line)
    check_version(driver, expected_version)
    if apply_changes(driver, changes, allowed=("code", "name", "description", "objective")):
        bump_version(driver)
        validated_save(driver)
        audit_record(actor=by, action="driver.updated", target=driver)
    return driver


@transaction.atomic
def driver_delete(*, driver: BusinessDriver, by: User) -> None:
    line = driver.business_line
    require_manage(by, line)
    audit_record(actor=by, action="driver.deleted", target=driver)
    driver.delete()
    _reset_comparison(line)


def _reset_comparison(line: OrgUnit) -> None:
    """A new or removed driver invalidates the matrix: equal weights until the PMO compares again."""
    DriverComparison.objects.filter(business_line=line).delete()
    drivers = list(BusinessDriver.objects.filter(business_line=line))
    for driver in drivers:
        driver.weight = 1 / len(drivers)
    BusinessDriver.objects.bulk_update(drivers, ["weight"])


@dataclass(frozen=True)
class ComparisonPreview:
    result: AhpResult
    worst_pair: tuple[str, str] | None  # the judgement furthest from what the weights imply

    @property
    def consistent(self) -> bool:
        return self.result.consistency_ratio <= CONSISTENCY_LIMIT


def drivers_preview(*, drivers: list[BusinessDriver], matrix: list[list[float]]) -> ComparisonPreview:
    """AHP weights and consistency of a matrix, without saving; malformed matrices raise naming the cell."""
    if len(drivers) < 2:
        raise ApplicationError("Compare at least two drivers.", field="matrix")
    if len(matrix) != len(drivers) or any(len(row) != len(drivers) for row in matrix):
        raise ApplicationError(f"The matrix must be {len(drivers)} × {len(drivers)}, one row per driver.",
                               field="matrix")
    try:
        result = ahp_weights(matrix, labels=[d.code for d in drivers])
    except InvalidInputError as exc:
        raise ApplicationError(str(exc), field="matrix") from exc
    return ComparisonPreview(result, _worst_pair(drivers, matrix, result.weights))


def _worst_pair(drivers: list[BusinessDriver], matrix: list[list[float]], weights: tuple[float, ...]
                ) -> tuple[str, str] | None:
    worst, pair = 0.0, None
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if i < j and weights[i] > 0 and weights[j] > 0:
                error = abs(math.log(value * weights[j] / weights[i]))
                if error > worst:
                    worst, pair = error, (drivers[i].code, drivers[j].code)
    return pair


@transaction.atomic
def drivers_compare(*, line: OrgUnit, by: User, matrix: list[list[float]]) -> DriverComparison:
    """Save the line's pairwise comparison and the driver weights it gives; refuse it when inconsistent."""
    require_manage(by, line)
    drivers = list(BusinessDriver.objects.filter(business_line=line).order_by("code"))
    preview = drivers_preview(drivers=drivers, matrix=matrix)
    if not preview.consistent:
        first, second = preview.worst_pair or ("?", "?")
        raise ApplicationError(
            f"The comparison is inconsistent (consistency ratio {preview.result.consistency_ratio:.2f} > "
            f"{CONSISTENCY_LIMIT}); the judgement of {first} against {second} conflicts most with the others.",
            field="matrix",
        )
    for driver, weight in zip(drivers, preview.result.weights, strict=True):
        driver.weight = weight
    BusinessDriver.objects.bulk_update(drivers, ["weight"])
    comparison, _ = DriverComparison.objects.update_or_create(
        business_line=line,
        defaults={"drivers": [d.pk for d in drivers], "matrix": matrix,
                  "consistency_ratio": preview.result.consistency_ratio,
                  "compared_by_id": scope_of(by).person_id},
    )
    audit_record(actor=by, action="drivers.compared", target=line,
                 data={"consistency_ratio": preview.result.consistency_ratio})
    from projectoffice.portfolio.services.proposals import rescore_line

    rescore_line(line)
    return comparison
