"""The proposed edits of a change request: checked once, then applied either to an in-memory copy of the
project's engine network (impact analysis) or to the plan itself through the projects services (approval).

An edit is a dict with an ``op``:

    {"op": "add_task", "name": "Extra test campaign", "duration_minutes": 2400, "predecessors": [12],
     "successors": [14], "fixed_cost": "5000"}
    {"op": "remove_task", "uid": 7}
    {"op": "set_duration", "uid": 7, "duration_minutes": 960}
    {"op": "add_link", "predecessor": 3, "successor": 9, "type": "FS", "lag": 0}
    {"op": "remove_link", "predecessor": 3, "successor": 9}
    {"op": "set_budget", "category": "travel", "month": "2026-05-01", "amount": "12000"}

Tasks are named by their stable ``uid``; a new task gets the next free uid when the edits are applied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from projectoffice.core.errors import ApplicationError
from projectoffice.engine import network as engine
from projectoffice.finance.models import CostCategory

OPS = ("add_task", "remove_task", "set_duration", "add_link", "remove_link", "set_budget")
LINK_TYPES = ("FS", "SS", "FF", "SF")


@dataclass(frozen=True, slots=True)
class Edit:
    """One checked edit; unused fields keep their defaults."""

    op: str
    uid: int | None = None
    name: str = ""
    duration_minutes: int = 0
    predecessors: tuple[int, ...] = ()
    successors: tuple[int, ...] = ()
    fixed_cost: Decimal = Decimal("0")
    predecessor: int | None = None
    successor: int | None = None
    type: str = "FS"
    lag: int = 0
    category: str = ""
    month: dt.date | None = None
    amount: Decimal = Decimal("0")


def parse_edits(raw: Any, *, uids: Iterable[int]) -> list[Edit]:
    """Check the edits against the project's task uids; refuse the first bad one, naming its position."""
    if not isinstance(raw, list):
        raise ApplicationError("The edits are a list of changes.", field="edits")
    known = set(uids)
    return [_parse(item, index + 1, known) for index, item in enumerate(raw)]


def _parse(item: Any, position: int, known: set[int]) -> Edit:
    if not isinstance(item, dict) or item.get("op") not in OPS:
        raise ApplicationError(f"Edit {position}: the op is one of {', '.join(OPS)}.", field="edits")
    try:
        edit = _build(item)
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise ApplicationError(f"Edit {position}: {exc or 'a value has the wrong type'}.", field="edits") from exc
    unknown = [u for u in (edit.uid, edit.predecessor, edit.successor, *edit.predecessors, *edit.successors)
               if u is not None and u not in known]
    if unknown:
        raise ApplicationError(f"Edit {position}: no task with uid {unknown[0]} in this project.", field="edits")
    return edit


def _build(item: dict[str, Any]) -> Edit:
    op = item["op"]
    if op == "add_task":
        return Edit(op, name=_text(item.get("name")), duration_minutes=_minutes(item.get("duration_minutes", 480)),
                    predecessors=tuple(int(u) for u in item.get("predecessors", ())),
                    successors=tuple(int(u) for u in item.get("successors", ())),
                    fixed_cost=_money(item.get("fixed_cost", "0")))
    if op in ("remove_task", "set_duration"):
        return Edit(op, uid=int(item["uid"]), duration_minutes=_minutes(item.get("duration_minutes", 0)))
    if op in ("add_link", "remove_link"):
        kind = str(item.get("type", "FS"))
        if kind not in LINK_TYPES:
            raise ValueError(f"“{kind}” is not a link type (FS, SS, FF, SF)")
        return Edit(op, predecessor=int(item["predecessor"]), successor=int(item["successor"]), type=kind,
                    lag=int(item.get("lag", 0)))
    category = str(item.get("category", ""))
    if category not in CostCategory.values:
        raise ValueError(f"“{category}” is not a cost category")
    month = dt.date.fromisoformat(str(item["month"])).replace(day=1)
    return Edit(op, category=category, month=month, amount=_money(item["amount"]))


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a new task needs a name")
    return value.strip()[:300]


def _minutes(value: Any) -> int:
    minutes = int(value)
    if minutes < 0:
        raise ValueError("a duration is zero or more minutes")
    return minutes


def _money(value: Any) -> Decimal:
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"an amount is zero or more, not {value}")
    return amount


def new_uids(edits: list[Edit], first: int) -> dict[int, int]:
    """The uid each added task gets (keyed by the edit's position), from ``first`` upwards."""
    added = [i for i, e in enumerate(edits) if e.op == "add_task"]
    return {position: first + n for n, position in enumerate(added)}


def apply_to_network(network: engine.Network, edits: list[Edit]) -> engine.Network:
    """The network as it would be after the edits (the project's rows are not touched)."""
    tasks = {t.uid: t for t in network.tasks}
    links = {(link.predecessor, link.successor): link for link in network.links}
    fresh = new_uids(edits, max(tasks, default=0) + 1)
    for position, edit in enumerate(edits):
        if edit.op == "add_task":
            _add_task(tasks, links, fresh[position], edit)
        elif edit.op == "remove_task" and edit.uid in tasks:
            _remove_task(tasks, links, edit.uid)
        elif edit.op == "set_duration" and edit.uid in tasks:
            tasks[edit.uid] = dataclasses.replace(tasks[edit.uid], duration=edit.duration_minutes,
                                                  milestone=edit.duration_minutes == 0, remaining=None)
        elif edit.op == "add_link":
            links[(edit.predecessor, edit.successor)] = engine.Link(  # type: ignore[index]
                edit.predecessor, edit.successor, engine.LinkType(edit.type), edit.lag)  # type: ignore[arg-type]
        elif edit.op == "remove_link":
            links.pop((edit.predecessor, edit.successor), None)  # type: ignore[arg-type]
    return dataclasses.replace(network, tasks=tuple(tasks.values()), links=tuple(links.values()))


def _add_task(tasks: dict[int, engine.Task], links: dict[tuple[int, int], engine.Link], uid: int,
              edit: Edit) -> None:
    tasks[uid] = engine.Task(uid=uid, name=edit.name, duration=edit.duration_minutes,
                             milestone=edit.duration_minutes == 0)
    for predecessor in edit.predecessors:
        links[(predecessor, uid)] = engine.Link(predecessor, uid)
    for successor in edit.successors:
        links[(uid, successor)] = engine.Link(uid, successor)


def _remove_task(tasks: dict[int, engine.Task], links: dict[tuple[int, int], engine.Link], uid: int) -> None:
    """Remove the task and, for a summary, every task below it, with their links."""
    gone = {uid}
    grew = True
    while grew:
        below = {t.uid for t in tasks.values() if t.parent in gone} - gone
        gone |= below
        grew = bool(below)
    for removed in gone:
        tasks.pop(removed, None)
    for key in [k for k in links if k[0] in gone or k[1] in gone]:
        del links[key]
