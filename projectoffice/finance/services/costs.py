"""Expenses and supplier invoices: booked by a project member with an optional receipt, approved (or
rejected with a reason) by someone who manages the project's finance — never by the person who booked it.
Nothing is written in a closed period of the project's lead site."""

from __future__ import annotations

import datetime as dt
import posixpath
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.validation import validated_save
from projectoffice.finance.models import CostCategory, CostLine
from projectoffice.finance.permissions import may_book_cost, may_manage_project_finance
from projectoffice.projects.models import Project
from projectoffice.timesheets.periods import ensure_open

ATTACHMENT_TYPES = {
    ".pdf": {"application/pdf"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".txt": {"text/plain"},
    ".csv": {"text/csv", "text/plain", "application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"},
}
MAGIC = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8", ".xlsx": b"PK"}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "PROJECTOFFICE_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))


def safe_attachment_name(name: str) -> str:
    """The bare file name (no folder, no ``..``), reduced to safe characters; refuses unknown types."""
    bare = posixpath.basename((name or "").replace("\\", "/")).strip()
    cleaned = get_valid_filename(bare) if bare not in ("", ".", "..") else ""
    extension = posixpath.splitext(cleaned)[1].lower()
    if not cleaned or extension not in ATTACHMENT_TYPES:
        allowed = ", ".join(sorted(ATTACHMENT_TYPES))
        raise ApplicationError(f"Attach a file of one of these types: {allowed}.", field="attachment")
    return cleaned[-120:]


def check_attachment(upload: UploadedFile) -> str:
    """The safe name of an upload within the size and type limits (the declared type and the first bytes must
    match the extension)."""
    name = safe_attachment_name(upload.name or "")
    extension = posixpath.splitext(name)[1].lower()
    if upload.size is None or upload.size > max_attachment_bytes():
        raise ApplicationError(f"The attachment exceeds {max_attachment_bytes() // (1024 * 1024)} MB.",
                               field="attachment")
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared and declared not in ATTACHMENT_TYPES[extension]:
        raise ApplicationError(f"The file says it is {declared}, not a {extension} file.", field="attachment")
    head = upload.read(8)
    upload.seek(0)
    if extension in MAGIC and not head.startswith(MAGIC[extension]):
        raise ApplicationError(f"The content is not a {extension} file.", field="attachment")
    return name


def _check_amount(amount: Decimal | None) -> Decimal:
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ApplicationError("The amount is a positive number (a credit note is booked as a reduction "
                               "of the budget, not a negative cost).", field="amount")
    return amount


@transaction.atomic
def cost_line_create(
    *, by: Any, project: Project, kind: str, category: str, incurred_on: dt.date, amount: Decimal,
    currency: str, description: str, supplier: str = "", invoice_number: str = "",
    attachment: UploadedFile | None = None,
) -> CostLine:
    """Book an expense or a supplier invoice; it waits for approval before it counts in the actuals."""
    if not may_book_cost(by, project):
        raise PermissionDenied(f"Only the members of {project.code} may book costs on it.")
    if project.status in (Project.Status.CANCELLED, Project.Status.CLOSED):
        raise ApplicationError(f"{project.code} is {project.get_status_display().lower()}.", field="project")
    if not currency:
        raise ApplicationError("Name the currency of the amount.", field="currency")
    if category not in CostCategory.values:
        raise ApplicationError("Choose a cost category.", field="category")
    ensure_open(project.lead_site_id, incurred_on, field="incurred_on")
    line = CostLine(project=project, kind=kind, category=category, incurred_on=incurred_on,
                    amount=_check_amount(amount), currency=currency.upper(), description=description.strip(),
                    supplier=supplier.strip(), invoice_number=invoice_number.strip(),
                    submitted_by_id=scope_of(by).person_id)
    name = check_attachment(attachment) if attachment is not None else None
    validated_save(line)
    if attachment is not None and name:
        line.attachment.save(name, attachment, save=False)
        line.save(update_fields=["attachment"])
    audit_record(actor=by, action="cost_line.created", target=line)
    return line


def _decide(by: Any, line: CostLine, action: str) -> None:
    if not may_manage_project_finance(by, line.project):
        raise PermissionDenied(f"Only the managers of {line.project.code}'s finance may {action} its costs.")
    person = scope_of(by).person_id
    if person is not None and person == line.submitted_by_id:
        raise PermissionDenied(f"Nobody may {action} a cost they booked themself.")
    if line.status != CostLine.Status.SUBMITTED:
        raise ApplicationError(f"This cost is already {line.get_status_display().lower()}.", field="status",
                               status=409)
    ensure_open(line.project.lead_site_id, line.incurred_on, field="incurred_on")


@transaction.atomic
def cost_line_approve(*, by: Any, line: CostLine) -> CostLine:
    """Approve a submitted cost: from now on it is part of the project's actual cost."""
    _decide(by, line, "approve")
    line.status = CostLine.Status.APPROVED
    _stamp(by, line)
    audit_record(actor=by, action="cost_line.approved", target=line)
    return line


@transaction.atomic
def cost_line_reject(*, by: Any, line: CostLine, reason: str) -> CostLine:
    if not (reason or "").strip():
        raise ApplicationError("Say why the cost is rejected.", field="reason")
    _decide(by, line, "reject")
    line.status = CostLine.Status.REJECTED
    line.reject_reason = reason.strip()[:300]
    _stamp(by, line)
    audit_record(actor=by, action="cost_line.rejected", target=line, data={"reason": line.reject_reason})
    return line


def _stamp(by: Any, line: CostLine) -> None:
    line.decided_by_id = scope_of(by).person_id
    line.decided_at = timezone.now()
    line.version += 1
    line.save(update_fields=["status", "reject_reason", "decided_by", "decided_at", "version"])
