"""The report an import gives back: what was mapped (counts), what was left out (where, how many, examples, why)
and the warnings worth reading (resources merged, dates kept as the file computed them, ...)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from projectoffice.projects.interchange.mspdi_survey import NotKept


@dataclass(slots=True)
class ImportReport:
    source: str
    project_code: str = ""
    created_project: bool = False
    mapped: Counter[str] = field(default_factory=Counter)
    not_kept: list[NotKept] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recomputed: bool = False

    def as_data(self) -> dict[str, Any]:
        """Plain data for the API, the audit trail and the command's JSON output."""
        return {
            "source": self.source, "project": self.project_code, "created_project": self.created_project,
            "mapped": dict(self.mapped), "not_kept": [asdict(item) for item in self.not_kept],
            "warnings": list(self.warnings), "recomputed": self.recomputed,
        }

    def lines(self) -> list[str]:
        """A human-readable summary, one line each (the command prints it, the page lists it)."""
        out = [f"{self.source} → project {self.project_code}" + (" (new)" if self.created_project else "")]
        out.append("Mapped: " + ", ".join(f"{count} {what}" for what, count in self.mapped.items() if count))
        out += [f"Warning: {text}" for text in self.warnings]
        for item in self.not_kept:
            examples = "; ".join(item.examples)
            out.append(f"Not kept: {item.where} x{item.count} ({item.reason}){' e.g. ' + examples if examples else ''}")
        return out
