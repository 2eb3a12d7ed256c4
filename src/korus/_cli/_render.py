"""The fact sheet written out: as JSON for programs, as Markdown, or as text for a terminal."""

from __future__ import annotations

import json
from decimal import Decimal

from korus._cli._factsheet import FactSheet, Row
from korus._cli._labels import LABELS, VERDICTS
from korus._cli._text import places_of, printed_value, scaled_places, territory, value_text
from korus._figures import PERCENT_UNIT, RANK_UNIT, VerdictKind
from korus._product import Product


def printed_text(sheet: FactSheet, row: Row) -> str:
    if row.printed is None:
        return "—"
    f = row.printed.figure
    return value_text(
        printed_value(f),
        f.range.unit,
        sheet.locale,
        scaled_places(f) if f.range.unit not in (PERCENT_UNIT, RANK_UNIT) else places_of(f),
    )


def recomputed_text(sheet: FactSheet, row: Row) -> str:
    if row.recomputed is None or row.unit is None:
        return "—"
    if row.open_rank:
        return LABELS[sheet.language]["rank_open"].format(rank=row.recomputed)
    places = 1 if row.unit != RANK_UNIT else 0
    if row.printed is not None and row.unit not in (RANK_UNIT,):
        f = row.printed.figure
        places = scaled_places(f) if row.unit != PERCENT_UNIT else places_of(f)
    return value_text(row.recomputed, row.unit, sheet.locale, places)


def verdict_text(sheet: FactSheet, row: Row) -> str:
    if row.verdict is None:
        return "—"
    if row.verdict is VerdictKind.CONSISTENT:
        return VERDICTS[sheet.language]["within"]
    return VERDICTS[sheet.language][row.verdict.value]


def render(sheet: FactSheet, form: str) -> list[str]:
    """The lines of the fact sheet in a format: "text", "markdown" or "json"."""
    if form == "json":
        return [json.dumps(_document(sheet), ensure_ascii=False, indent=2)]
    if form == "markdown":
        return _markdown(sheet)
    return _text(sheet)


def _title(sheet: FactSheet) -> str:
    return LABELS[sheet.language]["title"].format(
        reporter=territory(sheet.reporter, sheet.locale),
        partner=territory(sheet.partner, sheet.locale),
        year=sheet.year,
    )


def _document(sheet: FactSheet) -> dict[str, object]:
    return {
        "reporter": sheet.reporter.code,
        "partner": sheet.partner.code,
        "year": sheet.year,
        "rows": [
            {
                "section": row.section,
                "measure": row.measure,
                "printed": None if row.printed is None else str(row.printed.figure),
                "printed_range": None
                if row.printed is None
                else [
                    str(
                        Decimal(row.printed.figure.range.low.numerator)
                        / row.printed.figure.range.low.denominator
                    ),
                    str(
                        Decimal(row.printed.figure.range.high.numerator)
                        / row.printed.figure.range.high.denominator
                    ),
                ],
                "publisher": None
                if row.printed is None or row.printed.figure.provenance is None
                else row.printed.figure.provenance.publisher,
                "recomputed": None if row.recomputed is None else recomputed_text(sheet, row),
                "verdict": None if row.verdict is None else row.verdict.value,
                "explanation": row.explanation,
            }
            for row in sheet.rows
        ],
        "top_exports": [
            {
                "product": f.scope,
                "title": Product.parse(f.scope).title,
                "printed": str(f.figure),
            }
            for f in sheet.top
        ],
    }


def _header(sheet: FactSheet) -> tuple[str, str, str]:
    labels = LABELS[sheet.language]
    return labels["printed"], labels["recomputed"], labels["verdict"]


def _markdown(sheet: FactSheet) -> list[str]:
    labels, header = LABELS[sheet.language], _header(sheet)
    out: list[str] = []
    out.append(f"# {_title(sheet)}\n")
    out.append(f"| | | {header[0]} | {header[1]} | {header[2]} |")
    out.append("|---|---|---|---|---|")
    for row in sheet.rows:
        out.append(
            f"| {row.section} | {row.label} | {printed_text(sheet, row)} | {recomputed_text(sheet, row)} | {verdict_text(sheet, row)} |"
        )
    if sheet.top:
        out.append(f"\n## {labels['top']}\n")
        for rank, f in enumerate(sheet.top, start=1):
            out.append(
                f"{rank}. HS {f.scope[3:]} — {value_text(printed_value(f.figure), f.figure.range.unit, sheet.locale, scaled_places(f.figure))}: {Product.parse(f.scope).title}"
            )
    return out


def _text(sheet: FactSheet) -> list[str]:
    labels, header, title = LABELS[sheet.language], _header(sheet), _title(sheet)
    out: list[str] = [title, "=" * len(title)]
    section = None
    for row in sheet.rows:
        if row.section != section:
            section = row.section
            out.append(f"\n{section}")
        out.append(
            f"  {row.label:<28} {header[0]} {printed_text(sheet, row):<16} {header[1]} {recomputed_text(sheet, row):<16} {verdict_text(sheet, row)}"
        )
    if sheet.top:
        out.append(f"\n{labels['top']}")
        for rank, f in enumerate(sheet.top, start=1):
            value = value_text(
                printed_value(f.figure),
                f.figure.range.unit,
                sheet.locale,
                scaled_places(f.figure),
            )
            out.append(f"  {rank}. HS {f.scope[3:]:<3} {value:<16} {Product.parse(f.scope).title}")
    sources = sorted(
        {
            r.printed.figure.provenance.publisher
            for r in sheet.rows
            if r.printed and r.printed.figure.provenance
        }
    )
    out.append(
        f"\nSources: {', '.join(sources)}. Each printed figure is checked against the range its parts allow, within rounding."
    )
    return out
