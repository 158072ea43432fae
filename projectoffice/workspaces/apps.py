from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "projectoffice.workspaces"
    label = "workspaces"
    verbose_name = "Office workspaces"
