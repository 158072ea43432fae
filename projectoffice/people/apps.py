from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "projectoffice.people"
    label = "people"
    verbose_name = "People"
