"""Shared test fixtures: a small multinational and the named personas every app's tests can log in as.

``org`` builds, through the real services, two companies:

    GLOBEX  BU NET: BL RAN, PL OPT          BU ENT: BL CLD → PL SEC (a product line under a line)
            sites W (Lyon, FR), MUC (Munich, DE-BY), AUS (Austin, US-TX)
            groups RAN@W OPT@W CLD@W RAN@MUC CLD@AUS SEC@AUS
            PMOs PMO-RAN PMO-OPT PMO-CLD       PSOs PSO-FR [W], PSO-DE [MUC], PSO-NA [AUS]
    INITECH BU X: BL XL, site Z (London), group XL@Z, PMO-XL, PSO-GB [Z]   (another company: the outsider's)

Two ordinary people per group, and one person per persona (``org.people[name]``), holding the role its name says:

    executive                  executive of GLOBEX (home W, group CLD@W)
    bu-executive               executive of BU NET (home MUC, group RAN@MUC)
    pmo-manager, pmo-project-manager, data-manager        of PMO-RAN; the PMO manager sits in Austin (CLD@AUS)
    pso-manager, project-leader, data-administrator, project-administrator, tool-expert,
    quality-assurance-officer                             of PSO-FR (Site W); the PSO manager holds a current PMP
    team-member                team member of RAN@W
    outsider                   team member of XL@Z at INITECH
    superuser                  a Django superuser without a person (``org.users["superuser"]``)

Fixtures: ``org`` (the world, per test), ``executive``, ``bu_executive``, ``pmo_manager``, ``pso_data_administrator``,
``team_member``, ``outsider``, ``superuser`` (fresh ``User`` rows), and ``client_as`` (a logged-in test client).
Use ``build_org()`` directly to build the same world in a wider-scoped fixture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PERSONAS = (
    "executive", "bu-executive", "pmo-manager", "pmo-project-manager", "data-manager", "pso-manager",
    "project-leader", "data-administrator", "project-administrator", "tool-expert", "quality-assurance-officer",
    "team-member", "outsider",
)
PASSWORD = "test-password"


@dataclass
class Org:
    """What ``build_org`` made, by code: ``org.sites["W"]``, ``org.groups["RAN@W"]``, ``org.offices["PSO-FR"]``."""

    company: Any
    other_company: Any
    units: dict[str, Any] = field(default_factory=dict)
    sites: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, Any] = field(default_factory=dict)
    offices: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)  # persona name → Person
    users: dict[str, Any] = field(default_factory=dict)  # persona name → User (superuser included)
    skills: dict[str, Any] = field(default_factory=dict)

    def user(self, name: str) -> Any:
        """A fresh copy of the persona's user (no scope cached from an earlier call)."""
        return get_user_model().objects.get(pk=self.users[name].pk)


# code, kind, parent; sites: code, country, subdivision, time zone, currency
_UNITS = {"GLOBEX": [("NET", "bu", None), ("ENT", "bu", None), ("RAN", "bl", "NET"), ("OPT", "pl", "NET"),
                     ("CLD", "bl", "ENT"), ("SEC", "pl", "CLD")],
          "INITECH": [("X", "bu", None), ("XL", "bl", "X")]}
_SITES = {"GLOBEX": [("W", "FR", "", "Europe/Paris", "EUR"), ("MUC", "DE", "BY", "Europe/Berlin", "EUR"),
                     ("AUS", "US", "TX", "America/Chicago", "USD")],
          "INITECH": [("Z", "GB", "", "Europe/London", "GBP")]}
_GROUPS = ["RAN@W", "OPT@W", "CLD@W", "RAN@MUC", "CLD@AUS", "SEC@AUS", "XL@Z"]
_PSOS = {"PSO-FR": ["W"], "PSO-DE": ["MUC"], "PSO-NA": ["AUS"], "PSO-GB": ["Z"]}
# persona, role, unit kind, unit code, home group
_PERSONAS = [
    ("executive", "executive", "company", "GLOBEX", "CLD@W"),
    ("bu-executive", "executive", "bu", "NET", "RAN@MUC"),
    ("pmo-manager", "pmo-manager", "office", "PMO-RAN", "CLD@AUS"),
    ("pmo-project-manager", "pmo-project-manager", "office", "PMO-RAN", "RAN@W"),
    ("data-manager", "data-manager", "office", "PMO-RAN", "RAN@MUC"),
    ("pso-manager", "pso-manager", "office", "PSO-FR", "OPT@W"),
    ("project-leader", "project-leader", "office", "PSO-FR", "RAN@W"),
    ("data-administrator", "data-administrator", "office", "PSO-FR", "OPT@W"),
    ("project-administrator", "project-administrator", "office", "PSO-FR", "CLD@W"),
    ("tool-expert", "tool-expert", "office", "PSO-FR", "CLD@W"),
    ("quality-assurance-officer", "quality-assurance-officer", "office", "PSO-FR", "RAN@W"),
    ("team-member", "team-member", "group", "RAN@W", "RAN@W"),
    ("outsider", "team-member", "group", "XL@Z", "XL@Z"),
]


def build_org(*, members_per_group: int = 2, today: dt.date | None = None) -> Org:
    """The world described in this module's docstring, made through the services (``by=None``: the system)."""
    from projectoffice.organization.models import Company
    from projectoffice.people import services as people

    today = today or dt.date.today()
    org = Org(company=Company.objects.create(code="GLOBEX", name="Globex"),
              other_company=Company.objects.create(code="INITECH", name="Initech", reporting_currency="GBP"))
    _build_structure(org)
    for group_code in _GROUPS:
        add_people(org, group_code, members_per_group)
    for name, role, kind, code, group_code in _PERSONAS:
        person = _person(org, name, group_code)
        unit = {"company": org.company, "bu": org.units.get(code), "office": org.offices.get(code),
                "group": org.groups.get(code)}[kind]
        people.role_assign(by=None, person=person, role=role, unit=unit)
        org.people[name], org.users[name] = person, person.user
    people.certification_add(by=None, person=org.people["pso-manager"], kind="PMP", number="PMP-1",
                             issued_on=today - dt.timedelta(days=400), expires_on=today + dt.timedelta(days=60))
    org.skills["PY"] = people.skill_create(by=None, company=org.company, code="PY", name="Python")
    org.skills["XL-ONLY"] = people.skill_create(by=None, company=org.other_company, code="XL", name="Excel")
    people.person_skill_set(by=None, person=org.people["team-member"], skill=org.skills["PY"], level=3)
    org.users["superuser"] = get_user_model().objects.create_superuser("superuser", "root@example.com", PASSWORD)
    return org


def _build_structure(org: Org) -> None:
    from projectoffice.organization import services

    companies = {"GLOBEX": org.company, "INITECH": org.other_company}
    for company_code, company in companies.items():
        for code, kind, parent in _UNITS[company_code]:
            org.units[code] = services.org_unit_create(by=None, company=company, kind=kind, code=code,
                                                       name=f"Unit {code}", parent=org.units.get(parent or ""))
        for code, country, subdivision, tz, currency in _SITES[company_code]:
            org.sites[code] = services.site_create(by=None, company=company, code=code, name=f"Site {code}",
                                                   country=country, subdivision=subdivision, time_zone=tz,
                                                   currency=currency)
    for code in _GROUPS:
        line, site = code.split("@")
        org.groups[code] = services.group_create(by=None, business_line=org.units[line], site=org.sites[site])
    for line in ("RAN", "OPT", "CLD", "XL"):
        company = org.units[line].company
        org.offices[f"PMO-{line}"] = services.office_create(by=None, company=company, kind="pmo", code=f"PMO-{line}",
                                                            name=f"PMO {line}", business_line=org.units[line])
    for code, site_codes in _PSOS.items():
        company = org.sites[site_codes[0]].company
        org.offices[code] = services.office_create(by=None, company=company, kind="pso", code=code, name=code,
                                                   sites=[org.sites[s] for s in site_codes])


def _person(org: Org, username: str, group_code: str) -> Any:
    from projectoffice.people import services

    group = org.groups[group_code]
    company = org.other_company if group_code.endswith("@Z") else org.company
    return services.person_create(by=None, company=company, username=username, first_name=username.title(),
                                  last_name=group_code, email=f"{username}@example.com", home_site=group.site,
                                  group=group, password=PASSWORD)


def add_people(org: Org, group_code: str, count: int) -> list[Any]:
    """``count`` more ordinary members of a group (each a team member of it): grows the data for query counts."""
    from projectoffice.people import services
    from projectoffice.people.models import Person

    start = Person.objects.count()
    made = []
    for serial in range(start, start + count):
        person = _person(org, f"member{serial:04d}", group_code)
        services.role_assign(by=None, person=person, role="team-member", unit=org.groups[group_code])
        made.append(person)
    return made


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


@pytest.fixture
def executive(org: Org) -> Any:
    return org.user("executive")


@pytest.fixture
def bu_executive(org: Org) -> Any:
    return org.user("bu-executive")


@pytest.fixture
def pmo_manager(org: Org) -> Any:
    return org.user("pmo-manager")


@pytest.fixture
def pso_data_administrator(org: Org) -> Any:
    return org.user("data-administrator")


@pytest.fixture
def team_member(org: Org) -> Any:
    return org.user("team-member")


@pytest.fixture
def outsider(org: Org) -> Any:
    return org.user("outsider")


@pytest.fixture
def superuser(org: Org) -> Any:
    return org.user("superuser")


@pytest.fixture
def client_as(db: None) -> Callable[[Any], Client]:
    """``client_as(user)``: a test client with ``user`` logged in (``None``: anonymous)."""

    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
