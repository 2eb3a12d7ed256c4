"""The fact sheet as data: for one pair of economies and a year, every published figure beside
what its parts allow, with a verdict, and the top exports; rendering is korus._cli._render's."""

from __future__ import annotations

import datetime
from fractions import Fraction

import attrs

from korus._cli._labels import LABELS, LOCALES, SECTIONS
from korus._cli._text import point, territory
from korus._economy import Economy
from korus._errors import KorusError
from korus._figures import RANK_UNIT, Figure, Range, VerdictKind, check_figure
from korus.claims import FigureIndex, FigureMeasure, PublishedFigure


def first_releases(figures: tuple[PublishedFigure, ...]) -> tuple[PublishedFigure, ...]:
    """Of each statistic, the figures of its first release (undated ones count as first)."""
    first: dict[object, datetime.date] = {}
    for f in figures:
        released = f.released or datetime.date.min
        first[f.statistic] = min(first.get(f.statistic, released), released)
    return tuple(f for f in figures if (f.released or datetime.date.min) == first[f.statistic])


@attrs.frozen
class Row:
    section: str
    measure: str
    label: str
    printed: PublishedFigure | None
    recomputed: Fraction | None
    unit: str | None
    open_rank: bool
    verdict: VerdictKind | None
    explanation: str
    #: The scope's key ("goods"), the range the data allow and how it was worked out: the same
    #: in every language.
    scope: str = ""
    allowed: Range | None = None
    basis: str = ""


def _exact_data(figures: tuple[PublishedFigure, ...]) -> FigureIndex:
    """The same figures taken at face value: recomputations from printed numbers."""
    return FigureIndex(
        tuple(
            attrs.evolve(
                f, figure=Figure(f.figure.value, f.figure.unit, 0, provenance=f.figure.provenance)
            )
            for f in figures
        )
    )


def rows_of(
    data: FigureIndex,
    reporter: Economy,
    partner: Economy,
    year: int,
    language: str,
) -> list[Row]:
    exact = _exact_data(data.figures)
    labels = LABELS[language]
    rows: list[Row] = []

    def add(section: str, scope: str, measure: FigureMeasure) -> None:
        printed = data.find(reporter, partner, year, scope, measure)
        allowed, basis = data.allowed(reporter, partner, year, scope, measure)
        face, _ = exact.allowed(reporter, partner, year, scope, measure)
        if printed is None and allowed is None:
            return
        if printed is not None and allowed == printed.figure.range and " as published" in basis:
            # Nothing to recompute it from: the data's figure is the printed one, echoed.
            allowed, face, basis = None, None, ""
        if printed is not None and allowed is None:
            kind, explanation = None, f"published {printed.figure}; no parts to recompute it from"
        elif printed is not None:
            verdict = check_figure(printed.figure, allowed, basis=basis)
            kind, explanation = verdict.kind, verdict.explanation
        else:
            kind, explanation = None, f"not published; data give {allowed} ({basis})"
        label = labels[measure.value].format(reporter=territory(reporter, LOCALES[language]))
        unit = (
            printed.figure.range.unit
            if printed is not None
            else (allowed.unit if allowed else None)
        )
        open_rank = face is not None and face.unit == RANK_UNIT and face.high != face.low
        rows.append(
            Row(
                section,
                measure.value,
                label,
                printed,
                point(face),
                unit,
                open_rank,
                kind,
                explanation,
                scope,
                allowed,
                basis,
            )
        )

    for scope in SECTIONS:
        title = labels[scope]
        for measure in (FigureMeasure.EXPORTS, FigureMeasure.IMPORTS):
            add(title, scope, measure)
        balance = (
            FigureMeasure.SURPLUS
            if data.find(reporter, partner, year, scope, FigureMeasure.SURPLUS)
            else FigureMeasure.DEFICIT
        )
        add(title, scope, balance)
        add(title, scope, FigureMeasure.TWO_WAY_TRADE)
    for measure in (
        FigureMeasure.SHARE_OF_REPORTER_EXPORTS,
        FigureMeasure.RANK_TWO_WAY_TRADE,
        FigureMeasure.RANK_EXPORTS,
        FigureMeasure.RANK_IMPORTS,
    ):
        add(labels["shares"], "goods", measure)
    return rows


@attrs.frozen
class FactSheet:
    """What the fact sheet says, in the language it is written in."""

    reporter: Economy
    partner: Economy
    year: int
    language: str
    rows: tuple[Row, ...]
    top: tuple[PublishedFigure, ...]
    #: Everyone whose figures the sheet could draw on: the printed figures' publishers, and
    #: those of the totals and partners' figures the recomputations use (USITC, the Census).
    publishers: tuple[str, ...] = ()

    @property
    def locale(self) -> str:
        return LOCALES[self.language]


def fact_sheet(
    figures: tuple[PublishedFigure, ...],
    reporter: Economy,
    partner: Economy,
    year: int,
    language: str,
) -> FactSheet:
    """The fact sheet of the figures for the pair and year.

    :raises KorusError: when the figures have none for them.
    """
    # One index for the rows and the top exports: each builds on the same figures, each
    # statistic as first published (a later release is a revision, which `korus check` reports).
    data = FigureIndex(first_releases(figures))
    rows = rows_of(data, reporter, partner, year, language)
    if not rows:
        raise KorusError(
            "partner",
            partner.code,
            f"the data have no figures for {reporter.code}–{partner.code} in {year}",
        )
    top = data.top_exports(reporter, partner, year)
    publishers = sorted(
        {
            f.figure.provenance.publisher
            for f in data.figures
            if f.reporter == reporter and f.year == year and f.figure.provenance is not None
        }
    )
    return FactSheet(reporter, partner, year, language, tuple(rows), tuple(top), tuple(publishers))
