"""A site's archive in an S3-compatible store (django-storages' S3 backend) served by a local moto server: closing a
project writes its package into the site's bucket, ``archive verify`` reads it back, ``archive restore --site``
restores it into an empty database; a site without a mapping keeps its folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from moto.server import ThreadedMotoServer

from projectoffice.documents import archive, services
from projectoffice.documents.models import Document
from projectoffice.documents.tests.test_archive import closed_with_document
from projectoffice.projects import services as plan
from projectoffice.projects.models import Project

BUCKET = "po-archive-w"


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on a free port of the loopback, with an empty bucket."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client(endpoint).create_bucket(Bucket=BUCKET)
    try:
        yield endpoint
    finally:
        server.stop()


def client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def s3_archives(site_code: str, endpoint: str) -> dict[str, Any]:
    return {site_code: {"BACKEND": "storages.backends.s3.S3Storage",
                        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": endpoint, "region_name": "us-east-1",
                                    "access_key": "testing", "secret_key": "testing"}}}


@pytest.mark.django_db(transaction=True)
def test_a_site_archive_in_s3_is_written_verified_and_restored(org: Any, settings: Any, s3_endpoint: str,
                                                               capsys: Any) -> None:
    from projectoffice.projects.tests.conftest import make_project

    site = org.people["project-leader"].home_site
    settings.PROJECTOFFICE_ARCHIVE_STORAGES = s3_archives(site.code, s3_endpoint)
    project = make_project(org, "W-S3-1")
    plan.member_add(project=project, by=None, person=org.people["team-member"], role="member")
    folder = services.folder_create(project=project, by=None, name="Engineering")
    spec = services.document_create(folder=folder, by=None, title="Spec", configuration_item=True,
                                    reviewers=[org.people["quality-assurance-officer"]])
    package = closed_with_document(project, spec, org)

    assert package.site == site
    stored = client(s3_endpoint).get_object(Bucket=BUCKET, Key=package.name)["Body"].read()
    assert len(stored) == package.size and stored.startswith(b"PK")
    assert not (Path(settings.ARCHIVE_ROOT) / site.code / package.name).exists()  # not in the folder
    call_command("archive", "verify", project.code)
    assert "every checksum matches" in capsys.readouterr().out

    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match=r"No package nothing\.zip in the archive of site"):
        call_command("archive", "restore", "nothing.zip", "--site", site.code)
    call_command("archive", "restore", package.name, "--site", site.code)
    restored = Project.objects.get(code="W-S3-1")
    assert restored.status == "closed"
    assert Document.objects.get(title="Spec").versions.get().file.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_a_damaged_package_in_s3_fails_verification(project_w: Project, spec: Document, org: Any, settings: Any,
                                                    s3_endpoint: str) -> None:
    site = org.people["project-leader"].home_site
    settings.PROJECTOFFICE_ARCHIVE_STORAGES = s3_archives(site.code, s3_endpoint)
    package = closed_with_document(project_w, spec, org)
    client(s3_endpoint).put_object(Bucket=BUCKET, Key=package.name, Body=b"PK not the package")
    assert archive.archive_verify(package) == [
        "The package's checksum does not match the one recorded when it was written."]
    with pytest.raises(CommandError, match="FAILED"):
        call_command("archive", "verify", project_w.code)
    client(s3_endpoint).delete_object(Bucket=BUCKET, Key=package.name)
    assert archive.archive_verify(package) == [f"{package.name} is missing from the archive of site {site.code}."]


@pytest.mark.django_db
def test_a_site_without_a_mapping_keeps_its_folder(project_w: Project, spec: Document, org: Any, settings: Any,
                                                   s3_endpoint: str) -> None:
    settings.PROJECTOFFICE_ARCHIVE_STORAGES = s3_archives("NOT-THIS-SITE", s3_endpoint)
    package = closed_with_document(project_w, spec, org)
    assert (Path(settings.ARCHIVE_ROOT) / package.site.code / package.name).is_file()
    assert client(s3_endpoint).list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
