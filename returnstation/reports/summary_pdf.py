"""The printed disposition summary (A4 portrait, reportlab platypus).

Layout, top to bottom: title and station, period and filter, a row of KPI tiles, the figures behind
them (cycle times, handling, overrides, handling cost, items per hour, exceptions, the rates used), a
bar chart of items by disposition, the disposition table, exceptions next to items per hour per
inspector, then the breakdown tables. Every page carries the filter, the printed time and
"page N of M" so a loose page still says what it belongs to. reportlab is imported when a PDF is
written, never when this module is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from returnstation.domain.enums import Disposition
from returnstation.domain.messages import msg_n
from returnstation.reports import display
from returnstation.reports.atomic_file import atomic_target
from returnstation.reports.summary import CycleStats, DispositionSummary, GroupRow
from returnstation.translation import current, localize, say

EMPTY_MESSAGE = "No dispositions in this period"  # English; printed through say()
TABLE_ROW_LIMIT = 12  # longer breakdowns (categories, inspectors) end with one "Other" row; the CSV has all

_MM = 72 / 25.4
_PAGE_MARGIN = 15 * _MM
_FRAME_PADDING = 6  # platypus' default Frame padding, in points, on each side
_GAP = 6 * _MM
_CELL_PADDING = 6  # reportlab's default left/right cell padding, in points
_COMPACT_PADDING = 4  # half-width tables: room for 12,345,678.90
_NUMBER_GUTTER = 3  # extra air between right-aligned number columns
_TABLE_FONT_SIZE = 8
_INK = "#1F2937"
_MUTED = "#5B6473"
_RULE = "#CBD5E1"
_TILE_BG = "#EEF2F7"
_HEADER_BG = "#334155"
_ZEBRA = "#F6F8FA"
_BAR = "#3B6EA8"


def write_summary_pdf(
    summary: DispositionSummary,
    path: Path,
    *,
    generated_at: datetime,
    filter_text: str,
    station_name: str = "",
) -> Path:
    """Render ``summary`` to ``path`` (written atomically) and return ``path``.

    ``filter_text`` says which records the supervisor chose (station, inspector...); it is printed
    under the title and in every footer. An empty summary gives a one-page PDF whose body reads
    "No dispositions in this period".
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from returnstation.pdf_fonts import report_fonts
    from returnstation.reports.pdf_canvas import footer_canvas_class

    filter_label = localize(filter_text, current()).strip() or say("all records")
    printed = say("Printed {moment}", moment=_format_moment(generated_at))
    fonts = report_fonts()
    styles = _Styles.build(fonts.regular, fonts.bold)
    frame_width = A4[0] - 2 * _PAGE_MARGIN - 2 * _FRAME_PADDING

    story: list[Any] = _heading(summary, filter_label, station_name, styles)
    if summary.is_empty:
        story += _empty_body(styles)
        if not summary.exceptions.is_empty:  # a day of unexpected parcels only still has a story to tell
            half = (frame_width - _GAP) / 2
            exceptions = _exceptions_table(summary, half, styles)
            story += _side_by_side([(say("Exceptions"), exceptions)], frame_width, styles)
    else:
        story += _kpi_tiles(summary, frame_width, styles)
        story += _details(summary, frame_width, styles)
        story += _disposition_chart(summary, frame_width, styles)
        story += _disposition_table(summary, frame_width, styles)
        half = (frame_width - _GAP) / 2
        story += _side_by_side(
            [
                (say("Exceptions"), _exceptions_table(summary, half, styles)),
                (say("Items per hour"), _rates_table(summary, half, styles)),
            ],
            frame_width,
            styles,
        )
        story += _paired_tables(
            (say("By reason"), say("Reason"), summary.by_reason),
            (say("By grade"), say("Grade"), summary.by_grade),
            frame_width,
            styles,
        )
        story += _paired_tables(
            (say("By category"), say("Category"), summary.by_category),
            (say("By inspector"), say("Inspector"), summary.by_inspector),
            frame_width,
            styles,
        )
        story += _paired_tables(
            (say("By site"), say("Site"), summary.by_site),
            (say("By market"), say("Market"), summary.by_market),
            frame_width,
            styles,
        )
        if summary.fault_tests:  # full width: the results are sentences ("No fault found: 30-minute burn-in")
            story += [
                Paragraph(say("Claims: what the fault test found"), styles.section),
                _group_table(say("Test result"), summary.fault_tests, frame_width, styles),
            ]
        story += _side_by_side(
            [
                (
                    say("Recovery by channel"),
                    _recovery_table(say("Channel"), summary.by_channel, half, styles),
                ),
                (
                    say("Recovery by grade x packaging"),
                    _recovery_table(say("Grade / packaging"), summary.by_grade_packaging, half, styles),
                ),
            ],
            frame_width,
            styles,
        )

    with atomic_target(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=_PAGE_MARGIN,
            rightMargin=_PAGE_MARGIN,
            topMargin=_PAGE_MARGIN,
            bottomMargin=22 * _MM,
            title=say(
                "Disposition summary {start} to {end}",
                start=summary.start.isoformat(),
                end=summary.end.isoformat(),
            ),
            author=station_name or "ReturnStation",
            subject=say("Filter: {filter}", filter=filter_label),
            creator="ReturnStation",
            invariant=1,  # no random document id: the same summary gives the same bytes
        )
        footer = say("Filter: {filter}", filter=filter_label)
        doc.build(story, canvasmaker=footer_canvas_class(footer, printed, fonts.regular))
    return path


def _format_moment(moment: datetime) -> str:
    text = f"{moment:%Y-%m-%d %H:%M}"
    zone = moment.tzname()
    return f"{text} {zone}" if zone else text


@dataclass(frozen=True)
class _Styles:
    regular: str  # font names, for the chart and tables that take no ParagraphStyle
    bold: str
    title: Any
    subtitle: Any
    meta: Any
    section: Any
    note: Any
    empty: Any
    tile_value: Any
    tile_label: Any
    detail_label: Any
    detail_value: Any

    @staticmethod
    def build(regular: str, bold: str) -> _Styles:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle

        ink, muted = colors.HexColor(_INK), colors.HexColor(_MUTED)
        base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=11.5, textColor=ink)
        return _Styles(
            regular=regular,
            bold=bold,
            title=ParagraphStyle("title", base, fontName=bold, fontSize=18, leading=22),
            subtitle=ParagraphStyle("subtitle", base, fontSize=11, leading=14, textColor=muted),
            meta=ParagraphStyle("meta", base, fontSize=9, leading=12, textColor=muted),
            section=ParagraphStyle(
                "section",
                base,
                fontName=bold,
                fontSize=11,
                leading=14,
                spaceBefore=10,
                spaceAfter=4,
            ),
            note=ParagraphStyle("note", base, fontSize=7.5, leading=9.5, textColor=muted),
            empty=ParagraphStyle(
                "empty",
                base,
                fontName=bold,
                fontSize=14,
                leading=18,
                alignment=TA_CENTER,
                textColor=muted,
            ),
            tile_value=ParagraphStyle(
                "tile_value", base, fontName=bold, fontSize=15, leading=18, alignment=TA_CENTER
            ),
            tile_label=ParagraphStyle(
                "tile_label", base, fontSize=7.5, leading=9, alignment=TA_CENTER, textColor=muted
            ),
            detail_label=ParagraphStyle("detail_label", base, fontSize=7, leading=8.5, textColor=muted),
            detail_value=ParagraphStyle("detail_value", base, fontName=bold, fontSize=8.5, leading=10.5),
        )


def _heading(summary: DispositionSummary, filter_label: str, station_name: str, styles: _Styles) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    parts: list[Any] = [Paragraph(say("Disposition summary"), styles.title)]
    if station_name:
        parts.append(Paragraph(escape(say("Station {station}", station=station_name)), styles.subtitle))
    period = say("{start} to {end}", start=summary.start.isoformat(), end=summary.end.isoformat())
    parts.append(Spacer(1, 2 * _MM))
    parts.append(
        Paragraph(
            say("<b>Period</b> {period} (by decision date, both days included)", period=period), styles.meta
        )
    )
    parts.append(Paragraph(say("<b>Filter</b> {filter}", filter=escape(filter_label)), styles.meta))
    parts.append(Spacer(1, 5 * _MM))
    return parts


def _empty_body(styles: _Styles) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    return [Spacer(1, 30 * _MM), Paragraph(say("No dispositions in this period"), styles.empty)]


def _kpi_tiles(summary: DispositionSummary, width: float, styles: _Styles) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    receipt = summary.cycle_receipt_to_disposition
    tiles = [
        (f"{summary.total_items:,}", say("Items dispositioned")),
        (display.money(summary.total_value), say("Original value")),
        (display.percent(summary.pct_cost_recovered), say("Cost recovered (est.)")),
        (display.percent(summary.pct_recycled), say("Items recycled")),
        (display.hours(receipt.median_hours), say("Median cycle time<br/>receipt to disposition")),
    ]
    gap = 3 * _MM
    tile_width = width / len(tiles) - gap
    cells = []
    for value, label in tiles:
        value_style = ParagraphStyle(
            "tile_value_fit",
            styles.tile_value,
            fontSize=_fit_font_size(value, tile_width - 14, 15.0, styles.bold),
        )
        tile = Table(
            [[Paragraph(escape(value), value_style)], [Paragraph(label, styles.tile_label)]],
            colWidths=[tile_width],
            rowHeights=[11 * _MM, 8.5 * _MM],
        )
        tile.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(_TILE_BG)),
                    ("LINEABOVE", (0, 0), (-1, 0), 2, colors.HexColor(_BAR)),
                    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                    ("VALIGN", (0, 1), (-1, 1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        cells.append(tile)
    row = Table([cells], colWidths=[width / len(tiles)] * len(tiles))
    row.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), gap / 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap / 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [row]


def _fit_font_size(text: str, width: float, largest: float, font: str) -> float:
    """The largest size (down to 8 pt) at which ``text`` fits ``width``: a big total must not wrap."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = largest
    while size > 8 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _median_p90(cycle: CycleStats) -> str:
    median, p90 = display.hours(cycle.median_hours), display.hours(cycle.p90_hours)
    return say("median {median}, p90 {p90}", median=median, p90=p90)


def _details(summary: DispositionSummary, width: float, styles: _Styles) -> list[Any]:
    """The figures behind the tiles, as a 3 x 3 grid of small label-over-value cells."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    items = summary.total_items
    handling = summary.handling
    recycled = sum(row.count for row in summary.by_disposition if row.key == Disposition.RECYCLE)
    cells = [
        (
            say("Recovered value (est.)"),
            say(
                "{part} of {whole}",
                part=display.money(summary.recovered_value),
                whole=display.money(summary.total_value),
            ),
        ),
        (say("Receipt to disposition"), _median_p90(summary.cycle_receipt_to_disposition)),
        (say("Authorization to disposition"), _median_p90(summary.cycle_authorization_to_disposition)),
        (
            say("Inspection time ({timed:,} of {items:,} timed)", timed=handling.n, items=items),
            say(
                "median {median}, p90 {p90}",
                median=display.seconds(handling.median_seconds),
                p90=display.seconds(handling.p90_seconds),
            )
            if handling.n
            else say("not measured"),
        ),
        (
            say("Rule overrides"),
            say(
                "{part:,} of {whole:,} ({share})",
                part=summary.overrides,
                whole=items,
                share=display.percent(summary.overrides / items * 100),
            ),
        ),
        (say("Recycled items"), say("{part:,} of {whole:,}", part=recycled, whole=items)),
        *_cost_and_exception_cells(summary),
    ]
    grid = [
        [
            [Paragraph(escape(label), styles.detail_label), Paragraph(escape(value), styles.detail_value)]
            for label, value in cells[row : row + 3]
        ]
        for row in (0, 3, 6)
    ]
    table = Table(grid, colWidths=[width / 3] * 3)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor(_RULE)),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    cost = summary.handling_cost
    sold = (
        say(
            " {sold_items} item(s) count with their actual sale price (sales file).",
            sold_items=f"{summary.sold_items:,}",
        )
        if summary.sold_items
        else ""
    )
    note = say(
        "Cycle times: median and p90 by linear interpolation. Recovered value = unit value x the "
        "expected recovery of the item's resale channel for its grade, packaging and category "
        "(channels.yaml), or the actual sale price.{sold} Handling cost = inspection time x labour "
        "rate {money} per hour; items per hour over active hours, a pause over {idle_gap_minutes} "
        "min ends a session (report_settings.yaml).",
        sold=escape(sold),
        money=display.money(cost.labour_rate_per_hour),
        idle_gap_minutes=summary.productivity.idle_gap_minutes,
    )
    return [Spacer(1, 3 * _MM), table, Spacer(1, 1.5 * _MM), Paragraph(note, styles.note)]


def _disposition_chart(summary: DispositionSummary, width: float, styles: _Styles) -> list[Any]:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph

    rows = list(reversed(summary.by_disposition))  # the chart draws its first category at the bottom
    bar_pitch = 15.0
    label_room, value_room = 32 * _MM, 14 * _MM
    drawing = Drawing(width, bar_pitch * len(rows) + 16)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 12
    chart.width, chart.height = width - label_room - value_room, bar_pitch * len(rows)
    chart.data = [[row.count for row in rows]]
    step = _count_axis_step(max(row.count for row in rows))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = -(-max(row.count for row in rows) // step) * step
    chart.valueAxis.labels.fontName = styles.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = colors.HexColor(_MUTED)
    chart.valueAxis.strokeColor = colors.HexColor(_RULE)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E5E9F0")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.valueAxis.labelTextFormat = "{:,.0f}".format
    chart.categoryAxis.categoryNames = [display.disposition_label(row.key) for row in rows]
    chart.categoryAxis.labels.fontName = styles.regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.HexColor(_RULE)
    chart.categoryAxis.tickLeft = 0
    chart.barWidth = bar_pitch * 0.62
    chart.groupSpacing = bar_pitch * 0.38
    chart.bars[0].fillColor = colors.HexColor(_BAR)
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "{:,.0f}".format
    chart.barLabels.fontName = styles.regular
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return [KeepTogether([Paragraph(say("Items by disposition"), styles.section), drawing])]


def _count_axis_step(largest: int, most_ticks: int = 6) -> int:
    """A 1-2-5 step giving at most ``most_ticks`` whole-number ticks: item counts have no halves."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if largest / step <= most_ticks:
                return step
        magnitude *= 10


def _disposition_table(summary: DispositionSummary, width: float, styles: _Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph

    from returnstation.reports.pdf_canvas import fit_text

    fractions = (0.30, 0.11, 0.11, 0.18, 0.10, 0.20)
    key_room = width * fractions[0] - 2 * _CELL_PADDING
    body: list[list[Any]] = []
    recovered_total = Decimal(0)
    for row in summary.by_disposition:
        recovered = row.recovered
        recovered_total += recovered
        body.append(
            [
                fit_text(display.disposition_label(row.key), key_room, styles.regular, _TABLE_FONT_SIZE),
                f"{row.count:,}",
                display.share(row.share),
                display.money(row.value),
                _rate(row),
                display.money(recovered),
            ]
        )
    header = [
        say("Disposition"),
        say("Items"),
        say("Share"),
        say("Value"),
        say("Rate"),
        say("Recovered (est.)"),
    ]
    total = [
        say("Total"),
        f"{summary.total_items:,}",
        display.share(1.0),
        display.money(summary.total_value),
        "",
        display.money(recovered_total),
    ]
    table = _styled_table([header, *body, total], [width * f for f in fractions], styles, has_total=True)
    return [KeepTogether([Paragraph(say("By disposition"), styles.section), table])]


def _paired_tables(
    left: tuple[str, str, tuple[GroupRow, ...]],
    right: tuple[str, str, tuple[GroupRow, ...]],
    width: float,
    styles: _Styles,
) -> list[Any]:
    """Two (section title, key column heading, rows) tables side by side; both texts already translated."""
    half = (width - _GAP) / 2
    return _side_by_side(
        [(title, _group_table(column, rows, half, styles)) for title, column, rows in (left, right)],
        width,
        styles,
    )


def _side_by_side(parts: list[tuple[str, Any]], width: float, styles: _Styles) -> list[Any]:
    """One or two titled tables in half-page columns (a lone table takes the left column)."""
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    half = (width - _GAP) / 2
    cells: list[Any] = [[Paragraph(title, styles.section), table] for title, table in parts]
    cells += [""] * (2 - len(cells))
    outer = Table([cells], colWidths=[half + _GAP / 2, half + _GAP / 2])
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), _GAP / 2),
                ("LEFTPADDING", (1, 0), (1, -1), _GAP / 2),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 3 * _MM), outer]


def _group_table(column: str, rows: tuple[GroupRow, ...], width: float, styles: _Styles) -> Any:
    """Number columns are sized to their widest text; the key gets the rest of the width.

    Keys are plain strings cut to fit (with an ellipsis) rather than wrapped, so rows stay one line.
    """
    shown = _limit_rows(rows, TABLE_ROW_LIMIT)
    header = [column, say("Items"), say("Share"), say("Value")]
    numbers = [[f"{row.count:,}", display.share(row.share), display.money(row.value)] for row in shown]
    return _keyed_table(header, [row.key or say("(blank)") for row in shown], numbers, width, styles)


def _rate(row: GroupRow) -> str:
    """The recovered share of the value, as a percentage (an average over items, so not a file rate)."""
    return display.percent(float(row.recovery_rate * 100))


def _recovery_table(title: str, rows: tuple[GroupRow, ...], width: float, styles: _Styles) -> Any:
    """Items, recovered value and its share of their value, per channel or grade x packaging."""
    shown = _limit_rows(rows, TABLE_ROW_LIMIT)
    header = [title, say("Items"), say("Recovered"), say("Rate")]  # rate = recovered / value: value implied
    numbers = [[f"{row.count:,}", display.money(row.recovered), _rate(row)] for row in shown]
    return _keyed_table(header, [row.key or say("(blank)") for row in shown], numbers, width, styles)


def _keyed_table(
    header: list[str], keys: list[str], numbers: list[list[str]], width: float, styles: _Styles
) -> Any:
    """A key column cut to fit plus right-aligned number columns sized to their widest text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from returnstation.reports.pdf_canvas import fit_text

    columns = len(header) - 1
    number_widths = [
        max(
            stringWidth(header[column + 1], styles.bold, _TABLE_FONT_SIZE),
            *(stringWidth(cells[column], styles.regular, _TABLE_FONT_SIZE) for cells in numbers),
        )
        + 2 * _COMPACT_PADDING
        + _NUMBER_GUTTER
        for column in range(columns)
    ]
    key_width = width - sum(number_widths)
    key_room = key_width - 2 * _COMPACT_PADDING
    body = [
        [fit_text(key, key_room, styles.regular, _TABLE_FONT_SIZE), *cells]
        for key, cells in zip(keys, numbers, strict=True)
    ]
    return _styled_table([header, *body], [key_width, *number_widths], styles, padding=_COMPACT_PADDING)


def _cost_and_exception_cells(summary: DispositionSummary) -> list[tuple[str, str]]:
    cost, work, exceptions = summary.handling_cost, summary.productivity, summary.exceptions
    per_hour = work.items_per_hour
    return [
        (
            say("Handling cost per item (est.)"),
            say(
                "{per_item} (per return {per_return})",
                per_item=display.money(cost.per_item),
                per_return=display.money(cost.per_return),
            )
            if cost.timed_items
            else say("not measured"),
        ),
        (
            say("Items per hour ({hours} active)", hours=display.hours(work.active_hours)),
            say("{per_hour:,.1f} per inspector-hour", per_hour=per_hour)
            if per_hour is not None
            else say("n/a"),
        ),
        (
            localize(
                msg_n(
                    "Exceptions ({n:,} unexpected parcel)",
                    "Exceptions ({n:,} unexpected parcels)",
                    exceptions.unexpected_parcels,
                ),
                current(),
            ),
            say(
                "{discrepancies:,}, {open:,} still open",
                discrepancies=exceptions.discrepancies,
                open=exceptions.open,
            ),
        ),
    ]


def _exceptions_table(summary: DispositionSummary, width: float, styles: _Styles) -> Any:
    """Unexpected parcels first, then the other discrepancy kinds, then the rule overrides."""
    exceptions = summary.exceptions
    rows = exceptions.rows()
    keys = [localize(row.label, current()) for row in rows] + [say("Rule overrides")]
    numbers = [[f"{row.count:,}", f"{row.open:,}"] for row in rows] + [[f"{exceptions.overrides:,}", ""]]
    return _keyed_table([say("Exception"), say("Count"), say("Open")], keys, numbers, width, styles)


def _rates_table(summary: DispositionSummary, width: float, styles: _Styles) -> Any:
    """Items per active hour for each inspector; the longest lists fold into an "Other" row."""
    rates = list(summary.productivity.by_inspector)
    if len(rates) > TABLE_ROW_LIMIT:
        rest = rates[TABLE_ROW_LIMIT - 1 :]
        rates = rates[: TABLE_ROW_LIMIT - 1]
        items, hours = sum(r.items for r in rest), sum(r.active_hours for r in rest)
        other = [
            (say("Other ({more:,} more)", more=len(rest)), items, hours, items / hours if hours > 0 else None)
        ]
    else:
        other = []
    blank = say("(blank)")
    shown = [(r.inspector or blank, r.items, r.active_hours, r.items_per_hour) for r in rates] + other
    numbers = [
        [f"{items:,}", display.hours(hours), f"{per_hour:,.1f}" if per_hour is not None else say("n/a")]
        for _key, items, hours, per_hour in shown
    ]
    return _keyed_table(
        [say("Inspector"), say("Items"), say("Active"), say("Per hour")],
        [row[0] for row in shown],
        numbers,
        width,
        styles,
    )


def _limit_rows(rows: tuple[GroupRow, ...], limit: int) -> tuple[GroupRow, ...]:
    """Keep the ``limit - 1`` largest rows and fold the rest into one "Other" row."""
    if len(rows) <= limit:
        return rows
    kept, rest = rows[: limit - 1], rows[limit - 1 :]
    other = GroupRow(
        key=say("Other ({more:,} more)", more=len(rest)),
        count=sum(r.count for r in rest),
        value=sum((r.value for r in rest), Decimal(0)),
        share=sum(r.share for r in rest),
        recovered=sum((r.recovered for r in rest), Decimal(0)),
    )
    return (*kept, other)


def _styled_table(
    data: list[list[Any]],
    col_widths: list[float],
    styles: _Styles,
    *,
    has_total: bool = False,
    padding: float = _CELL_PADDING,
) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=col_widths, repeatRows=1)
    last_body_row = -2 if has_total else -1
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), styles.bold),
        ("FONTNAME", (0, 1), (-1, -1), styles.regular),
        ("FONTSIZE", (0, 0), (-1, -1), _TABLE_FONT_SIZE),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEADER_BG)),
        ("ROWBACKGROUNDS", (0, 1), (-1, last_body_row), [colors.white, colors.HexColor(_ZEBRA)]),
        ("TEXTCOLOR", (0, 1), (-1, -1), colors.HexColor(_INK)),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor(_RULE)),
    ]
    if has_total:
        commands += [
            ("LINEABOVE", (0, -1), (-1, -1), 0.75, colors.HexColor(_INK)),
            ("FONTNAME", (0, -1), (-1, -1), styles.bold),
        ]
    table.setStyle(TableStyle(commands))
    return table
