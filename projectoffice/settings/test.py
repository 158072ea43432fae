"""Test settings: fast password hashing, in-memory e-mail, files in a temporary folder."""

import os
import tempfile
from pathlib import Path

from projectoffice.settings.base import *  # noqa: F403
from projectoffice.settings.base import DATABASES

_TMP = Path(tempfile.mkdtemp(prefix="projectoffice-test-"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = _TMP / "media"
ARCHIVE_ROOT = _TMP / "archive"
STATIC_ROOT = _TMP / "static"  # WhiteNoise warns on every request when STATIC_ROOT is missing
STATIC_ROOT.mkdir()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
PROJECTOFFICE_JOBS = "inline"
