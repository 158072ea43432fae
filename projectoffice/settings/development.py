"""Development and demo settings: DEBUG on, embedded SQLite unless DATABASE_URL says otherwise."""

from projectoffice.settings.base import *  # noqa: F403

DEBUG = True
