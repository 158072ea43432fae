from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "projectoffice.cockpit"
    label = "cockpit"
