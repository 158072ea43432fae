from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "projectoffice.core"
    label = "core"
    verbose_name = "Core"
