"""Archive packages of closed projects, kept in the archive storage of the project manager's site.

A package is one zip file: ``data.json`` (every row of the project and the rows they refer to, in Django's
serialisation format), ``files/…`` (every stored file of those rows: document versions, reports' files),
``reports/…`` (the project's reports as JSON) and ``manifest.json`` (the SHA-256 of each of them). The package's
own SHA-256 is kept on its ``ArchivePackage`` row.

Storage per site: settings ``PROJECTOFFICE_ARCHIVE_STORAGES`` maps a site code (or ``"*"``) to a storage
``{"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {...}}``; by default a folder per site under
``settings.ARCHIVE_ROOT`` (``Site.archive_location`` if set, else the site's code).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.core.models import AuditRecord
from projectoffice.documents.models import ArchivePackage, ArchivePolicy
from projectoffice.organization.models import Company, Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Project
from projectoffice.projects.permissions import require_edit

EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry",
            "core.auditrecord", "documents.archivepackage"}  # audit records are added by what they are about
FORMAT = 1


# --- where ----------------------------------------------------------------------------------------------------
def archive_site(project: Project) -> Site:
    """The project manager's site (their home site); the lead site when the project has no manager."""
    manager = project.project_manager
    return manager.home_site if manager is not None and manager.home_site_id else project.lead_site


def archive_storage(site: Site) -> Storage:
    """The site's archive storage: the configured one, or its folder under ARCHIVE_ROOT."""
    return site_archive_storage(site.code, site.archive_location)


def site_archive_storage(code: str, location: str = "") -> Storage:
    """The archive storage of the site with this code (``location``: its ``archive_location``); needs no row,
    so a package can be read back into an empty database."""
    mapping: dict[str, Any] = getattr(settings, "PROJECTOFFICE_ARCHIVE_STORAGES", {}) or {}
    spec = mapping.get(code) or mapping.get("*")
    if spec:
        return import_string(spec["BACKEND"])(**spec.get("OPTIONS", {}))
    folder = PurePosixPath(location or code).name or code  # never outside ARCHIVE_ROOT
    return FileSystemStorage(location=Path(settings.ARCHIVE_ROOT) / folder)


def policy_of(site: Site) -> ArchivePolicy:
    return ArchivePolicy.objects.filter(site=site).first() or ArchivePolicy(site=site)


# --- what -----------------------------------------------------------------------------------------------------
def project_rows(project: Project) -> dict[type[models.Model], set[Any]]:
    """Primary keys, by model, of the project's rows (what deleting it would take) and of every row they
    refer to, transitively (people, sites, units, the company…), so the package restores on its own."""
    collector = NestedObjects(using="default")
    collector.collect([project])
    seed: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, instances in collector.data.items():
        if not model._meta.auto_created and model._meta.label_lower not in EXCLUDED:
            seed[_concrete(model)] |= {obj.pk for obj in instances}
    seed[AuditRecord] = _audit_of(seed)
    return _closure(seed)


def _audit_of(own: dict[type[models.Model], set[Any]]) -> set[Any]:
    """The audit records about the project and its own rows (not about the people or sites they refer to);
    their actors come along with the closure."""
    records: set[Any] = set()
    for model, pks in own.items():  # one query per kind of row: a large plan stays under the database's limits
        about = AuditRecord.objects.filter(target_type=model._meta.label_lower, target_id__in=[str(pk) for pk in pks])
        records |= set(about.values_list("pk", flat=True))
    return records


def _closure(seed: dict[type[models.Model], set[Any]]) -> dict[type[models.Model], set[Any]]:
    done: dict[type[models.Model], set[Any]] = defaultdict(set)
    pending = [(model, pks) for model, pks in seed.items()]
    while pending:
        model, pks = pending.pop()
        new = pks - done[model]
        if not new:
            continue
        done[model] |= new
        for target, ids in _references(model, new):
            pending.append((target, ids))
    return done


def _references(model: type[models.Model], pks: set[Any]) -> Iterable[tuple[type[models.Model], set[Any]]]:
    rows = model._default_manager.filter(pk__in=pks)
    for field in model._meta.concrete_fields:
        target = field.related_model
        if field.is_relation and target is not None and target._meta.label_lower not in EXCLUDED:
            ids = set(rows.values_list(field.attname, flat=True)) - {None}
            if ids:
                yield _concrete(target), ids
    for field in model._meta.many_to_many:
        target = field.related_model
        if target is not None and target._meta.label_lower not in EXCLUDED:  # type: ignore[union-attr]
            ids = set(rows.values_list(f"{field.name}__pk", flat=True)) - {None}
            if ids:
                yield _concrete(target), ids  # type: ignore[arg-type]


def _concrete(model: Any) -> type[models.Model]:
    return model._meta.concrete_model  # type: ignore[no-any-return]


def _objects(rows: dict[type[models.Model], set[Any]]) -> list[models.Model]:
    ordered = sorted(rows, key=lambda m: m._meta.label_lower)
    return [obj for model in ordered for obj in model._default_manager.filter(pk__in=rows[model]).order_by("pk")]


def _stored_files(objects: list[models.Model]) -> list[str]:
    names = []
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.FileField) and getattr(obj, field.attname):
                names.append(str(getattr(obj, field.attname)))
    return sorted(set(names))


# --- writing --------------------------------------------------------------------------------------------------
def build_package(project: Project) -> tuple[bytes, int]:
    """The package's bytes and its number of files (manifest excluded)."""
    objects = _objects(project_rows(project))
    entries: dict[str, bytes] = {"data.json": serializers.serialize("json", objects, indent=1).encode()}
    for name in _stored_files(objects):
        with default_storage.open(name, "rb") as handle:
            entries[f"files/{name}"] = handle.read()
    for obj in objects:
        if type(obj).__name__.endswith("Report"):
            entries[f"reports/{obj._meta.model_name}-{obj.pk}.json"] = serializers.serialize("json", [obj]).encode()
    manifest = {"format": FORMAT, "project": project.code, "company": project.company.code,
                "created_at": timezone.now().isoformat(),
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(entries.items())}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
        package.writestr("manifest.json", json.dumps(manifest, indent=1))
    return buffer.getvalue(), len(entries)


@transaction.atomic
def archive_create(*, project: Project, by: Any) -> ArchivePackage:
    """Write the closed project's package to its manager's site archive, with the site's retention."""
    require_edit(by, project)
    if project.status != Project.Status.CLOSED:
        raise ApplicationError(f"{project.code} is {project.get_status_display()}: only a closed project is archived.",
                               field="project")
    site = archive_site(project)
    data, count = build_package(project)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    name = archive_storage(site).save(f"{project.code}-{stamp}.zip", ContentFile(data))
    package = ArchivePackage.objects.create(
        project=project, site=site, name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        files=count, created_by=_person(by),
        retain_until=_years_later(timezone.localdate(), policy_of(site).retention_years))
    audit_record(actor=by, action="archive.created", target=project, data={"package": name, "site": site.code})
    return package


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _person(by: Any) -> Person | None:
    from projectoffice.access import scope_of

    person_id = scope_of(by).person_id if by is not None else None
    return Person.objects.filter(pk=person_id).first() if person_id else None


@transaction.atomic
def project_close_and_archive(*, project: Project, by: Any) -> ArchivePackage:
    """Close the project (the projects service archives what it closes) or re-archive a closed one."""
    from projectoffice.projects.services import project_set_status

    if project.status != Project.Status.CLOSED:
        project_set_status(project=project, by=by, status=Project.Status.CLOSED)  # closing writes the package
        return ArchivePackage.objects.filter(project=project).latest("created_at")
    return archive_create(project=project, by=by)


@transaction.atomic
def archive_delete(*, package: ArchivePackage, by: Any) -> None:
    """Remove a package from the archive: refused under the site's legal hold or before its retention ends."""
    require_edit(by, package.project)
    policy = policy_of(package.site)
    if policy.legal_hold:
        raise ApplicationError(f"Site {package.site.code} is under legal hold: no package may be deleted.",
                               field="package", status=409)
    if package.retain_until > timezone.localdate():
        raise ApplicationError(f"{package.name} is kept until {package.retain_until:%Y-%m-%d}.", field="package",
                               status=409)
    archive_storage(package.site).delete(package.name)
    audit_record(actor=by, action="archive.deleted", target=package.project, data={"package": package.name})
    package.delete()


# --- checking and restoring -----------------------------------------------------------------------------------
def package_problems(data: bytes, expected_sha256: str | None = None) -> list[str]:
    """What is wrong with a package: its own checksum, a missing manifest, each file against the manifest."""
    if expected_sha256 is not None and hashlib.sha256(data).hexdigest() != expected_sha256:
        return ["The package's checksum does not match the one recorded when it was written."]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            manifest = json.loads(package.read("manifest.json"))
            problems = [f"{name}: checksum mismatch" for name, digest in manifest["files"].items()
                        if name not in package.namelist() or hashlib.sha256(package.read(name)).hexdigest() != digest]
            extra = set(package.namelist()) - set(manifest["files"]) - {"manifest.json"}
            return problems + [f"{name}: not in the manifest" for name in sorted(extra)]
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        return [f"Not a readable archive package ({exc})."]


def archive_verify(package: ArchivePackage) -> list[str]:
    """Problems of a stored package (empty: every checksum matches)."""
    storage = archive_storage(package.site)
    if not storage.exists(package.name):
        return [f"{package.name} is missing from the archive of site {package.site.code}."]
    with storage.open(package.name, "rb") as handle:
        return package_problems(handle.read(), package.sha256)


def database_is_empty() -> bool:
    return not (Company.objects.exists() or get_user_model().objects.exists() or Project.objects.exists())


def archive_restore(data: bytes) -> str:
    """Restore a package into an EMPTY database (refused otherwise, and for a damaged package); returns the
    project's code. Rows are loaded with ``loaddata`` in one transaction, then the files are put back."""
    problems = package_problems(data)
    if problems:
        raise ApplicationError("The package is damaged; nothing restored: " + "; ".join(problems), field="package")
    if not database_is_empty():
        raise ApplicationError("The database is not empty: a package restores only into an empty database.",
                               field="database")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        manifest = json.loads(package.read("manifest.json"))
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "data.json"
            dump.write_bytes(package.read("data.json"))
            with transaction.atomic():
                call_command("loaddata", str(dump), verbosity=0)
        for name in manifest["files"]:
            if name.startswith("files/"):
                _put_back(name.removeprefix("files/"), package.read(name))
    return str(manifest["project"])


def _put_back(name: str, data: bytes) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))

