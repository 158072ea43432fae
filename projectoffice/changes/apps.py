from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "projectoffice.changes"
    label = "changes"
