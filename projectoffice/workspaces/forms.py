"""Forms of the PMO's standards, in the plain-text layout of ``standards_text``."""

from __future__ import annotations

from django import forms

TEXTAREA = forms.Textarea(attrs={"rows": 14, "style": "font-family:monospace"})


class LifecycleForm(forms.Form):
    name = forms.CharField(max_length=120)
    phases = forms.CharField(widget=TEXTAREA, strip=False, help_text="One phase per line, its gate after a bar: "
                             "“Definition | G1 — Go for design”. Projects already using it keep their phases.")


class LibraryTemplateForm(forms.Form):
    name = forms.CharField(max_length=120)
    folders = forms.CharField(widget=TEXTAREA, strip=False, help_text="A folder per unindented line; its documents indented "
                              "below, optionally followed by the phase that requires them and CI for a "
                              "configuration item: “  Requirements specification | Definition | CI”.")
