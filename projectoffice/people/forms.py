from __future__ import annotations

from django import forms

from projectoffice.people.models import CertificationKind, Person, Proficiency, Role


class PersonForm(forms.Form):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    home_site = forms.ModelChoiceField(queryset=Person.objects.none())
    group = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    line_manager = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    job_title = forms.CharField(max_length=120, required=False)
    phone = forms.CharField(max_length=40, required=False)


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(choices=CertificationKind.choices)
    number = forms.CharField(max_length=40)
    issued_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PersonSkillForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Person.objects.none())
    level = forms.TypedChoiceField(choices=Proficiency.choices, coerce=int)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    unit = forms.ChoiceField(help_text="The company, business unit, PMO, PSO or group the role is held in")


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What will use it, e.g. “nightly export”")
    expires_at = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
