"""Reader of PSPLIB single-mode ``.sm`` files (Kolisch & Sprecher 1997), the RCPSP benchmark format.

Jobs are numbered from 1 in the file, the dummy source being job 1 and the dummy sink job n; in the returned
Problem activity ``i`` is job ``i + 1``. Only renewable resources are read (single-mode files have no other).
"""

from __future__ import annotations

import re
from pathlib import Path

from projectoffice.engine.errors import FormatError
from projectoffice.engine.leveling.problem import Activity, Link, Problem

MAX_BYTES = 10_000_000


def read_psplib(path: str | Path) -> Problem:
    """Read a ``.sm`` file; raises FormatError when it is malformed or too large."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise FormatError(f"{path.name} is larger than {MAX_BYTES} bytes.")
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError as error:
        raise FormatError(f"{path}: {error.strerror}.") from error
    return parse_psplib(text, name=path.name)


def parse_psplib(text: str, *, name: str = "instance") -> Problem:
    """Parse the text of a ``.sm`` file into a Problem (activity i = job i + 1)."""
    try:
        sections = _sections(text)
        successors = _precedence(sections["PRECEDENCE RELATIONS"], name)
        durations, demands = _requests(sections["REQUESTS/DURATIONS"], len(successors), name)
        capacities = _availabilities(sections["RESOURCEAVAILABILITIES"], name)
    except KeyError as missing:
        raise FormatError(f"{name}: the section {missing} is missing.") from None
    except ValueError as error:
        raise FormatError(f"{name}: {error}") from None
    if any(len(d) != len(capacities) for d in demands):
        raise FormatError(f"{name}: a job's requests do not match the {len(capacities)} resources.")
    links = tuple(Link(job - 1, succ - 1) for job, succs in enumerate(successors, 1) for succ in succs)
    activities = tuple(
        Activity(duration=d, demands=q, name=f"job {j}")
        for j, (d, q) in enumerate(zip(durations, demands, strict=True), 1)
    )
    return Problem(activities=activities, capacities=capacities, links=links)


def _sections(text: str) -> dict[str, list[str]]:
    """Split the file at its ``TITLE:`` lines; each section keeps its lines up to the next row of stars."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("*"):
            current = None
        elif re.fullmatch(r"[A-Z/ ]+:", stripped):
            current = sections.setdefault(stripped[:-1].strip(), [])
        elif current is not None and stripped:
            current.append(stripped)
    return sections


def _numbers(line: str) -> list[int]:
    return [int(token) for token in line.split()]


def _precedence(lines: list[str], name: str) -> list[list[int]]:
    rows = [_numbers(line) for line in lines if line[0].isdigit()]
    successors: list[list[int]] = []
    for expected, row in enumerate(rows, 1):
        job, modes, count, *succs = row
        if job != expected or modes != 1 or count != len(succs):
            raise FormatError(f"{name}: precedence row of job {job} is malformed (single mode expected).")
        if any(not 1 <= s <= len(rows) for s in succs):
            raise FormatError(f"{name}: job {job} names a successor that does not exist.")
        successors.append(succs)
    return successors


def _requests(lines: list[str], jobs: int, name: str) -> tuple[list[int], list[tuple[int, ...]]]:
    rows = [_numbers(line) for line in lines if line[0].isdigit()]
    if len(rows) != jobs:
        raise FormatError(f"{name}: {len(rows)} request rows for {jobs} jobs.")
    durations, demands = [], []
    for expected, (job, _mode, duration, *units) in enumerate(rows, 1):
        if job != expected:
            raise FormatError(f"{name}: request rows are out of order at job {job}.")
        durations.append(duration)
        demands.append(tuple(units))
    return durations, demands


def _availabilities(lines: list[str], name: str) -> tuple[int, ...]:
    rows = [_numbers(line) for line in lines if line[0].isdigit()]
    if len(rows) != 1:
        raise FormatError(f"{name}: one row of resource availabilities expected.")
    return tuple(rows[0])
