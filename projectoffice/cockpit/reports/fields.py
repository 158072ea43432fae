"""The fields a corporate status-report template may use, and the check of a template the PMO edits."""

from __future__ import annotations

from typing import Any

from projectoffice.core.errors import ApplicationError

FIELDS: dict[str, str] = {
    "identity": "Code, name, business line, lead site, project manager",
    "status": "Status and health (with its reason)",
    "schedule": "Planned, scheduled and baseline dates",
    "milestones": "Milestones: due, done and late",
    "evm": "Earned value: BAC, PV, EV, AC, SPI, CPI, EAC",
    "s_curve": "S-curve (cumulative PV, EV, AC by month)",
    "gantt_summary": "Summary tasks with their dates and progress",
    "risks": "Open risks by exposure",
    "changes": "Change requests",
    "commentary": "The project manager's commentary",
}
DEFAULT_SECTIONS: list[dict[str, Any]] = [
    {"title": "Project", "fields": ["identity", "status"]},
    {"title": "Schedule", "fields": ["schedule", "milestones", "gantt_summary"]},
    {"title": "Cost and earned value", "fields": ["evm", "s_curve"]},
    {"title": "Risks and changes", "fields": ["risks", "changes"]},
    {"title": "Project manager's commentary", "fields": ["commentary"]},
]
MAX_SECTIONS = 20


def sections_check(sections: Any) -> list[dict[str, Any]]:
    """The sections, normalised; ApplicationError naming the first unknown field or malformed section."""
    if not isinstance(sections, list) or not 1 <= len(sections) <= MAX_SECTIONS:
        raise ApplicationError(f"A template has 1 to {MAX_SECTIONS} sections.", field="sections")
    clean = []
    for number, section in enumerate(sections, start=1):
        if not isinstance(section, dict) or not str(section.get("title", "")).strip():
            raise ApplicationError(f"Section {number} needs a title.", field="sections")
        names = section.get("fields")
        if not isinstance(names, list) or not names:
            raise ApplicationError(f"Section {number} needs at least one field.", field="sections")
        for name in names:
            if name not in FIELDS:
                raise ApplicationError(f"Unknown field {name!r} in section {number}; known: {', '.join(FIELDS)}.",
                                       field="sections")
        clean.append({"title": str(section["title"]).strip()[:120], "fields": list(names)})
    return clean


def sections_parse(text: str) -> list[dict[str, Any]]:
    """The template form's text: one section a line, ``Title: field, field``."""
    sections = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, _, names = line.partition(":")
        sections.append({"title": title.strip(), "fields": [n.strip() for n in names.split(",") if n.strip()]})
    return sections_check(sections)


def sections_text(sections: list[dict[str, Any]]) -> str:
    return "\n".join(f"{s['title']}: {', '.join(s['fields'])}" for s in sections)
