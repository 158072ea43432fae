"""``projectoffice archive verify CODE`` and ``projectoffice archive restore PACKAGE [--site CODE]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projectoffice.core.errors import ApplicationError
from projectoffice.documents.archive import archive_restore, archive_verify, site_archive_storage
from projectoffice.documents.models import ArchivePackage


class Command(BaseCommand):
    help = "Verify an archived project's checksums, or restore a package into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="check the latest package of a project (or a package name)")
        verify.add_argument("code")
        restore = actions.add_parser("restore", help="restore a package into an empty database")
        restore.add_argument("package", help="a package file, or with --site a package name in that site's archive")
        restore.add_argument("--site", help="read the package from this site's archive storage (folder or S3)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(options["code"])
        else:
            self._restore(options["package"], options["site"])

    def _verify(self, code: str) -> None:
        package = (ArchivePackage.objects.filter(project__code=code).select_related("site").first()
                   or ArchivePackage.objects.filter(name=code).select_related("site").first())
        if package is None:
            raise CommandError(f"No archive package for {code}.")
        problems = archive_verify(package)
        if problems:
            raise CommandError(f"{package.name} FAILED:\n  " + "\n  ".join(problems))
        self.stdout.write(f"{package.name}: {package.files} files, every checksum matches.")

    def _restore(self, package: str, site: str | None) -> None:
        try:
            code = archive_restore(self._read(package, site))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Project {code} restored from {package}.")

    def _read(self, package: str, site: str | None) -> bytes:
        if site is None:
            path = Path(package)
            if not path.is_file():
                raise CommandError(f"No package file at {path}.")
            return path.read_bytes()
        storage = site_archive_storage(site)
        if not storage.exists(package):
            where = getattr(storage, "location", "") or getattr(storage, "bucket_name", "")
            raise CommandError(f"No package {package} in the archive of site {site} ({where}); a site with its own "
                               "archive location: give the package file's path instead.")
        with storage.open(package, "rb") as handle:
            return bytes(handle.read())
