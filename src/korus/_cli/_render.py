"""The fact sheet written out: as JSON for programs, as Markdown, or as text for a terminal."""

from __future__ import annotations

import json

from korus._cli._factsheet import FactSheet, Row
from korus._cli._json import SCHEMA_VERSION, figure_of, published_source, range_of
from korus._cli._labels import LABELS, VERDICTS
from korus._cli._text import (
    pad,
    places_of,
    printed_value,
    scale_word,
    territory,
    value_text,
    width,
)
from korus._figures import PERCENT_UNIT, RANK_UNIT, Figure, VerdictKind
from korus._product import Product


def printed_text(sheet: FactSheet, row: Row) -> str:
    if row.printed is None:
        return "—"
    return figure_text(sheet, row.printed.figure)


def figure_text(sheet: FactSheet, f: Figure) -> str:
    """A printed figure as printed: its own scale word and decimals."""
    if f.range.unit in (PERCENT_UNIT, RANK_UNIT):
        return value_text(printed_value(f), f.range.unit, sheet.locale, places_of(f))
    return value_text(printed_value(f), f.range.unit, sheet.locale, places_of(f), scale_word(f))


def recomputed_text(sheet: FactSheet, row: Row) -> str:
    if row.recomputed is None or row.unit is None:
        return "—"
    if row.open_rank:
        return LABELS[sheet.language]["rank_open"].format(rank=row.recomputed)
    places, scale = (1 if row.unit != RANK_UNIT else 0), None
    if row.printed is not None and row.unit not in (RANK_UNIT,):
        f = row.printed.figure
        places = places_of(f)
        scale = scale_word(f) if row.unit != PERCENT_UNIT else None
    return value_text(row.recomputed, row.unit, sheet.locale, places, scale)


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
    import korus

    return {
        "schema_version": SCHEMA_VERSION,
        "korus_version": korus.__version__,
        "reporter": sheet.reporter.code,
        "partner": sheet.partner.code,
        "year": sheet.year,
        "rows": [
            {
                "scope": row.scope,
                "measure": row.measure,
                "printed": None if row.printed is None else figure_of(row.printed.figure),
                "source": None if row.printed is None else published_source(row.printed),
                "recomputed": range_of(row.allowed),
                "recomputed_from": row.basis or None,
                "verdict": None if row.verdict is None else row.verdict.value,
                "explanation": row.explanation,
                "display": {
                    "section": row.section,
                    "label": row.label,
                    "printed": printed_text(sheet, row),
                    "recomputed": recomputed_text(sheet, row),
                    "verdict": verdict_text(sheet, row),
                },
            }
            for row in sheet.rows
        ],
        "top_exports": [
            {
                "product": f.scope,
                "title": Product.parse(f.scope).title,
                "printed": figure_of(f.figure),
                "source": published_source(f),
            }
            for f in sheet.top
        ],
        "publishers": list(sheet.publishers),
        "display": {"locale": sheet.locale, "title": _title(sheet)},
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
                f"{rank}. HS {f.scope[3:]} — {figure_text(sheet, f.figure)}: {Product.parse(f.scope).title}"
            )
    return out


def _text(sheet: FactSheet) -> list[str]:
    labels, header, title = LABELS[sheet.language], _header(sheet), _title(sheet)
    out: list[str] = [title, "=" * width(title)]
    section = None
    for row in sheet.rows:
        if row.section != section:
            section = row.section
            out.append(f"\n{section}")
        publisher = (
            row.printed.figure.provenance.publisher
            if row.printed is not None and row.printed.figure.provenance is not None
            else ""
        )
        # Padded by display width: a Hangul syllable takes two columns of a terminal.
        out.append(
            f"  {pad(row.label, 34)} {header[0]} {pad(printed_text(sheet, row), 20)} "
            f"{header[1]} {pad(recomputed_text(sheet, row), 20)} "
            f"{pad(verdict_text(sheet, row), 28)} {publisher}".rstrip()
        )
    if sheet.top:
        out.append(f"\n{labels['top']}")
        for rank, f in enumerate(sheet.top, start=1):
            value = figure_text(sheet, f.figure)
            source = f.figure.provenance.publisher if f.figure.provenance else ""
            out.append(
                f"  {rank}. HS {f.scope[3:]:<3} {pad(value, 20)} {Product.parse(f.scope).title}"
                + (f" ({source})" if source else "")
            )
    out.append("\n" + labels["footer"].format(sources="; ".join(sheet.publishers)))
    return out
