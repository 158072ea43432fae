"""Argument types shared by the management commands."""

from __future__ import annotations

import argparse
import datetime as dt


def month_argument(text: str) -> dt.date:
    """``--month YYYY-MM`` as the month's first day; argparse reports anything else as a usage error."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month like 2026-10 (YYYY-MM)") from None
