"""``projectoffice mspdi import FILE [--project CODE | --business-line CODE --site CODE [--code CODE]]`` and
``projectoffice mspdi export CODE OUT.xml``: MS Project interchange from the command line (as the system)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projectoffice.core.errors import ApplicationError
from projectoffice.organization.models import Company, OrgUnit, Site
from projectoffice.projects.interchange.mspdi_export import mspdi_export
from projectoffice.projects.interchange.new_project import NewProject
from projectoffice.projects.interchange.services import plan_import
from projectoffice.projects.models import Nature, Project


class Command(BaseCommand):
    help = "Import an MS Project plan (MSPDI XML or .mpp) into a project, or export a project as MSPDI."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Import FILE into a new project or replace a project's plan.")
        load.add_argument("file", type=Path)
        load.add_argument("--project", help="Code of the existing project whose plan the file replaces.")
        load.add_argument("--business-line", help="New project: code of its business or product line.")
        load.add_argument("--site", help="New project: code of its lead site.")
        load.add_argument("--code", help="New project: its code (default: the file name).")
        load.add_argument("--name", default="", help="New project: its name (default: the file's title).")
        load.add_argument("--nature", default=Nature.OTHER, choices=list(Nature.values))
        load.add_argument("--company", help="Company code, when several companies share a project or unit code.")
        load.add_argument("--json", action="store_true", help="Print the import report as JSON.")
        save = actions.add_parser("export", help="Write project CODE as MSPDI to OUT.")
        save.add_argument("code")
        save.add_argument("out", type=Path)
        save.add_argument("--company")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                self._import(options)
            else:
                self._export(options)
        except ApplicationError as exc:
            raise CommandError(f"{exc.field + ': ' if exc.field else ''}{exc.message}") from exc

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        project, new = None, None
        if options["project"]:
            project = _one(Project.objects.select_related("lead_site"), options, code=options["project"])
        else:
            if not options["business_line"] or not options["site"]:
                raise CommandError("Give --project CODE, or --business-line CODE and --site CODE for a new project.")
            new = NewProject(code=options["code"] or _code_from(path),
                             business_line=_one(OrgUnit.objects.select_related("parent"), options,
                                                code=options["business_line"]),
                             lead_site=_one(Site.objects.all(), options, code=options["site"]),
                             name=options["name"], nature=options["nature"])
        with path.open("rb") as file:
            data = file.read()
        project, report = plan_import(data=data, source=path.name, by=None, project=project, new=new)
        self.stdout.write(json.dumps(report.as_data(), indent=2) if options["json"] else "\n".join(report.lines()))

    def _export(self, options: dict[str, Any]) -> None:
        project = _one(Project.objects.select_related("lead_site"), options, code=options["code"])
        options["out"].write_bytes(mspdi_export(project=project))
        self.stdout.write(f"{project.code}: {project.tasks.count()} tasks written to {options['out']}")


def _code_from(path: Path) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in path.stem.upper())[:30]


def _one(queryset: Any, options: dict[str, Any], *, code: str) -> Any:
    """The row with ``code`` (in ``--company`` when given); an error naming the code otherwise."""
    if options.get("company"):
        company = Company.objects.filter(code=options["company"]).first()
        if company is None:
            raise CommandError(f"No company {options['company']}.")
        queryset = queryset.filter(company=company)
    rows = list(queryset.filter(code=code)[:2])
    if len(rows) != 1:
        label = queryset.model._meta.verbose_name
        raise CommandError(f"No {label} {code}." if not rows else f"Several {label}s {code}: give --company.")
    return rows[0]
