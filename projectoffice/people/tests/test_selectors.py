"""People reads: the seed's warnings, expiring certifications, the home page's workspace."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from projectoffice.people import selectors, services
from projectoffice.people.models import Person

TODAY = dt.date(2026, 6, 1)


def person(name: str) -> Person:
    return Person.objects.prefetch_related("roles", "certifications").get(user__username=name)


def test_any_current_pmi_certification_satisfies_the_pmo_rule(org):
    assert [w.message for w in selectors.person_warnings(person("pmo-manager"), today=TODAY)] == [
        f"{org.people['pmo-manager']} is a PMO manager without a current PMI certification."]
    services.certification_add(by=None, person=org.people["pmo-manager"], kind="PMI-RMP", number="R1",
                               issued_on=dt.date(2025, 1, 1), expires_on=dt.date(2028, 1, 1))
    assert selectors.person_warnings(person("pmo-manager"), today=TODAY) == []


def test_prince2_does_not_satisfy_the_pso_rule_and_an_expired_pmp_no_longer_does(org):
    pso_manager = org.people["pso-manager"]
    services.certification_add(by=None, person=pso_manager, kind="PRINCE2-P", number="P1",
                               issued_on=dt.date(2025, 1, 1))
    later = timezone.localdate() + dt.timedelta(days=61)  # the PMP expires in 60 days
    assert selectors.person_warnings(person("pso-manager"), today=timezone.localdate()) == []
    assert len(selectors.person_warnings(person("pso-manager"), today=later)) == 1


def test_certifications_expiring_within_90_days_include_the_boundaries(org):
    person_ = org.people["team-member"]
    made = {days: services.certification_add(by=None, person=person_, kind=kind, number=f"E{days}",
                                              issued_on=dt.date(2020, 1, 1),
                                              expires_on=TODAY + dt.timedelta(days=days))
            for days, kind in ((-1, "PMP"), (0, "CAPM"), (90, "CSM"), (91, "PMI-SP"))}
    expiring = selectors.certifications_expiring(person("team-member").certifications.all(), today=TODAY)
    assert {c.pk for c in expiring} == {made[0].pk, made[90].pk}


def test_the_workspace_of_a_pso_member_shows_their_sites_clock_and_next_days_off(org):
    workspace = selectors.my_workspace(org.user("data-administrator"), now=timezone.now())
    assert [role.role for role in workspace.roles] == ["data-administrator"]
    assert [clock.site.code for clock in workspace.clocks] == ["W"]
    assert len(workspace.clocks[0].next_days_off) == 3
    assert workspace.clocks[0].local_time.tzinfo is not None


def test_an_account_without_a_profile_has_an_empty_workspace(org, superuser):
    workspace = selectors.my_workspace(superuser, now=timezone.now())
    assert (workspace.person, workspace.roles, workspace.clocks) == (None, [], [])
