"""The monthly financial report as an Excel workbook (openpyxl): one sheet of projects with their figures in
the reporting currency, numbers as numbers (not text) so finance can sum and pivot them."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from projectoffice.finance.selectors.report import AMOUNT_FIELDS, MonthlyReport

HEADERS = ("Project", "Name", "Business unit", "Business line", "Lead site", "Project currency")
AMOUNT_TITLES = {
    "budget_month": "Budget (month)", "actual_month": "Actual (month)", "variance_month": "Variance (month)",
    "budget_to_date": "Budget to date", "actual_to_date": "Actual to date", "variance_to_date": "Variance to date",
    "bac": "Budget at completion", "forecast": "Forecast at completion",
    "variance_at_completion": "Variance at completion",
}
MONEY_FORMAT = "#,##0.00"


def monthly_report_xlsx(report: MonthlyReport) -> bytes:
    """The report as .xlsx bytes; the last row is the total."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Report {report.month:%Y-%m}"
    sheet.append([f"Monthly financial report {report.month:%Y-%m}, amounts in {report.currency}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([*HEADERS, *(AMOUNT_TITLES[name] for name in AMOUNT_FIELDS)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in report.rows:
        p = row.project
        sheet.append([p.code, p.name, p.business_unit.code, p.business_line.code, p.lead_site.code, p.currency,
                      *(float(getattr(row.line, name)) for name in AMOUNT_FIELDS)])
    sheet.append(["Total", "", "", "", "", report.currency,
                  *(float(getattr(report.total, name)) for name in AMOUNT_FIELDS)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=3, min_col=len(HEADERS) + 1):
        for cell in column:
            cell.number_format = MONEY_FORMAT
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
