"""Validation of the ISO and IANA codes the organisation uses: countries, subdivisions, currencies, time zones."""

from __future__ import annotations

import zoneinfo
from functools import cache

import holidays
import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", "Use letters, digits, dots, dashes and underscores only (no spaces)."
)


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_country(value: str) -> None:
    if pycountry.countries.get(alpha_2=value) is None or value != value.upper():
        raise ValidationError(f"“{value}” is not an ISO 3166-1 alpha-2 country code (e.g. FR, US, IN).")


def validate_currency(value: str) -> None:
    if pycountry.currencies.get(alpha_3=value) is None or value != value.upper():
        raise ValidationError(f"“{value}” is not an ISO 4217 currency code (e.g. EUR, USD, INR).")


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(f"“{value}” is not an IANA time zone (e.g. Europe/Paris, America/New_York).")


def validate_language(value: str) -> None:
    base = value.split("-")[0]
    if pycountry.languages.get(alpha_2=base) is None:
        raise ValidationError(f"“{value}” is not an ISO 639-1 language code (e.g. en, fr, de, pt-BR).")


def subdivision_error(country: str, subdivision: str) -> str | None:
    """Why ``subdivision`` is not one of the holiday subdivisions known for ``country`` (None when it is)."""
    if not subdivision:
        return None
    try:
        known = holidays.country_holidays(country).subdivisions
    except NotImplementedError:
        return f"No holiday calendar is known for country {country}, so no subdivision can be set."
    if subdivision not in known:
        sample = ", ".join(list(known)[:8])
        return f"“{subdivision}” is not a subdivision of {country} (known: {sample}…)."
    return None


def currency_name(code: str) -> str:
    currency = pycountry.currencies.get(alpha_3=code)
    return currency.name if currency else code


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code
