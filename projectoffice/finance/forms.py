"""Forms of the finance pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms

from projectoffice.finance.models import CostCategory, CostLine
from projectoffice.organization.models import Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Project

MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


class CostRateForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none())
    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False,
                                    help_text="Leave empty for a role rate")
    role = forms.CharField(required=False, max_length=120, help_text="A job title; empty = the site's default")
    currency = forms.CharField(required=False, max_length=3, help_text="The site's currency (ISO 4217)")
    hourly_rate = forms.DecimalField(min_value=None, max_digits=12, decimal_places=2)
    valid_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class RateEndForm(forms.Form):
    valid_to = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


class ExchangeRateForm(forms.Form):
    currency = forms.CharField(required=False, max_length=3)
    month = forms.DateField(input_formats=MONTH_FORMATS, widget=MONTH_INPUT)
    rate = forms.DecimalField(max_digits=18, decimal_places=8,
                              help_text="Units of the reporting currency for one unit of the currency")


class RatesImportForm(forms.Form):
    file = forms.FileField(help_text="CSV: currency,month,rate (month as YYYY-MM); every row or none")


class ExpenseForm(forms.Form):
    project = forms.ModelChoiceField(queryset=Project.objects.none())
    kind = forms.ChoiceField(choices=CostLine.Kind.choices)
    category = forms.ChoiceField(choices=CostCategory.choices)
    incurred_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(max_digits=14, decimal_places=2)
    currency = forms.CharField(required=False, max_length=3, help_text="Empty: the project's currency")
    description = forms.CharField(max_length=300)
    supplier = forms.CharField(required=False, max_length=200)
    invoice_number = forms.CharField(required=False, max_length=60)
    attachment = forms.FileField(required=False, help_text="Receipt or invoice: PDF, PNG, JPEG, TXT, CSV, XLSX")


class RejectForm(forms.Form):
    reason = forms.CharField(max_length=300)


class BudgetCellForm(forms.Form):
    category = forms.ChoiceField(choices=CostCategory.choices)
    month = forms.DateField(input_formats=MONTH_FORMATS, widget=MONTH_INPUT)
    amount = forms.DecimalField(max_digits=16, decimal_places=2, help_text="0 removes the cell")


class RefreshForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none())
    month = forms.DateField(input_formats=MONTH_FORMATS, widget=MONTH_INPUT)
