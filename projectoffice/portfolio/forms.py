from __future__ import annotations

from django import forms

from projectoffice.portfolio.models import Proposal, Scenario

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
SAATY = [(f"{v}", label) for v, label in [
    ("9", "9 — extremely more"), ("7", "7 — very strongly more"), ("5", "5 — strongly more"),
    ("3", "3 — moderately more"), ("1", "1 — equal"), ("0.333333", "1/3 — moderately less"),
    ("0.2", "1/5 — strongly less"), ("0.142857", "1/7 — very strongly less"), ("0.111111", "1/9 — extremely less"),
]]


class MonthField(forms.DateField):
    widget = MONTH
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class ProposalForm(forms.ModelForm):
    earliest_start = MonthField(help_text="First month it may start")
    latest_start = MonthField(help_text="Last month it may start")

    class Meta:
        model = Proposal
        fields = ["code", "name", "description", "nature", "lead_site", "sponsor", "customer", "currency",
                  "discount_rate", "risk", "risk_notes", "earliest_start", "latest_start", "mandatory"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "risk_notes": forms.Textarea(attrs={"rows": 2})}


class ScenarioForm(forms.ModelForm):
    start_month = MonthField()
    yearly_budgets = forms.CharField(help_text="One amount per 12 months, comma-separated (reporting currency)")
    force_in = forms.ModelMultipleChoiceField(queryset=Proposal.objects.none(), required=False)
    force_out = forms.ModelMultipleChoiceField(queryset=Proposal.objects.none(), required=False)

    class Meta:
        model = Scenario
        fields = ["name", "objective", "start_month", "months", "yearly_budgets", "time_limit", "frontier_points"]

    def clean_yearly_budgets(self) -> list[float]:
        raw = self.cleaned_data["yearly_budgets"]
        try:
            return [float(part.replace("_", "").replace(" ", "")) for part in str(raw).strip("[]").split(",")
                    if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError("Give amounts separated by commas, e.g. 4000000, 4500000, 5000000.") from exc

    def prepare_budgets(self) -> None:
        if self.instance.pk and not self.is_bound:
            self.initial["yearly_budgets"] = ", ".join(f"{b:g}" for b in self.instance.yearly_budgets)


class FeasibilityForm(forms.Form):
    technical = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    resources = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    historical = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    partners = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    country_issues = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    conclusion = forms.ChoiceField(choices=[("pending", "Pending"), ("feasible", "Feasible"),
                                            ("conditions", "Feasible with conditions"),
                                            ("not_feasible", "Not feasible")])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approved", "Approve"), ("rejected", "Reject"), ("deferred", "Defer")])
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
