"""The interchange's writes, as every interface calls them (page, API, command): import a plan file of any
supported format into a new or an existing project."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from projectoffice.projects.interchange.mpp import mpp_to_mspdi
from projectoffice.projects.interchange.mspdi_import import mspdi_import
from projectoffice.projects.interchange.new_project import NewProject
from projectoffice.projects.interchange.report import ImportReport
from projectoffice.projects.models import Project

AnyUser = AbstractBaseUser | AnonymousUser


def looks_like_xml(data: bytes) -> bool:
    """MSPDI is XML (possibly after a byte-order mark); anything else goes through MPXJ (.mpp, .mpx, ...)."""
    head = data[:64].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return head.startswith(b"<")


def plan_import(*, data: bytes, source: str, by: AnyUser | None, project: Project | None = None,
                new: NewProject | None = None, expected_version: int | None = None) -> tuple[Project, ImportReport]:
    """Import an MS Project file (MSPDI XML, or .mpp read through MPXJ) — all or nothing, with a report."""
    if not looks_like_xml(data):
        data = mpp_to_mspdi(data)
        source = f"{source} (read by MPXJ)"
    return mspdi_import(data=data, source=source, by=by, project=project, new=new,
                        expected_version=expected_version)
