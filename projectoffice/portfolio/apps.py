from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "projectoffice.portfolio"
    label = "portfolio"
