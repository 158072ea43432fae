"""Reader for Beasley's OR-Library multidimensional knapsack files (mknap1, mknapcb*, mknap2, mkcbres).

Two layouts exist. ``mknap1.txt`` and ``mknapcb*.txt`` hold a problem count, then per problem
``n m optimum``, the n profits, m rows of n weights and the m capacities. ``mknap2.txt`` is a commented
collection: each problem follows a ``problem NAME.DAT`` banner and holds ``m n``, the n profits, the m capacities,
m rows of n weights and the known optimum. Best-known values for the Chu & Beasley sets live in ``mkcbres.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from projectoffice.engine.errors import FormatError

MAX_FILE_BYTES = 64 * 1024 * 1024
_BANNER = re.compile(r"^\s*problem\s+(\S+)", re.IGNORECASE | re.MULTILINE)
_RESULT_LINE = re.compile(r"^\s*(\d+\.\d+-\d+)\s+(\d+)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class KnapsackProblem:
    """One 0/1 multidimensional knapsack: maximise profits·x subject to weights[i]·x <= capacities[i]."""

    name: str
    profits: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per constraint, one column per item
    capacities: tuple[float, ...]
    reference: float | None = None  # optimum or best-known value when the file or a results table gives one

    @property
    def items(self) -> int:
        return len(self.profits)

    @property
    def constraints(self) -> int:
        return len(self.capacities)


def read_mknap(path: Path | str) -> list[KnapsackProblem]:
    """Every problem of an OR-Library mknap file, whichever of the two layouts it uses.

    Chu & Beasley problems are named like mkcbres.txt does (``5.100-00``) and get their reference value from an
    ``mkcbres.txt`` beside the file when present (a stored zero optimum means "unknown").
    """
    path = Path(path)
    text = _read_text(path)
    if _BANNER.search(text):
        return _parse_commented(text, path.name)
    problems = _parse_counted(text, path.name)
    results = path.with_name("mkcbres.txt")
    if results.is_file():
        best = read_best_known(results)
        problems = [_with_reference(p, best.get(p.name)) for p in problems]
    return problems


def read_best_known(path: Path | str) -> dict[str, float]:
    """Best feasible values of mkcbres.txt by problem name (``5.100-00``); the LP table that follows is ignored."""
    text = _read_text(Path(path))
    table = text.split("LP optimal")[0]
    return {name: float(value) for name, value in _RESULT_LINE.findall(table)}


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FormatError(f"{path.name}: larger than {MAX_FILE_BYTES} bytes")
        return path.read_text(encoding="ascii", errors="strict")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"{path.name}: cannot be read ({error})") from error


def _with_reference(problem: KnapsackProblem, best: float | None) -> KnapsackProblem:
    if best is None:
        return problem
    return KnapsackProblem(problem.name, problem.profits, problem.weights, problem.capacities, best)


class _Tokens:
    """Numbers of a file read one at a time, with errors naming the file and the problem being read."""

    def __init__(self, text: str, where: str) -> None:
        self._iter: Iterator[str] = iter(text.split())
        self.where = where

    def number(self, what: str) -> float:
        token = next(self._iter, None)
        if token is None:
            raise FormatError(f"{self.where}: the file ends where {what} was expected")
        try:
            return float(token)
        except ValueError:
            raise FormatError(f"{self.where}: {what} expected, found {token!r}") from None

    def count(self, what: str) -> int:
        value = self.number(what)
        if value != int(value) or value < 0:
            raise FormatError(f"{self.where}: {what} must be a non-negative integer, found {value}")
        return int(value)

    def numbers(self, n: int, what: str) -> tuple[float, ...]:
        return tuple(self.number(what) for _ in range(n))

    def leftover(self) -> str | None:
        return next(self._iter, None)


def _parse_counted(text: str, filename: str) -> list[KnapsackProblem]:
    tokens = _Tokens(text, filename)
    total = tokens.count("the number of problems")
    problems = [_parse_counted_problem(tokens, filename, k) for k in range(total)]
    extra = tokens.leftover()
    if extra is not None:
        raise FormatError(f"{filename}: unexpected {extra!r} after the {total} problems announced")
    return problems


def _parse_counted_problem(tokens: _Tokens, filename: str, k: int) -> KnapsackProblem:
    tokens.where = f"{filename}, problem {k + 1}"
    n = tokens.count("the number of items")
    m = tokens.count("the number of constraints")
    optimum = tokens.number("the optimal value")
    profits = tokens.numbers(n, "a profit")
    weights = tuple(tokens.numbers(n, f"a weight of constraint {i + 1}") for i in range(m))
    capacities = tokens.numbers(m, "a capacity")
    name = _chu_beasley_name(filename, m, n, k)
    return KnapsackProblem(name, profits, weights, capacities, optimum if optimum > 0 else None)


def _chu_beasley_name(filename: str, m: int, n: int, k: int) -> str:
    """mkcbres.txt names problem k of an m-constraint, n-item set ``m.n-kk``; other files get ``file#k``."""
    if filename.lower().startswith("mknapcb"):
        return f"{m}.{n}-{k:02d}"
    return f"{Path(filename).stem}-{k + 1}"


def _parse_commented(text: str, filename: str) -> list[KnapsackProblem]:
    banners = list(_BANNER.finditer(text))
    problems = []
    for index, banner in enumerate(banners):
        end = banners[index + 1].start() if index + 1 < len(banners) else len(text)
        body = text[banner.end() : end].replace("+", " ")
        problems.append(_parse_commented_problem(body, filename, banner.group(1).removesuffix(".DAT")))
    return problems


def _parse_commented_problem(body: str, filename: str, name: str) -> KnapsackProblem:
    tokens = _Tokens(body, f"{filename}, problem {name}")
    m = tokens.count("the number of knapsacks")
    n = tokens.count("the number of objects")
    profits = tokens.numbers(n, "a profit")
    capacities = tokens.numbers(m, "a capacity")
    weights = tuple(tokens.numbers(n, f"a weight of constraint {i + 1}") for i in range(m))
    optimum = tokens.number("the known optimum")
    extra = tokens.leftover()
    if extra is not None:
        raise FormatError(f"{tokens.where}: unexpected {extra!r} after the optimum")
    return KnapsackProblem(name, profits, weights, capacities, optimum)


def check_solution(problem: KnapsackProblem, chosen: Sequence[int]) -> float:
    """Profit of the chosen items after checking every capacity (FormatError-free: raises ValueError)."""
    for i, row in enumerate(problem.weights):
        load = sum(row[j] for j in chosen)
        if load > problem.capacities[i] + 1e-9:
            raise ValueError(
                f"{problem.name}: constraint {i + 1} exceeded ({load} > {problem.capacities[i]})"
            )
    return sum(problem.profits[j] for j in chosen)
