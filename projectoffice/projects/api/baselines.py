"""Baselines (save, list, compare, delete) and the Gantt chart's data."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from projectoffice.projects import selectors, services
from projectoffice.projects.api.common import ERRORS, project_for
from projectoffice.projects.models import Baseline

router = Router(tags=["projects"])


# --- baselines -------------------------------------------------------------------------------------------------
class BaselineOut(Schema):
    id: int
    number: int
    name: str
    saved_at: dt.datetime
    budget_at_completion: Decimal


class BaselineIn(Schema):
    number: int
    name: str = ""
    overwrite: bool = False


class VarianceOut(Schema):
    uid: int
    wbs: str
    name: str
    status: str
    start_variance_days: float | None
    finish_variance_days: float | None
    duration_variance_minutes: int | None
    cost_variance: Decimal | None


class ComparisonOut(Schema):
    number: int
    finish_variance_days: float | None
    cost_variance: Decimal
    budget_variance: Decimal
    tasks: list[VarianceOut]


@router.get("/projects/{project_id}/baselines", response=list[BaselineOut])
def list_baselines(request: HttpRequest, project_id: int):
    return list(selectors.baselines_of(project_for(request, project_id)))


@router.post("/projects/{project_id}/baselines", response={201: BaselineOut, **ERRORS})
def save_baseline(request: HttpRequest, project_id: int, payload: BaselineIn):
    return Status(201, services.baseline_save(project=project_for(request, project_id), by=request.user,
                                       number=payload.number, name=payload.name, overwrite=payload.overwrite))


@router.get("/projects/{project_id}/baselines/{number}/comparison", response={200: ComparisonOut, **ERRORS})
def compare_baseline(request: HttpRequest, project_id: int, number: int):
    project = project_for(request, project_id)
    baseline = get_object_or_404(Baseline, project=project, number=number)
    comparison = selectors.baseline_compare(project, baseline)
    return {"number": number, "finish_variance_days": comparison.finish_variance_days,
            "cost_variance": comparison.cost_variance, "budget_variance": comparison.budget_variance,
            "tasks": comparison.rows}


@router.delete("/projects/{project_id}/baselines/{number}", response={204: None, **ERRORS})
def delete_baseline(request: HttpRequest, project_id: int, number: int):
    project = project_for(request, project_id)
    services.baseline_delete(baseline=get_object_or_404(Baseline, project=project, number=number), by=request.user)
    return Status(204, None)


# --- Gantt data ------------------------------------------------------------------------------------------------
@router.get("/projects/{project_id}/gantt", response={200: dict, **ERRORS})
def gantt(request: HttpRequest, project_id: int, baseline: int | None = None):
    return selectors.gantt_data(project_for(request, project_id), baseline=baseline, today=timezone.localdate())
