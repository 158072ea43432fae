"""The Excel WBS layout shared by the export and the import, and MS Project's texts for durations and
predecessors: ``5d``, ``4h``, ``2ed`` (elapsed days), ``0d``; ``3FS+2d``, ``5SS``, ``7FF-1d``, ``2FS+50%``.

A day is the project's working day (``day`` minutes: ``Project.minutes_per_day``, 480 by default as in MS
Project), a week five of them; an elapsed day is 24 hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from projectoffice.core.errors import ApplicationError

SHEET = "WBS"
COLUMNS = ("ID", "UID", "WBS", "Name", "Level", "Duration", "Start", "Finish", "Predecessors", "Resources",
           "Constraint", "Constraint date", "% complete")
DAY = 480
ELAPSED = {"m": 1, "h": 60, "d": 1440, "w": 10080}
_DURATION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(e?[mhdw])\s*$", re.IGNORECASE)
_PREDECESSOR = re.compile(r"^\s*(\d+)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(\d+(?:[.,]\d+)?)\s*(%|e?[mhdw]))?\s*$",
                          re.IGNORECASE)
_RESOURCE = re.compile(r"^\s*(.+?)\s*(?:\[\s*(\d+(?:[.,]\d+)?)\s*%\s*\])?\s*$")


def unit_minutes(unit: str, day: int = DAY) -> int:
    """Minutes in one ``m``/``h``/``d``/``w`` (working, with a day of ``day`` minutes) or ``em``…``ew`` (elapsed)."""
    if unit.startswith("e"):
        return ELAPSED[unit[1:]]
    return {"m": 1, "h": 60, "d": day, "w": 5 * day}[unit]


def duration_text(minutes: int, elapsed: bool = False, *, day: int = DAY) -> str:
    """The exact text in the largest fitting unit: ``1.5d``, ``7.5h``, ``1000m`` (``e`` prefix when elapsed)."""
    prefix = "e" if elapsed else ""
    for unit in ("d", "h"):
        size = unit_minutes(prefix + unit, day)
        value = round(minutes / size, 3)
        if (minutes >= size or unit == "h" or minutes == 0) and value * size == minutes:
            return f"{value:g}{prefix}{unit}"
    return f"{minutes}{prefix}m"


def parse_duration(text: str, *, day: int = DAY) -> tuple[int, bool]:
    """Minutes and whether elapsed; ValueError with the reason otherwise."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration like 5d, 4h, 2w or 3ed")
    value, unit = float(match[1].replace(",", ".")), match[2].lower()
    return round(value * unit_minutes(unit, day)), unit.startswith("e")


@dataclass(frozen=True, slots=True)
class Predecessor:
    row: int  # the ID column of the predecessor
    type: str = "FS"
    lag: int = 0
    lag_kind: str = "working"


def lag_text(lag: int, kind: str, *, day: int = DAY) -> str:
    if kind == "percent":
        return f"{lag:+d}%"
    sign = "+" if lag > 0 else "-"
    return sign + (duration_text(abs(lag), kind == "elapsed", day=day))


def predecessor_text(item: Predecessor, *, day: int = DAY) -> str:
    text = f"{item.row}{item.type}" if item.type != "FS" or item.lag else str(item.row)
    return text + (lag_text(item.lag, item.lag_kind, day=day) if item.lag else "")


def parse_predecessors(text: str, *, day: int = DAY) -> list[Predecessor]:
    out = []
    for part in filter(None, (p.strip() for p in re.split(r"[;,]", text or ""))):
        match = _PREDECESSOR.match(part)
        if not match:
            raise ValueError(f"{part!r} is not a predecessor like 3, 3FS+2d or 5SS-1d")
        row, kind, sign, amount, unit = match.groups()
        lag, lag_kind = 0, "working"
        if amount is not None:
            if unit == "%":
                lag, lag_kind = round(float(amount.replace(",", "."))), "percent"
            else:
                lag, elapsed = parse_duration(amount + unit, day=day)
                lag_kind = "elapsed" if elapsed else "working"
            lag = -lag if sign == "-" else lag
        out.append(Predecessor(int(row), (kind or "FS").upper(), lag, lag_kind))
    return out


def resources_text(items: list[tuple[str, float]]) -> str:
    return "; ".join(name if units == 1 else f"{name}[{units * 100:g}%]" for name, units in items)


def parse_resources(text: str) -> list[tuple[str, float]]:
    out = []
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        match = _RESOURCE.match(part)
        assert match is not None  # the pattern accepts any non-empty text
        out.append((match[1], float(match[2].replace(",", ".")) / 100 if match[2] else 1.0))
    return out


class SheetErrors:
    """Every bad cell of a sheet, named by row and column, raised at once (nothing is imported)."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, row: int, column: str, message: str) -> None:
        self.errors[f"row {row}, {column}"] = message

    def raise_if_any(self) -> None:
        if self.errors:
            first = list(self.errors.items())[:5]
            more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
            raise ApplicationError("; ".join(f"{where}: {why}" for where, why in first) + more, field="file",
                                   errors=self.errors)
