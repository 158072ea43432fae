"""``projectoffice schedule FILE.xml [--json]``: schedule an MS Project XML file and print the result.

Dates are printed in the file's local wall time (MSPDI has no time zone). A file that cannot be read or
scheduled gives one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import datetime

from projectoffice.engine.errors import EngineError
from projectoffice.engine.formats.mspdi import MspdiProject, read_mspdi
from projectoffice.engine.schedule import Schedule, TaskSchedule, schedule

EXIT_BAD_INPUT = 2


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="projectoffice schedule",
                                     description="Critical-path schedule of an MS Project XML (MSPDI) file.")
    parser.add_argument("file", help="an MSPDI file saved by MS Project (File > Save As > XML)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--status-date", type=datetime.fromisoformat, default=None,
                        help="reschedule remaining work to start no earlier than this (ISO date-time)")
    args = parser.parse_args(argv)
    try:
        project = read_mspdi(args.file)
        network = project.network
        if args.status_date is not None:
            network = replace(network, status_date=args.status_date)
        result = schedule(network)
    except EngineError as exc:
        print(f"projectoffice schedule: {args.file}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    sys.stdout.write(as_json(result) if args.json else as_table(project, result))
    return 0


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def task_json(task: TaskSchedule) -> dict[str, object]:
    """One task as the CLI prints it."""
    return {
        "uid": task.uid, "name": task.name, "start": _iso(task.start), "finish": _iso(task.finish),
        "early_start": _iso(task.early_start), "early_finish": _iso(task.early_finish),
        "late_start": _iso(task.late_start), "late_finish": _iso(task.late_finish),
        "total_slack_minutes": task.total_slack, "free_slack_minutes": task.free_slack,
        "critical": task.critical,
    }


def as_json(result: Schedule) -> str:
    """``{"project": {"start", "finish"}, "tasks": [...]}`` with ISO wall-clock dates."""
    document = {"project": {"start": _iso(result.start), "finish": _iso(result.finish)},
                "tasks": [task_json(t) for t in result.tasks()]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_table(project: MspdiProject, result: Schedule) -> str:
    """A fixed-width table: one task a line, critical tasks starred, slack in days of the project."""
    day = project.minutes_per_day or 480
    lines = [f"{project.name or 'Project'}: {_iso(result.start)} -> {_iso(result.finish)}",
             f"{'UID':>6}  {'Task':<40} {'Start':<16} {'Finish':<16} {'Slack (d)':>9}  Crit"]
    for task in result.tasks():
        name = (task.name[:37] + "...") if len(task.name) > 40 else task.name
        lines.append(f"{task.uid:>6}  {name:<40} {_iso(task.start):<16} {_iso(task.finish):<16} "
                     f"{task.total_slack / day:>9.2f}  {'*' if task.critical else ''}")
    lines += [f"warning: {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"
