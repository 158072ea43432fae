"""Browser journeys: the demo (the loaders a journey needs) in the test database and a live server, made once
for the module's journeys; Chromium from Debian (/usr/bin/chromium, installed by .ci/run) driven by Playwright.

The server thread is started here rather than with pytest-django's ``live_server`` because that fixture needs a
transactional database, which empties the tables after each test: the demo would have to be loaded again for
every journey. The data is flushed when the journeys end, so other tests never see it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("PROJECTOFFICE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
LOADERS = ("organization", "people", "projects", "finance", "cockpit")  # what the journeys look at
# Playwright's sync API runs an event loop in the test thread; the ORM reads done here are plain and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or set "
                    "PROJECTOFFICE_CHROMIUM", pytrace=False)
    return {"executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="module")
def demo_server(request: Any, django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo loaded once for the module, served by a live server thread; its URL. A journey module may name
    the loaders it needs (``LOADERS``) and finish the data with ``after_demo(ctx)``."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from pytest_django.live_server_helper import LiveServer

    from projectoffice.core.demo_context import DemoContext, demo_loaders

    loaders = getattr(request.module, "LOADERS", LOADERS)
    with django_db_blocker.unblock():
        ctx = DemoContext(today=timezone.localdate(), say=lambda text: None)
        with transaction.atomic():
            for label, load in demo_loaders():
                if label in loaders:
                    load(ctx)
            getattr(request.module, "after_demo", lambda ctx: None)(ctx)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def shot(request: Any) -> Any:
    """``shot(page, "step")`` keeps a full-page screenshot as test-artifacts/browser/<test>-<n>-<step>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page: Any, step: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page: Any, base: str, username: str) -> None:
    """Log in as ``username`` (logging out whoever was: the header's own submit button is "Log out")."""
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("main button[type=submit], main input[type=submit]")
    page.wait_for_load_state()
