from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projectoffice.projects"
    label = "projects"
