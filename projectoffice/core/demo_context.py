"""The demo loader's frame: each app that has demo data provides ``<app>/demo.py`` with ``load(ctx)``;
they run in INSTALLED_APPS order and share one DemoContext."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

DEMO_SEED = 2026
DEMO_PASSWORD = "demo"


@dataclass
class DemoContext:
    today: dt.date
    scale: str = "small"
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    say: Callable[[str], None] = print
    logins: dict[str, str] = field(default_factory=dict)  # username → what it shows
    data: dict[str, Any] = field(default_factory=dict)  # what one app's loader hands to the next


def demo_loaders() -> list[tuple[str, Callable[[DemoContext], None]]]:
    loaders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("projectoffice."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        loaders.append((config.label, module.load))
    return loaders
