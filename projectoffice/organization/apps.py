from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "projectoffice.organization"
    label = "organization"
    verbose_name = "Organisation"
