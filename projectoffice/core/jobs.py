"""Background jobs without a broker: rows in the database, run by ``projectoffice worker`` (production),
by a thread after the request's transaction commits (the embedded default), or inline (tests).

    @job_handler("projects.recompute")
    def recompute(job: Job, report: Progress) -> dict: ...

    job = job_enqueue(kind="projects.recompute", payload={"project_id": 7}, by=request.user)

Settings: ``PROJECTOFFICE_JOBS = "thread" | "worker" | "inline"``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from projectoffice.core.models import Job

log = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
Handler = Callable[[Job, Progress], dict[str, Any] | None]
HANDLERS: dict[str, Handler] = {}
PERIODIC: dict[str, tuple[dt.timedelta, Callable[[], None]]] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return register


def periodic(name: str, *, every: dt.timedelta) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register a function the worker calls every ``every`` (e.g. the weekly status reports)."""

    def register(function: Callable[[], None]) -> Callable[[], None]:
        PERIODIC[name] = (every, function)
        return function

    return register


def jobs_mode() -> str:
    return getattr(settings, "PROJECTOFFICE_JOBS", "thread")


@transaction.atomic
def job_enqueue(*, kind: str, payload: dict[str, Any], by: Any = None) -> Job:
    if kind not in HANDLERS:
        raise KeyError(f"No handler for job kind {kind!r}")
    job = Job.objects.create(kind=kind, payload=payload, created_by=by if getattr(by, "pk", None) else None)
    mode = jobs_mode()
    if mode == "inline":
        transaction.on_commit(lambda: job_run(job.pk))
    elif mode == "thread":
        transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start())
    return job


def _run_in_thread(job_id: int) -> None:
    try:
        job_run(job_id)
    finally:
        close_old_connections()


def job_run(job_id: int) -> Job | None:
    """Claim the job if still queued and run it; failures are recorded on the job, never raised."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)

    def report(fraction: float, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(progress=max(0.0, min(1.0, fraction)), message=message[:300])

    try:
        result = HANDLERS[job.kind](job, report) or {}
    except Exception as exc:  # a failed job is recorded for the user; the worker goes on
        log.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, error=f"{exc}\n{traceback.format_exc()}",
                                             finished_at=timezone.now())
    else:
        Job.objects.filter(pk=job_id).update(status=Job.Status.DONE, progress=1.0, result=result,
                                             finished_at=timezone.now())
    return Job.objects.get(pk=job_id)


def job_run_next() -> Job | None:
    job_id = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at", "id").values_list(
        "pk", flat=True).first()
    return job_run(job_id) if job_id else None
