"""Demo people: ~150 across the sites, the staff of every PMO and PSO, certifications (a few expiring soon,
two managers breaking the seed's certification rules), skills, and one login per role (password "demo")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from projectoffice.core.demo_context import DEMO_PASSWORD, DemoContext
from projectoffice.people import services
from projectoffice.people.models import PMI_CERTIFICATIONS, CertificationKind, Person, Role

FIRST = {
    "FR": ["Camille", "Julien", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Thomas", "Inès", "Nicolas", "Sarah", "Antoine"],
    "DE": ["Lukas", "Anna", "Felix", "Lena", "Jonas", "Mia", "Paul", "Laura", "Tobias", "Sophie"],
    "IN": ["Aarav", "Priya", "Vikram", "Ananya", "Rahul", "Divya", "Arjun", "Kavya", "Rohan", "Meera", "Sanjay", "Nisha"],
    "US": ["Emily", "James", "Olivia", "Michael", "Ava", "Daniel", "Madison", "Ethan", "Grace", "Ryan"],
    "BR": ["Gabriel", "Beatriz", "Rafael", "Larissa", "Mateus", "Fernanda", "Lucas", "Juliana"],
    "SG": ["Wei Ling", "Jun Jie", "Hui Min", "Kai Xiang", "Siti", "Ravi", "Mei Ling", "Darren"],
    "CA": ["Émilie", "Olivier", "Gabrielle", "William", "Florence", "Samuel", "Rosalie", "Félix"],
}
LAST = {
    "FR": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent"],
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz"],
    "IN": ["Sharma", "Iyer", "Reddy", "Nair", "Patel", "Rao", "Menon", "Gupta", "Krishnan", "Bhat", "Kulkarni", "Joshi"],
    "US": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Taylor"],
    "BR": ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Almeida"],
    "SG": ["Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Chua", "Koh"],
    "CA": ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie"],
}
PEOPLE_PER_SITE = {"W": 34, "MUC": 20, "BLR": 34, "AUS": 20, "SAO": 12, "SIN": 12, "MTL": 12}
TITLES = ["Software engineer", "Hardware engineer", "Firmware engineer", "Test engineer", "System architect",
          "Business analyst", "Graphic designer", "Network engineer", "Data analyst", "Technical writer"]
SKILLS = [
    ("PM", "Project management", "Management"), ("SCHED", "Planning and scheduling", "Management"),
    ("RISK", "Risk management", "Management"), ("COST", "Cost control", "Management"),
    ("RF", "RF engineering", "Hardware"), ("PCB", "PCB design", "Hardware"), ("FPGA", "FPGA design", "Hardware"),
    ("EMB", "Embedded C", "Firmware"), ("RTOS", "Real-time OS", "Firmware"),
    ("JAVA", "Java", "Software"), ("PY", "Python", "Software"), ("CLOUD", "Cloud architecture", "Software"),
    ("SECOPS", "Security operations", "Software"), ("TEST", "Test automation", "Quality"),
    ("QA", "Quality assurance", "Quality"), ("UX", "Graphic and UX design", "Design"),
    ("DATA", "Data analysis", "Software"), ("NET", "Network engineering", "Infrastructure"),
    ("TOOLS", "PM tools administration", "Tools"), ("CONTRACT", "Contract management", "Management"),
]

# The demo logins: username = role; where the role is held.
LOGINS: list[tuple[str, str, str, str]] = [
    # username, role, scope kind, scope code
    ("executive", Role.EXECUTIVE, "company", "GLOBEX"),
    ("bu-executive", Role.EXECUTIVE, "bu", "NET"),
    ("pmo-manager", Role.PMO_MANAGER, "pmo", "RAN"),
    ("pmo-project-manager", Role.PMO_PROJECT_MANAGER, "pmo", "RAN"),
    ("data-manager", Role.DATA_MANAGER, "pmo", "RAN"),
    ("pso-manager", Role.PSO_MANAGER, "pso", "PSO-FR"),
    ("project-leader", Role.PROJECT_LEADER, "pso", "PSO-FR"),
    ("data-administrator", Role.DATA_ADMINISTRATOR, "pso", "PSO-FR"),
    ("project-administrator", Role.PROJECT_ADMINISTRATOR, "pso", "PSO-FR"),
    ("tool-expert", Role.TOOL_EXPERT, "pso", "PSO-FR"),
    ("quality-assurance-officer", Role.QUALITY_ASSURANCE_OFFICER, "pso", "PSO-FR"),
    ("team-member", Role.TEAM_MEMBER, "group", "RAN@W"),
]
PMO_STAFF = [Role.PMO_MANAGER, Role.PMO_PROJECT_MANAGER, Role.PMO_PROJECT_MANAGER, Role.DATA_MANAGER]
PSO_STAFF = [Role.PSO_MANAGER, Role.PROJECT_LEADER, Role.PROJECT_LEADER, Role.DATA_ADMINISTRATOR,
             Role.PROJECT_ADMINISTRATOR, Role.TOOL_EXPERT, Role.QUALITY_ASSURANCE_OFFICER]


def load(ctx: DemoContext) -> None:
    company = ctx.data["company"]
    skills = [services.skill_create(by=None, company=company, code=c, name=n, category=k) for c, n, k in SKILLS]
    people = _create_people(ctx)
    _give_office_roles(ctx, people)
    _give_demo_logins(ctx, people)
    for person in people:
        if person.group and not person.roles.filter(role=Role.TEAM_MEMBER).exists():
            services.role_assign(by=None, person=person, role=Role.TEAM_MEMBER, unit=person.group)
        for skill in ctx.rng.sample(skills, 3):
            services.person_skill_set(by=None, person=person, skill=skill, level=ctx.rng.randint(1, 5))
    _certify(ctx, people)
    ctx.data.update(people=people, skills=skills)


def _create_people(ctx: DemoContext) -> list[Person]:
    people: list[Person] = []
    serial = 0
    for site_code, count in PEOPLE_PER_SITE.items():
        site = ctx.data["sites"][site_code]
        groups = [g for (line, s), g in ctx.data["groups"].items() if s == site_code]
        lead: dict[int, Person] = {}
        for index in range(count):
            serial += 1
            group = groups[index % len(groups)]
            first, last = ctx.rng.choice(FIRST[site.country]), ctx.rng.choice(LAST[site.country])
            person = services.person_create(
                by=None, company=ctx.data["company"], username=f"u{serial:04d}", first_name=first, last_name=last,
                email=f"u{serial:04d}@globex.example", home_site=site, group=group,
                line_manager=lead.get(group.pk), job_title="Group leader" if group.pk not in lead else ctx.rng.choice(TITLES),
            )
            lead.setdefault(group.pk, person)
            people.append(person)
    return people


def _pick(ctx: DemoContext, people: list[Person], site_codes: set[str], taken: set[int]) -> Person:
    candidates = [p for p in people if p.home_site.code in site_codes and p.pk not in taken]
    person = ctx.rng.choice(candidates)
    taken.add(person.pk)
    return person


def _give_office_roles(ctx: DemoContext, people: list[Person]) -> None:
    taken: set[int] = set()
    staff: dict[tuple[str, str], Person] = {}
    for line, pmo in ctx.data["pmos"].items():
        line_sites = {site for (held_by, site) in ctx.data["groups"] if held_by == line}
        for role in PMO_STAFF:
            person = _pick(ctx, people, line_sites, taken)
            services.role_assign(by=None, person=person, role=role, unit=pmo)
            staff.setdefault((pmo.code, role), person)
    for code, pso in ctx.data["psos"].items():
        site_codes = {s.code for s in pso.sites.all()}
        for role in PSO_STAFF:
            person = _pick(ctx, people, site_codes, taken)
            services.role_assign(by=None, person=person, role=role, unit=pso)
            staff.setdefault((code, role), person)
    ctx.data["office_staff"] = staff


def _give_demo_logins(ctx: DemoContext, people: list[Person]) -> None:
    """Turn one holder of each role into the login named after the role."""
    user_model = get_user_model()
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: the same for every demo login
    units: dict[str, Any] = {
        "company": {"GLOBEX": ctx.data["company"]},
        "bu": {c: u for c, u in ctx.data["units"].items()},
        "pmo": {line: pmo for line, pmo in ctx.data["pmos"].items()},
        "pso": ctx.data["psos"],
        "group": {f"{line}@{site}": g for (line, site), g in ctx.data["groups"].items()},
    }
    for username, role, kind, code in LOGINS:
        unit = units[kind][code]
        office_code = getattr(unit, "code", "")
        person = ctx.data["office_staff"].get((office_code, role)) if kind in ("pmo", "pso") else None
        if person is None:
            person = _login_holder(ctx, people, kind, unit)
            services.role_assign(by=None, person=person, role=role, unit=unit)
        user = person.user
        user.username = username
        user.password = password_hash
        user.is_staff = role in (Role.DATA_ADMINISTRATOR, Role.DATA_MANAGER)
        user.save()
        ctx.logins[username] = f"{Role(role).label} of {unit}"
    assert user_model.objects.filter(username="executive").exists()


def _login_holder(ctx: DemoContext, people: list[Person], kind: str, unit: Any) -> Person:
    if kind == "group":
        return next(p for p in people if p.group_id == unit.pk and p.line_manager_id is not None
                    and not p.roles.exclude(role=Role.TEAM_MEMBER).exists())
    site = "W" if kind == "company" else "MUC"
    return next(p for p in people if p.home_site.code == site and not p.roles.exists())


def _certify(ctx: DemoContext, people: list[Person]) -> None:
    today = ctx.today
    staff = ctx.data["office_staff"]
    managers = {p.pk for (code, role), p in staff.items() if role in (Role.PMO_MANAGER, Role.PSO_MANAGER)}
    uncertified = {staff[("PMO-IOT", Role.PMO_MANAGER)].pk, staff[("PSO-BR", Role.PSO_MANAGER)].pk}
    serial = 1000
    for person in people:
        kinds = []
        if person.pk in managers and person.pk not in uncertified:
            kinds.append(CertificationKind.PMP)
        if ctx.rng.random() < 0.3:
            kinds.append(ctx.rng.choice([CertificationKind.PRINCE2_PRACTITIONER, CertificationKind.PMI_RMP,
                                         CertificationKind.CAPM, CertificationKind.PMI_ACP, CertificationKind.CSM]))
        if person.pk in uncertified:  # they break the seed's rules on purpose: no PMI certificate at all
            kinds = [kind for kind in kinds if kind not in PMI_CERTIFICATIONS]
        for kind in dict.fromkeys(kinds):
            serial += 1
            issued = today - dt.timedelta(days=ctx.rng.randint(200, 1500))
            expires = today + dt.timedelta(days=ctx.rng.choice([30, 60, 75, 200, 400, 700]))
            services.certification_add(by=None, person=person, kind=kind, number=f"{kind}-{serial}",
                                       issued_on=issued, expires_on=expires)
