"""Refusing a plan whose links loop, before anything is written, with the tasks of one cycle named."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.errors import CycleError
from projectoffice.engine.schedule.order import levels


def refuse_cycles(tasks: Sequence[int], links: Sequence[tuple[int, int]], names: Mapping[int, str]) -> None:
    """Raise ApplicationError (field ``file``) naming one cycle when ``links`` (predecessor, successor) loop."""
    row = {uid: i for i, uid in enumerate(tasks)}
    pred = np.array([row[p] for p, _ in links], dtype=np.int64)
    succ = np.array([row[s] for _, s in links], dtype=np.int64)
    try:
        levels(len(tasks), pred, succ, np.array(tasks, dtype=np.int64))
    except CycleError as exc:
        loop = [*exc.tasks, exc.tasks[0]]
        cycle = " → ".join(f"{uid} ({names.get(uid, '')})" for uid in loop)  # type: ignore[call-overload]
        raise ApplicationError(f"The links form a cycle: {cycle}.", field="file") from exc
