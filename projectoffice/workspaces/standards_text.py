"""The plain-text layout in which a PMO edits its standards on the page (the API takes the structures).

Lifecycle — one phase per line, its gate after a bar::

    Definition | G1 — Go for design
    Design | G2 — Design frozen

Library template — a folder per unindented line, its documents indented below, each optionally followed by the
phase that requires it and ``CI`` for a configuration item::

    Management
      Project charter | Definition
      Requirements specification | Definition | CI
"""

from __future__ import annotations

from typing import Any

from projectoffice.core.errors import ApplicationError


def phases_from_text(text: str) -> list[dict[str, str]]:
    phases = []
    for line in text.splitlines():
        if line.strip():
            name, _, gate = line.partition("|")
            phases.append({"name": name.strip(), "gate": gate.strip()})
    return phases


def phases_to_text(phases: list[dict[str, str]]) -> str:
    return "\n".join(f"{p['name']} | {p['gate']}" if p.get("gate") else p["name"] for p in phases)


def folders_from_text(text: str) -> list[dict[str, Any]]:
    folders: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not line[0].isspace() and not line.startswith("-"):
            folders.append({"name": line.strip(), "documents": []})
            continue
        if not folders:
            raise ApplicationError(f"Line {number}: a document comes under a folder (an unindented line first).",
                                   field="folders")
        parts = [part.strip() for part in line.strip().lstrip("-").split("|")]
        flags = {part.upper() for part in parts[2:]}
        if flags - {"CI", ""}:
            raise ApplicationError(f"Line {number}: after the title and the phase only “CI” may follow.",
                                   field="folders")
        folders[-1]["documents"].append({"title": parts[0], "phase": parts[1] if len(parts) > 1 else "",
                                         "configuration_item": "CI" in flags})
    return folders


def folders_to_text(folders: list[dict[str, Any]]) -> str:
    lines = []
    for folder in folders:
        lines.append(folder["name"])
        for doc in folder.get("documents", ()):
            parts = [doc["title"], doc.get("phase", "")] + (["CI"] if doc.get("configuration_item") else [])
            lines.append("  " + " | ".join(parts).rstrip(" |"))
    return "\n".join(lines)
