"""The WBS outline as a tree in memory: structural edits (insert, indent, outdent, move) and the derived
columns every row carries (row number, outline level, WBS code, summary flag), written back in bulk.

Rows of a subtree always follow their summary contiguously, so every edit is a tree edit and the row order
is the tree's depth-first order.
"""

from __future__ import annotations

from collections import defaultdict

from projectoffice.core.errors import ApplicationError
from projectoffice.projects.models import Project, Task

DERIVED = ("sort_index", "outline_level", "wbs", "is_summary")


class Outline:
    """Children lists of a project's tasks (``None`` = top level), loaded in row order."""

    def __init__(self, project: Project) -> None:
        self.project = project
        rows = Task.objects.filter(project=project).order_by("sort_index", "pk").values_list(
            "pk", "parent_id", *DERIVED)
        self.parent: dict[int, int | None] = {}
        self.stored: dict[int, tuple[object, ...]] = {}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for pk, parent_id, *derived in rows:
            self.parent[pk] = parent_id
            self.stored[pk] = tuple(derived)
            self.children[parent_id].append(pk)
        self.original_parent = dict(self.parent)

    def siblings(self, pk: int) -> list[int]:
        return self.children[self.parent[pk]]

    def insert(self, pk: int, *, parent: int | None, index: int | None = None) -> None:
        """Place ``pk`` under ``parent`` at ``index`` (the end by default)."""
        self.parent[pk] = parent
        row = self.children[parent]
        row.insert(len(row) if index is None else index, pk)

    def insert_after(self, pk: int, after: int | None) -> None:
        """A new row just below ``after``'s subtree, at its level (at the end of the plan when None)."""
        if after is None:
            self.insert(pk, parent=None)
            return
        siblings = self.siblings(after)
        self.insert(pk, parent=self.parent[after], index=siblings.index(after) + 1)

    def indent(self, pk: int) -> int:
        """Make ``pk`` the last child of the sibling above it; returns that new summary."""
        siblings = self.siblings(pk)
        position = siblings.index(pk)
        if position == 0:
            raise ApplicationError("The first task of its level cannot be indented.", field="outline_level")
        new_parent = siblings[position - 1]
        siblings.pop(position)
        self.insert(pk, parent=new_parent)
        return new_parent

    def outdent(self, pk: int) -> None:
        """Move ``pk`` one level up; the siblings below it become its children (MS Project's rule)."""
        old_parent = self.parent[pk]
        if old_parent is None:
            raise ApplicationError("A top-level task cannot be outdented.", field="outline_level")
        siblings = self.siblings(pk)
        position = siblings.index(pk)
        below = siblings[position + 1:]
        del siblings[position:]
        for child in below:
            self.insert(child, parent=pk)
        grand = self.children[self.parent[old_parent]]
        self.insert(pk, parent=self.parent[old_parent], index=grand.index(old_parent) + 1)

    def move(self, pk: int, step: int) -> None:
        """Swap ``pk`` (with its subtree) with the sibling above (``step=-1``) or below (``+1``)."""
        siblings = self.siblings(pk)
        position = siblings.index(pk)
        target = position + step
        if not 0 <= target < len(siblings):
            raise ApplicationError("The task is already at the edge of its level.", field="sort_index")
        siblings[position], siblings[target] = siblings[target], siblings[position]

    def subtree(self, pk: int) -> list[int]:
        out, todo = [], [pk]
        while todo:
            node = todo.pop()
            out.append(node)
            todo.extend(reversed(self.children.get(node, [])))
        return out

    def derived(self) -> dict[int, tuple[int, int, str, bool]]:
        """Row number, level, WBS code and summary flag of every row, in depth-first order."""
        out: dict[int, tuple[int, int, str, bool]] = {}
        stack: list[tuple[int, int, str]] = [(pk, 1, str(i)) for i, pk in
                                             reversed(list(enumerate(self.children[None], start=1)))]
        while stack:
            pk, level, code = stack.pop()
            kids = self.children.get(pk, [])
            out[pk] = (len(out) + 1, level, code, bool(kids))
            stack.extend((kid, level + 1, f"{code}.{i}") for i, kid in reversed(list(enumerate(kids, start=1))))
        return out

    def save(self) -> int:
        """Write parents and derived columns of the rows that changed; returns how many."""
        from projectoffice.projects.services.recompute import write_fields

        derived = self.derived()
        rows = []
        for pk, values in derived.items():
            if values != self.stored.get(pk) or self.parent[pk] != self.original_parent.get(pk):
                rows.append(Task(pk=pk, parent_id=self.parent[pk], **dict(zip(DERIVED, values, strict=True))))
        write_fields(rows, ("parent", *DERIVED))
        return len(rows)
