from django.urls import path

from projectoffice.organization import views

app_name = "organization"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/new/", views.unit_edit, name="unit_new"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("sites/new/", views.site_edit, name="site_new"),
    path("sites/<int:site_id>/", views.site_detail, name="site"),
    path("sites/<int:site_id>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:site_id>/exceptions/", views.site_exception_add, name="site_exception_add"),
    path("site-exceptions/<int:exception_id>/remove/", views.site_exception_remove, name="site_exception_remove"),
    path("groups/new/", views.group_create, name="group_new"),
    path("offices/new/", views.office_edit, name="office_new"),
    path("offices/<int:office_id>/edit/", views.office_edit, name="office_edit"),
]
