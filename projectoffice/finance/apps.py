from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "projectoffice.finance"
    label = "finance"
