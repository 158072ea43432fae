from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    name = "projectoffice.timesheets"
    label = "timesheets"
