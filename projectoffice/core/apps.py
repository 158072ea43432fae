from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "projectoffice.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Background job handlers live in each app's tasks.py; importing them registers them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
