"""``projectoffice schedule``: JSON and table output, and clean refusals of bad files."""

import json
import os
from pathlib import Path

import pytest

from projectoffice.engine.commands.schedule import main

SHARED = Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", Path(__file__).resolve().parents[3] / ".." / "shared" / "data"))
RELATIONS = SHARED / "mspdi" / "mspdirelations.xml"


def test_json_output_has_the_documented_shape(capsys):
    assert RELATIONS.is_file(), f"Shared MSPDI data missing at {RELATIONS}."
    assert main([str(RELATIONS), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["project"] == {"start": "2006-09-21T08:00", "finish": "2006-09-25T17:00"}
    task = next(t for t in document["tasks"] if t["uid"] == 5)
    assert set(task) == {"uid", "name", "start", "finish", "early_start", "early_finish", "late_start",
                         "late_finish", "total_slack_minutes", "free_slack_minutes", "critical"}
    assert task["total_slack_minutes"] == 480 and task["critical"] is False


def test_the_table_lists_every_task(capsys):
    assert main([str(RELATIONS)]) == 0
    out = capsys.readouterr().out
    assert "Task 5" in out and "2006-09-25T17:00" in out


def test_a_hostile_file_exits_2_with_a_message_and_no_traceback(tmp_path, capsys):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<!DOCTYPE p [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><Project><Tasks>&b;</Tasks></Project>')
    assert main([str(bomb), "--json"]) == 2
    err = capsys.readouterr().err
    assert "bomb.xml" in err and "Traceback" not in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "none.xml")]) == 2
    assert "Cannot read" in capsys.readouterr().err


@pytest.mark.slow
def test_every_shared_mspdi_file_schedules_and_primavera_files_are_refused(capsys):
    mspdi = SHARED / "mspdi"
    files = sorted(p for p in mspdi.rglob("*.xml") if "not_mspdi_primavera_p6" not in p.parts)
    assert files, f"No MSPDI files under {mspdi}."
    for path in files:
        assert main([str(path), "--json"]) == 0, path
        assert json.loads(capsys.readouterr().out)["tasks"]
    for path in sorted((mspdi / "not_mspdi_primavera_p6").glob("*.xml")):
        assert main([str(path)]) == 2
        assert "Not an MS Project XML" in capsys.readouterr().err


def test_a_status_date_moves_unstarted_work_after_it(capsys):
    assert main([str(RELATIONS), "--json", "--status-date", "2006-09-25T08:00"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert all(t["start"] >= "2006-09-25T08:00" for t in tasks if t["uid"] != 0)
