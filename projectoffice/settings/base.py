"""Settings shared by every environment, driven by environment variables.

DATABASE_URL      a database URL; default: a SQLite file ``var/projectoffice.sqlite3`` in the checkout.
SECRET_KEY        required in production.
ALLOWED_HOSTS     comma-separated host names.
MEDIA_ROOT        where uploaded files go; default ``var/media``.
ARCHIVE_ROOT      where site archives go by default; default ``var/archive``.
PROJECTOFFICE_ARCHIVE_STORAGES
                  JSON: site code (or "*") → a storage (``{"BACKEND": ..., "OPTIONS": {...}}``) for that site's
                  archive, e.g. an S3 bucket through django-storages (docs/change-and-documents.md); default none.
EMAIL_BACKEND     a Django e-mail backend; default: the console backend.
"""

import importlib.util
import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PROJECTOFFICE_VAR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "projectoffice.core",
    "projectoffice.organization",
    "projectoffice.people",
    "projectoffice.projects",
    "projectoffice.timesheets",
    "projectoffice.finance",
    "projectoffice.portfolio",
    "projectoffice.cockpit",
    "projectoffice.changes",
    "projectoffice.documents",
    "projectoffice.workspaces",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "projectoffice.urls"
WSGI_APPLICATION = "projectoffice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "projectoffice" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "projectoffice.core.context_processors.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite creates the file, not its folder (var/ is not in git)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'projectoffice.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy timeout and immediate transactions keep the embedded database usable by a few users at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Chart library served from the installed package (the network is closed: no CDN): /static/vendor/plotly.min.js
STATICFILES_DIRS = [("vendor", Path(importlib.util.find_spec("plotly").origin).parent / "package_data")]  # type: ignore[arg-type, union-attr]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
ARCHIVE_ROOT = Path(os.environ.get("ARCHIVE_ROOT", VAR_DIR / "archive"))
PROJECTOFFICE_ARCHIVE_STORAGES = json.loads(os.environ.get("PROJECTOFFICE_ARCHIVE_STORAGES") or "{}")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "project-office@example.com")

# Upload limits: every import is size-limited before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PROJECTOFFICE_MAX_IMPORT_BYTES = int(os.environ.get("PROJECTOFFICE_MAX_IMPORT_BYTES", 50 * 1024 * 1024))

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
