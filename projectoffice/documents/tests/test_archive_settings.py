"""Site archive storages can be configured from the environment (a deployment sets no settings module)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

MAPPING = {"*": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "po-archive"}}}


def test_the_archive_storages_are_read_from_the_environment_as_json() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "projectoffice.settings.development",
           "PROJECTOFFICE_ARCHIVE_STORAGES": json.dumps(MAPPING)}
    code = "from django.conf import settings; import json; print(json.dumps(settings.PROJECTOFFICE_ARCHIVE_STORAGES))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == MAPPING
