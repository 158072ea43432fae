"""Demo organisation after the seed's Exhibit 1: two business units, five lines, seven sites in six countries
on four continents; Site W (Lyon) hosts four groups from both business units."""

from __future__ import annotations

from typing import Any

from projectoffice.core.demo_context import DemoContext
from projectoffice.organization import services
from projectoffice.organization.models import Company, Site

UNITS = [
    # code, kind, name, parent
    ("NET", "bu", "Networks", None),
    ("ENT", "bu", "Enterprise Solutions", None),
    ("RAN", "bl", "Radio Access", "NET"),
    ("OPT", "pl", "Optical Transport", "NET"),
    ("CLD", "bl", "Cloud Services", "ENT"),
    ("SEC", "pl", "Security Products", "ENT"),
    ("IOT", "bl", "Industrial IoT", "ENT"),
]
SITES = [
    # code, name, city, country, subdivision, tz, currency, language, hours, max day, max week, rest
    ("W", "Site W", "Lyon", "FR", "", "Europe/Paris", "EUR", "fr", [["09:00", "12:30"], ["13:30", "17:30"]], 10, 48, 11),
    ("MUC", "Munich Design Centre", "Munich", "DE", "BY", "Europe/Berlin", "EUR", "de", [["08:00", "12:00"], ["12:45", "16:45"]], 10, 48, 11),
    ("BLR", "Bangalore R&D", "Bengaluru", "IN", "KA", "Asia/Kolkata", "INR", "en", [["09:30", "13:30"], ["14:30", "18:30"]], 9, 48, 12),
    ("AUS", "Austin Competence Centre", "Austin", "US", "TX", "America/Chicago", "USD", "en", [["08:00", "12:00"], ["13:00", "17:00"]], 12, 60, 8),
    ("SAO", "São Paulo Plant", "São Paulo", "BR", "SP", "America/Sao_Paulo", "BRL", "pt-BR", [["08:00", "12:00"], ["13:00", "17:48"]], 10, 44, 11),
    ("SIN", "Singapore Hub", "Singapore", "SG", "", "Asia/Singapore", "SGD", "en", [["09:00", "13:00"], ["14:00", "18:00"]], 12, 44, 11),
    ("MTL", "Montréal Lab", "Montréal", "CA", "QC", "America/Toronto", "CAD", "fr-CA", [["08:30", "12:00"], ["13:00", "16:30"]], 10, 50, 8),
]
GROUPS = [
    ("RAN", "W"), ("OPT", "W"), ("CLD", "W"), ("SEC", "W"),  # Site W: four lines, two business units
    ("RAN", "MUC"), ("OPT", "MUC"), ("CLD", "BLR"), ("SEC", "BLR"), ("IOT", "BLR"),
    ("RAN", "AUS"), ("CLD", "AUS"), ("IOT", "SAO"), ("SEC", "SIN"), ("OPT", "MTL"),
]
PSOS = [
    ("PSO-FR", "PSO France (Site W)", ["W"]),
    ("PSO-DE", "PSO Germany", ["MUC"]),
    ("PSO-IN", "PSO India", ["BLR"]),
    ("PSO-NA", "PSO North America", ["AUS", "MTL"]),
    ("PSO-BR", "PSO Brazil", ["SAO"]),
    ("PSO-SG", "PSO Singapore", ["SIN"]),
]


def load(ctx: DemoContext) -> None:
    company = Company.objects.create(code="GLOBEX", name="Globex Industries", reporting_currency="EUR")
    units: dict[str, Any] = {}
    for code, kind, name, parent in UNITS:
        units[code] = services.org_unit_create(by=None, company=company, kind=kind, code=code, name=name,
                                               parent=units.get(parent) if parent else None)  # type: ignore[arg-type]
    sites = {row[0]: _site(company, row) for row in SITES}
    groups = {
        (line, site): services.group_create(by=None, business_line=units[line], site=sites[site])  # type: ignore[arg-type]
        for line, site in GROUPS
    }
    pmos = {
        code: services.office_create(by=None, company=company, kind="pmo", code=f"PMO-{code}",
                                     name=f"PMO {units[code].name}", business_line=units[code])  # type: ignore[attr-defined]
        for code, kind, _, _ in UNITS if kind != "bu"
    }
    psos = {
        code: services.office_create(by=None, company=company, kind="pso", code=code, name=name,
                                     sites=[sites[s] for s in site_codes])
        for code, name, site_codes in PSOS
    }
    services.site_exception_set(site=sites["W"], by=None, date=ctx.today.replace(month=12, day=24),
                                name="Site closure (Christmas Eve)")
    ctx.data.update(company=company, units=units, sites=sites, groups=groups, pmos=pmos, psos=psos)


def _site(company: Company, row: tuple[Any, ...]) -> Site:
    code, name, city, country, subdivision, tz, currency, language, hours, max_day, max_week, rest = row
    return services.site_create(
        by=None, company=company, code=code, name=name, city=city, country=country, subdivision=subdivision,
        time_zone=tz, currency=currency, language=language, working_hours=hours, max_hours_per_day=max_day,
        max_hours_per_week=max_week, min_rest_hours=rest, archive_location=f"archive/{code.lower()}",
    )
