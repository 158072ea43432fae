"""A status report's renderings: HTML (the page and the e-mail body), PDF (reportlab, charts drawn as static
vector graphics so they print) and XLSX (openpyxl). Each returns the whole document or raises: nothing partial."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from projectoffice.cockpit.reports.content import Block, ReportContent

TABLE_STYLE = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
    ("FONTSIZE", (0, 0), (-1, -1), 8),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


def report_html(content: ReportContent) -> str:
    return render_to_string("cockpit/status_report_document.html", {"report": content})


def report_pdf(content: ReportContent) -> bytes:
    styles = getSampleStyleSheet()
    story: list[Flowable] = [
        Paragraph(f"{content.title} — {content.project.code} {content.project.name}", styles["Title"]),
        Paragraph(f"Week of {content.week.isoformat()} · generated {content.generated_at:%Y-%m-%d %H:%M} UTC",
                  styles["Normal"]),
    ]
    for section in content.sections:
        story += [Spacer(1, 0.4 * cm), Paragraph(section.title, styles["Heading2"])]
        for block in section.blocks:
            story += _pdf_block(block, styles)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=content.title, leftMargin=1.5 * cm, rightMargin=1.5 * cm).build(story)
    return buffer.getvalue()


def _pdf_block(block: Block, styles: dict) -> list[Flowable]:  # type: ignore[type-arg]
    cell = styles["BodyText"]
    parts: list[Flowable] = [Paragraph(block.heading, styles["Heading4"])]
    if block.field == "s_curve" and block.chart and block.chart["months"]:
        parts.append(_s_curve_drawing(block.chart))
    if not block.rows:
        return [*parts, Paragraph("None.", cell)]
    data = [block.header, *[[Paragraph(str(v), cell) for v in row] for row in block.rows]]
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(TABLE_STYLE)
    return [*parts, table]


def _s_curve_drawing(chart: dict) -> Drawing:  # type: ignore[type-arg]
    """Cumulative PV, EV and AC as a static line chart (EV and AC stop at the status month)."""
    drawing = Drawing(480, 180)
    lines = HorizontalLineChart()
    lines.x, lines.y, lines.width, lines.height = 40, 30, 420, 130
    series = [[v if v is not None else 0 for v in chart[key]] for key in ("pv", "ev", "ac")]
    lines.data = series
    lines.categoryAxis.categoryNames = [m if i % 3 == 0 else "" for i, m in enumerate(chart["months"])]
    lines.categoryAxis.labels.fontSize = 6
    lines.valueAxis.labels.fontSize = 6
    for i, colour in enumerate((colors.blue, colors.green, colors.red)):
        lines.lines[i].strokeColor = colour
    drawing.add(lines)
    for i, (name, colour) in enumerate((("PV", colors.blue), ("EV", colors.green), ("AC", colors.red))):
        drawing.add(String(40 + 40 * i, 170, name, fillColor=colour, fontSize=8))
    return drawing


def report_xlsx(content: ReportContent) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Status report"
    sheet.append([f"{content.title} — {content.project.code} {content.project.name}"])
    sheet.append([f"Week of {content.week.isoformat()}"])
    bold = Font(bold=True)
    for section in content.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(sheet.max_row, 1).font = bold
        for block in section.blocks:
            sheet.append([block.heading])
            sheet.append(block.header)
            for row in block.rows:
                sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
