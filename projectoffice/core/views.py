"""The home page: my roles, my sites' local time and next days off, my certifications expiring soon."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from projectoffice.people.selectors import my_workspace


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"workspace": my_workspace(request.user, now=timezone.now())})
