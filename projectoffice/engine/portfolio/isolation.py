"""Run a solver back-end in a child process when its library cannot share this process with the other one.

OR-Tools and highspy each ship a ``libhighs.so.1`` (different versions, same soname): whichever is loaded second
resolves its HiGHS symbols against the first and fails to import. A back-end whose rival library is already
mapped into this process therefore runs in a freshly spawned interpreter; progress reports come back over a queue.
"""

from __future__ import annotations

import importlib
import multiprocessing
import queue
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from projectoffice.engine.errors import EngineError
from projectoffice.engine.portfolio.program import BinaryProgram, Progress, SolveOptions

# The shared object that each back-end's library maps into the process.
_LIBRARY_MARKERS = {
    "cpsat": "libortools",
    "mkp": "libortools",
    "highs": "highspy/libhighs",
    "highs_lp": "highspy/libhighs",
}
_ENTRY_POINTS = {
    "cpsat": ("projectoffice.engine.portfolio.backend_cpsat", "solve_cpsat"),
    "highs": ("projectoffice.engine.portfolio.backend_highs", "solve_highs"),
    "highs_lp": ("projectoffice.engine.portfolio.backend_highs", "solve_lp"),
    "mkp": ("projectoffice.engine.portfolio.mkp", "solve_mkp"),
}


def rival_loaded(backend: str) -> bool:
    """True when the other back-end's native library is already mapped into this process."""
    own = _LIBRARY_MARKERS[backend]
    rivals = [marker for marker in _LIBRARY_MARKERS.values() if marker != own]
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:  # not Linux: fall back to the imported modules
        import sys

        modules = {"cpsat": "ortools.sat.python.cp_model", "highs": "highspy"}
        family = "highs" if backend.startswith("highs") else "cpsat"
        return any(mod in sys.modules for name, mod in modules.items() if name != family)
    return any(marker in maps for marker in rivals)


def run_backend(backend: str, program: BinaryProgram, options: SolveOptions) -> Any:
    """Solve in this process when possible, else in a spawned child process."""
    if not rival_loaded(backend):
        return _entry_point(backend)(program, options)
    return _run_in_child(backend, program, options)


def _entry_point(backend: str) -> Callable[[BinaryProgram, SolveOptions], Any]:
    module_name, function = _ENTRY_POINTS[backend]
    solve: Callable[[BinaryProgram, SolveOptions], Any] = getattr(
        importlib.import_module(module_name), function
    )
    return solve


def _run_in_child(backend: str, program: BinaryProgram, options: SolveOptions) -> Any:
    return start_in_child(backend, program, options).result()


class ChildRun:
    """A back-end solving in a spawned process; ``result()`` waits for its answer, relaying progress."""

    def __init__(self, backend: str, program: BinaryProgram, options: SolveOptions) -> None:
        context = multiprocessing.get_context("spawn")
        self._messages: Any = context.Queue()
        self._options = options
        # The child's clock starts after the interpreter spawn: give it the time left at that moment.
        deadline = time.time() + options.time_limit
        child_options = SolveOptions(
            options.time_limit, options.workers, options.relative_gap, options.hint, None
        )
        wants_progress = options.progress is not None
        self._process = context.Process(
            target=_child, args=(backend, program, child_options, wants_progress, self._messages, deadline)
        )
        self._process.start()

    def result(self) -> Any:
        try:
            return _collect(self._process, self._messages, self._options)
        finally:
            self._process.join(timeout=5)


def start_in_child(backend: str, program: BinaryProgram, options: SolveOptions) -> ChildRun:
    """Start ``backend`` on ``program`` in a spawned process and return at once."""
    return ChildRun(backend, program, options)


def _collect(process: Any, messages: Any, options: SolveOptions) -> Any:
    while True:
        try:
            kind, payload = messages.get(timeout=1.0)
        except queue.Empty:
            if not process.is_alive():
                raise EngineError(
                    f"the solver process ended without an answer (exit code {process.exitcode})"
                ) from None
            continue
        if kind == "progress" and options.progress is not None:
            options.progress(payload)
        elif kind == "error":
            raise EngineError(f"the solver process failed: {payload}")
        elif kind == "done":
            return payload


def _child(
    backend: str,
    program: BinaryProgram,
    options: SolveOptions,
    wants_progress: bool,
    messages: Any,
    deadline: float,
) -> None:
    def forward(progress: Progress) -> None:
        messages.put(("progress", progress))

    left = max(0.5, deadline - time.time())
    options = SolveOptions(
        left, options.workers, options.relative_gap, options.hint, forward if wants_progress else None
    )
    try:
        messages.put(("done", _entry_point(backend)(program, options)))
    except Exception as error:  # reported to the parent, which raises it as an EngineError
        messages.put(("error", repr(error)))
