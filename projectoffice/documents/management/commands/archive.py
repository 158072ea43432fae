"""``projectoffice archive verify CODE`` and ``projectoffice archive restore PACKAGE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projectoffice.core.errors import ApplicationError
from projectoffice.documents.archive import archive_restore, archive_verify
from projectoffice.documents.models import ArchivePackage


class Command(BaseCommand):
    help = "Verify an archived project's checksums, or restore a package into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="check the latest package of a project (or a package name)")
        verify.add_argument("code")
        restore = actions.add_parser("restore", help="restore a package file into an empty database")
        restore.add_argument("package", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(options["code"])
        else:
            self._restore(options["package"])

    def _verify(self, code: str) -> None:
        package = (ArchivePackage.objects.filter(project__code=code).select_related("site").first()
                   or ArchivePackage.objects.filter(name=code).select_related("site").first())
        if package is None:
            raise CommandError(f"No archive package for {code}.")
        problems = archive_verify(package)
        if problems:
            raise CommandError(f"{package.name} FAILED:\n  " + "\n  ".join(problems))
        self.stdout.write(f"{package.name}: {package.files} files, every checksum matches.")

    def _restore(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"No package file at {path}.")
        try:
            code = archive_restore(path.read_bytes())
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Project {code} restored from {path.name}.")
