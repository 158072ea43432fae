from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "projectoffice.documents"
    label = "documents"
