from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from projectoffice.core import views as core_views
from projectoffice.core.api import api

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("organisation/", include("projectoffice.organization.urls")),
    path("people/", include("projectoffice.people.urls")),
    path("projects/", include("projectoffice.projects.urls")),
    path("timesheets/", include("projectoffice.timesheets.urls")),
    path("finance/", include("projectoffice.finance.urls")),
    path("portfolio/", include("projectoffice.portfolio.urls")),
    path("cockpit/", include("projectoffice.cockpit.urls")),
    path("changes/", include("projectoffice.changes.urls")),
    path("documents/", include("projectoffice.documents.urls")),
    path("offices/", include("projectoffice.workspaces.urls")),
]
