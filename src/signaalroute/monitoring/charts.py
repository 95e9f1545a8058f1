"""Charts as SVG drawn on the server: no script, no external library, readable without colour
(every bar carries its number), and always next to the table that holds the same figures.
A hidden (suppressed) figure gets no bar, only "< 5". Used by the pages and the yearly report."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .dashboard import SUPPRESSED, Dashboard

BAR = "#01689b"  # contrast 6.2:1 on white (WCAG 1.4.11 asks 3:1 for graphics)
INK = "#1a1a1a"
ROW = 22
LABEL_WIDTH = 260
BAR_WIDTH = 300


def _number(value: int | None) -> str:
    return SUPPRESSED if value is None else str(value)


def bar_chart(title: str, values: list[tuple[str, int | None]]) -> SafeString:
    """Horizontal bars, one per category."""
    top = max([v for _label, v in values if v] or [1])
    height = ROW * len(values) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    label = _("%(title)s: bar chart; the figures are in the table below it.") % {"title": title}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sr-chart" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">'
    ]
    for index, (name, value) in enumerate(values):
        y = 4 + index * ROW
        text = escape(name if len(name) <= 40 else name[:39] + "…")
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{text}</text>'
        )
        length = 0 if not value else max(2, round(BAR_WIDTH * value / top))
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{ROW - 6}" '
                f'fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 15}" font-size="12" '
            f'fill="{INK}">{escape(_number(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(title: str, values: list[tuple[str, int | None]]) -> SafeString:
    """Vertical columns over time (the quarters of five years)."""
    top = max([v for _label, v in values if v] or [1])
    step = 30
    height, base = 190, 150
    width = 40 + step * len(values)
    label = _("%(title)s: column chart; the figures are in the table below it.") % {"title": title}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sr-chart" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<line x1="20" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{INK}"/>',
    ]
    for index, (name, value) in enumerate(values):
        x = 24 + index * step
        length = 0 if not value else max(2, round(120 * value / top))
        if length:
            parts.append(
                f'<rect x="{x}" y="{base - length}" width="{step - 8}" height="{length}" '
                f'fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{x + (step - 8) / 2}" y="{base - length - 4}" text-anchor="middle" '
            f'font-size="10" fill="{INK}">{escape(_number(value))}</text>'
        )
        parts.append(
            f'<text x="{x + (step - 8) / 2}" y="{base + 14}" text-anchor="middle" '
            f'font-size="9" fill="{INK}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def trend_chart(board: Dashboard) -> SafeString:
    """The signals per quarter of five years as columns ("22K1" … "26K4"), for the page and
    the yearly report alike."""
    values = [
        (f"{label[2:]}K{q + 1}", value if isinstance(value, int) else None)
        for label, values in board.trend.rows
        for q, value in enumerate(values[:4])
    ]
    return column_chart(board.trend.title, values)
