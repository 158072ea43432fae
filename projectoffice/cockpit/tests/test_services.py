from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core import mail

from projectoffice.cockpit import services
from projectoffice.cockpit.models import ScorecardEntry, StatusReport
from projectoffice.cockpit.selectors.scorecard import scorecard
from projectoffice.core.errors import ApplicationError, PermissionDenied


def test_a_template_with_an_unknown_field_is_refused_by_name(org: Any, pmo_manager: Any, team_member: Any) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.report_template_update(by=pmo_manager, company=org.company, title="Weekly",
                                        sections=[{"title": "A", "fields": ["evm", "salary"]}])
    assert "'salary'" in caught.value.message and caught.value.field == "sections"
    with pytest.raises(PermissionDenied):
        services.report_template_update(by=team_member, company=org.company, title="Weekly",
                                        sections=[{"title": "A", "fields": ["evm"]}])
    saved = services.report_template_update(by=pmo_manager, company=org.company, title="Weekly",
                                            sections=[{"title": "Money", "fields": ["evm", "commentary"]}])
    assert services.template_of(org.company).pk == saved.pk


def test_a_report_is_generated_whole_then_sent_and_archived(org: Any, portfolio: Any, pmo_manager: Any) -> None:
    project = portfolio["P-RAN-2"]
    report = services.status_report_generate(by=pmo_manager, project=project, week=dt.date(2026, 11, 18),
                                              commentary="Supplier recovered two weeks.")
    assert report.week == dt.date(2026, 11, 16) and bytes(report.pdf).startswith(b"%PDF")
    assert "Supplier recovered two weeks." in report.html and "Delivery" in report.html
    assert "Supplier late on P-RAN-2" in report.html  # the risk register
    services.status_report_send(by=pmo_manager, report=report, recipients=["b@example.com", "A@example.com"])
    report.refresh_from_db()
    assert report.state == StatusReport.State.SENT and report.sent_to == ["a@example.com", "b@example.com"]
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][0] == report.file_name


def test_a_failed_sending_sends_and_records_nothing(org: Any, portfolio: Any, pmo_manager: Any) -> None:
    report = services.status_report_generate(by=pmo_manager, project=portfolio["P-RAN-1"])
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP down")), \
            pytest.raises(OSError):
        services.status_report_send(by=pmo_manager, report=report, recipients=["a@example.com"])
    report.refresh_from_db()
    assert report.state == StatusReport.State.GENERATED and report.sent_to == [] and mail.outbox == []
    with pytest.raises(ApplicationError) as caught:
        services.status_report_send(by=pmo_manager, report=report, recipients=["not an address"])
    assert caught.value.field == "recipients" and mail.outbox == []


def test_kpis_rate_units_and_the_snapshot_keeps_monthly_history(org: Any, portfolio: Any, executive: Any) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.kpi_define(by=executive, company=org.company, unit=None, code="X", name="X",
                            perspective="financial", formula="bac / budget", target=1, threshold=0)
    assert "'budget'" in caught.value.message
    services.kpi_define(by=executive, company=org.company, unit=org.units["NET"], code="RED", name="Red share",
                        perspective="internal", formula="red / projects * 100", target=10, threshold=30,
                        higher_is_better=False)
    services.kpi_define(by=executive, company=org.company, unit=None, code="CERT", name="Certified",
                        perspective="learning", formula="certified", target=5, threshold=1)
    assert services.scorecard_snapshot(company=org.company, month=dt.date(2026, 10, 1)) == 2
    assert services.scorecard_snapshot(company=org.company, month=dt.date(2026, 10, 1)) == 2
    card = {v.kpi.code: v for _, values in scorecard(org.company).perspectives for v in values}
    assert card["RED"].value is not None and round(card["RED"].value, 2) == Decimal("33.33") and card["RED"].rating == "red"  # 1 red of 3 in NET
    assert card["CERT"].value == 1 and card["CERT"].rating == "amber"  # the PSO manager's PMP
    assert ScorecardEntry.objects.filter(month=dt.date(2026, 10, 1)).count() == 2
