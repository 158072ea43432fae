"""The PSPLIB reader on the shared j30 file and on broken text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from projectoffice.engine.errors import FormatError
from projectoffice.engine.formats.psplib import parse_psplib, read_psplib


def psplib_dir() -> Path:
    """The shared PSPLIB folder; a missing folder fails the test with the reason, never skips it."""
    root = Path(__file__).resolve().parents[3].parent / "shared" / "data"
    folder = Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", root)) / "psplib"
    assert folder.is_dir(), f"PSPLIB data not found at {folder}: set PROJECTOFFICE_SHARED_DATA"
    return folder


def test_it_reads_jobs_links_requests_and_capacities_of_j301_1() -> None:
    problem = read_psplib(psplib_dir() / "j30" / "j301_1.sm")
    assert len(problem.activities) == 32
    assert problem.capacities == (12, 13, 4, 12)
    assert problem.activities[1].duration == 8 and problem.activities[1].demands == (4, 0, 0, 0)
    assert problem.activities[0].duration == 0 and problem.activities[31].duration == 0
    pairs = {(link.before, link.after) for link in problem.links}
    assert {(0, 1), (0, 2), (0, 3), (1, 5), (1, 10), (1, 14)} <= pairs
    assert len(problem.links) == 48


SMALL = """
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          1           2
   2        1          1           3
   3        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     4       2
  3      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
   3
************************************************************************
"""


def test_it_numbers_activities_from_job_one() -> None:
    problem = parse_psplib(SMALL)
    assert [a.duration for a in problem.activities] == [0, 4, 0]
    assert [(link.before, link.after) for link in problem.links] == [(0, 1), (1, 2)]
    assert problem.capacities == (3,)


@pytest.mark.parametrize(
    "broken",
    [
        SMALL.replace("RESOURCEAVAILABILITIES:", "NOTHING:"),
        SMALL.replace("  2      1     4       2", "  2      1     4"),
        SMALL.replace("   2        1          1           3", "   2        1          1           9"),
        SMALL.replace("  3      1     0       0\n", ""),
    ],
)
def test_it_refuses_a_malformed_file_with_a_format_error(broken: str) -> None:
    with pytest.raises(FormatError):
        parse_psplib(broken)
