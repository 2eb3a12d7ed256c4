"""The ``korus`` command: a fact sheet of published figures, checks of claims, and reading
UN Comtrade and US Census files.

Exit status: 0 when everything checked is consistent (or undecidable), 1 when a claim is
inconsistent with the data, 2 for bad arguments or an unreadable file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from korus._economy import Economy
from korus._errors import InvalidValueError, KorusError
from korus._figures import PERCENT_UNIT, RANK_UNIT, Figure, Range, VerdictKind, check_figure
from korus._product import Product
from korus.claims import (
    FigureIndex,
    FigureMeasure,
    PublishedFigure,
    check_claims,
    load_claims,
    load_figures,
    published_figures,
    summary,
)
from korus.readers import progress_bar, read_census, read_comtrade, read_comtrade_json

EXIT_OK: Final = 0
EXIT_INCONSISTENT: Final = 1
EXIT_USAGE: Final = 2

_LOCALES: Final = {"en": "en_US", "ko": "ko_KR"}
_SECTIONS: Final = ("goods", "services", "goods_and_services")
_LABELS: Final = {
    "en": {
        "exports": "exports",
        "imports": "imports",
        "deficit": "deficit",
        "surplus": "surplus",
        "two_way_trade": "two-way trade",
        "share_of_reporter_exports": "share of {reporter}'s exports",
        "rank_two_way_trade": "rank by two-way trade",
        "rank_exports": "rank as an export market",
        "rank_imports": "rank as a supplier",
        "title": "{reporter}–{partner} trade, {year}: published figures, recomputed",
        "top": "Top export categories",
        "printed": "printed",
        "recomputed": "recomputed",
        "verdict": "verdict",
        "shares": "Goods: share and ranks",
        "goods": "Goods",
        "services": "Services",
        "goods_and_services": "Goods and services",
        "rank_open": "{rank} or lower",
    },
    "ko": {
        "exports": "수출",
        "imports": "수입",
        "deficit": "적자",
        "surplus": "흑자",
        "two_way_trade": "교역 총액",
        "share_of_reporter_exports": "{reporter} 수출 중 비중",
        "rank_two_way_trade": "교역 순위",
        "rank_exports": "수출 시장 순위",
        "rank_imports": "수입 상대국 순위",
        "title": "{reporter}–{partner} 교역, {year}년: 발표 수치와 재계산",
        "top": "주요 수출 품목",
        "printed": "발표",
        "recomputed": "재계산",
        "verdict": "판정",
        "shares": "상품: 비중과 순위",
        "goods": "상품",
        "services": "서비스",
        "goods_and_services": "상품 및 서비스",
        "rank_open": "{rank}위 이하",
    },
}
_VERDICTS: Final[dict[str, dict[str, str]]] = {
    "en": {k.value: k.value for k in VerdictKind} | {"within": "consistent within rounding"},
    "ko": {
        VerdictKind.CONSISTENT.value: "일치",
        VerdictKind.INCONSISTENT.value: "불일치",
        VerdictKind.UNDECIDABLE.value: "판단 불가",
        "within": "반올림 범위 내 일치",
    },
}


def _money_text(value: Fraction, currency: str, locale: str, places: int) -> str:
    from babel.numbers import (
        format_compact_currency,
        format_compact_decimal,
        get_currency_symbol,
    )

    amount = Decimal(value.numerator) / Decimal(value.denominator)
    if locale == "en_US":
        symbol = get_currency_symbol(currency, locale=locale)
        words = format_compact_decimal(
            amount, format_type="long", locale=locale, fraction_digits=places
        )
        return f"{symbol}{words}"
    return str(format_compact_currency(amount, currency, locale=locale, fraction_digits=places))


def _territory(economy: Economy, locale: str) -> str:
    """The economy's name in the locale's language (CLDR), or its ISO name."""
    import pycountry
    from babel import Locale

    country = pycountry.countries.get(alpha_3=economy.code)
    if country is None:
        return economy.name
    return str(Locale.parse(locale).territories.get(country.alpha_2, economy.name))


def _value_text(value: Fraction, unit: str, locale: str, places: int) -> str:
    from babel.numbers import format_decimal

    if unit == RANK_UNIT:
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    if unit == PERCENT_UNIT:
        amount = Decimal(value.numerator) / Decimal(value.denominator)
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return f"{format_decimal(round(amount, places), format=pattern, locale=locale)}%"
    return _money_text(value, unit, locale, places)


def _places(figure: Figure) -> int:
    exponent = figure.step.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) and figure.step else 0


def _scaled_places(figure: Figure) -> int:
    """Decimal places to show a money figure with in compact form ("27.7 billion")."""
    scale = figure.unit.rpartition(" ")[0]
    if not scale:
        return 0
    return _places(figure)


def _printed(figure: Figure) -> Fraction:
    """The printed value in plain units (the middle of the figure's range)."""
    return (figure.range.low + figure.range.high) / 2


def _point(range_: Range | None) -> Fraction | None:
    if range_ is None:
        return None
    if range_.unit == RANK_UNIT:
        return range_.low  # the best rank the data allow
    return range_.low if range_.low == range_.high else None


@attrs.frozen
class _Row:
    section: str
    measure: str
    label: str
    printed: PublishedFigure | None
    recomputed: Fraction | None
    unit: str | None
    open_rank: bool
    verdict: VerdictKind | None
    explanation: str


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


def _rows(
    figures: tuple[PublishedFigure, ...],
    reporter: Economy,
    partner: Economy,
    year: int,
    language: str,
) -> list[_Row]:
    data, exact = FigureIndex(figures), _exact_data(figures)
    labels = _LABELS[language]
    rows: list[_Row] = []

    def add(section: str, scope: str, measure: FigureMeasure) -> None:
        printed = data.find(reporter, partner, year, scope, measure)
        allowed, basis = data.allowed(reporter, partner, year, scope, measure)
        face, _ = exact.allowed(reporter, partner, year, scope, measure)
        if printed is None and allowed is None:
            return
        if printed is not None:
            verdict = check_figure(printed.figure, allowed, basis=basis)
            kind, explanation = verdict.kind, verdict.explanation
        else:
            kind, explanation = None, f"not published; data give {allowed} ({basis})"
        label = labels[measure.value].format(reporter=reporter.code)
        unit = (
            printed.figure.range.unit
            if printed is not None
            else (allowed.unit if allowed else None)
        )
        open_rank = face is not None and face.unit == RANK_UNIT and face.high != face.low
        rows.append(
            _Row(
                section,
                measure.value,
                label,
                printed,
                _point(face),
                unit,
                open_rank,
                kind,
                explanation,
            )
        )

    for scope in _SECTIONS:
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


def _factsheet(args: argparse.Namespace) -> int:
    figures = load_figures(args.data) if args.data else published_figures()
    reporter, partner = Economy.lookup(args.reporter), Economy.lookup(args.partner)
    year = args.year
    language = args.locale
    locale = _LOCALES[language]
    rows = _rows(figures, reporter, partner, year, language)
    if not rows:
        raise KorusError(
            "partner",
            partner.code,
            f"the data have no figures for {reporter.code}–{partner.code} in {year}",
        )
    top = FigureIndex(figures).top_exports(reporter, partner, year)
    labels = _LABELS[language]

    def printed_text(row: _Row) -> str:
        if row.printed is None:
            return "—"
        f = row.printed.figure
        return _value_text(
            _printed(f),
            f.range.unit,
            locale,
            _scaled_places(f) if f.range.unit not in (PERCENT_UNIT, RANK_UNIT) else _places(f),
        )

    def recomputed_text(row: _Row) -> str:
        if row.recomputed is None or row.unit is None:
            return "—"
        if row.open_rank:
            return labels["rank_open"].format(rank=row.recomputed)
        places = 1 if row.unit != RANK_UNIT else 0
        if row.printed is not None and row.unit not in (RANK_UNIT,):
            f = row.printed.figure
            places = _scaled_places(f) if row.unit != PERCENT_UNIT else _places(f)
        return _value_text(row.recomputed, row.unit, locale, places)

    def verdict_text(row: _Row) -> str:
        if row.verdict is None:
            return "—"
        if row.verdict is VerdictKind.CONSISTENT:
            return _VERDICTS[language]["within"]
        return _VERDICTS[language][row.verdict.value]

    title = labels["title"].format(
        reporter=_territory(reporter, locale), partner=_territory(partner, locale), year=year
    )
    if args.format == "json":
        document = {
            "reporter": reporter.code,
            "partner": partner.code,
            "year": year,
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
                    "recomputed": None if row.recomputed is None else recomputed_text(row),
                    "verdict": None if row.verdict is None else row.verdict.value,
                    "explanation": row.explanation,
                }
                for row in rows
            ],
            "top_exports": [
                {
                    "product": f.scope,
                    "title": Product.parse(f.scope).title,
                    "printed": str(f.figure),
                }
                for f in top
            ],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    header = (labels["printed"], labels["recomputed"], labels["verdict"])
    if args.format == "markdown":
        print(f"# {title}\n")
        print(f"| | | {header[0]} | {header[1]} | {header[2]} |")
        print("|---|---|---|---|---|")
        for row in rows:
            print(
                f"| {row.section} | {row.label} | {printed_text(row)} | {recomputed_text(row)} | {verdict_text(row)} |"
            )
        if top:
            print(f"\n## {labels['top']}\n")
            for rank, f in enumerate(top, start=1):
                print(
                    f"{rank}. HS {f.scope[3:]} — {_value_text(_printed(f.figure), f.figure.range.unit, locale, _scaled_places(f.figure))}: {Product.parse(f.scope).title}"
                )
        return EXIT_OK
    print(title)
    print("=" * len(title))
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            print(f"\n{section}")
        print(
            f"  {row.label:<28} {header[0]} {printed_text(row):<16} {header[1]} {recomputed_text(row):<16} {verdict_text(row)}"
        )
    if top:
        print(f"\n{labels['top']}")
        for rank, f in enumerate(top, start=1):
            value = _value_text(
                _printed(f.figure),
                f.figure.range.unit,
                locale,
                _scaled_places(f.figure),
            )
            print(f"  {rank}. HS {f.scope[3:]:<3} {value:<16} {Product.parse(f.scope).title}")
    sources = sorted(
        {
            r.printed.figure.provenance.publisher
            for r in rows
            if r.printed and r.printed.figure.provenance
        }
    )
    print(
        f"\nSources: {', '.join(sources)}. Each printed figure is checked against the range its parts allow, within rounding."
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    figures = load_figures(args.data) if args.data else None
    entries = load_claims(args.file)
    results = check_claims(entries, figures)
    counts = summary(results)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "results": [
                        {
                            "claim": None if r.claim is None else r.claim.id,
                            "verdict": None if r.verdict is None else r.verdict.value,
                            "rejected": r.rejected,
                            "explanation": r.explanation,
                        }
                        for r in results
                    ],
                    "summary": counts,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for r in results:
            if r.claim is None or r.verdict is None:
                print(f"REJECTED      {r.explanation}")
            else:
                print(f"{r.verdict.value.upper():<13} {r.claim.id}: {r.explanation}")
        print("\n" + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return EXIT_INCONSISTENT if counts["inconsistent"] or counts["rejected"] else EXIT_OK


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) != 4:
        raise argparse.ArgumentTypeError(f"year={text!r}: must be a four-digit year")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``korus`` command."""
    epilog = (
        "exit status: 0 all consistent (or undecidable), 1 a claim is inconsistent or was "
        "rejected, 2 bad arguments or an unreadable file"
    )
    parser = _Parser(
        prog="korus",
        description="Trade figures checked within rounding. With no command, prints the fact sheet.",
        epilog=epilog,
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    sheet = commands.add_parser(
        "factsheet",
        help="published figures beside korus's recomputation, with verdicts",
        description="Print a fact sheet: each published figure beside the figure recomputed from its parts, with a verdict within rounding.",
        epilog=epilog,
    )
    sheet.add_argument("--reporter", default="USA", help="reporter economy (default: USA)")
    sheet.add_argument("--partner", default="KOR", help="partner economy (default: KOR)")
    sheet.add_argument("--year", type=_year, default=2016, help="year (default: 2016)")
    sheet.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    sheet.add_argument(
        "--locale",
        choices=sorted(_LOCALES),
        default="en",
        help="number and currency formatting (CLDR)",
    )
    sheet.add_argument("--data", help="a CSV of published figures instead of korus's own")
    check = commands.add_parser(
        "check",
        help="check a file of claims",
        description="Check each claim of a TOML or JSON claims file against korus's published figures or --data.",
        epilog=epilog,
    )
    check.add_argument("file", help="the claims file (.toml or .json)")
    check.add_argument("--data", help="a CSV of published figures instead of korus's own")
    check.add_argument("--format", choices=("text", "json"), default="text")
    read = commands.add_parser(
        "read",
        help="read a UN Comtrade or US Census file and account for every row",
        description=(
            "Read a Comtrade+ CSV or API response, a legacy comtrade.un.org CSV, or (with "
            "--census) a Census trade API response; print how every row was read and whether "
            "the totals in the file equal their parts. Progress is shown on a terminal."
        ),
        epilog="exit status: 0 every row read and every total consistent, 1 rows rejected or "
        "a total inconsistent, 2 bad arguments or an unreadable file",
    )
    read.add_argument("file", help="the file to read")
    read.add_argument(
        "--census",
        metavar="VALUE",
        help="read a Census API response, taking VALUE (e.g. ALL_VAL_MO)",
    )
    read.add_argument("--direction", choices=("export", "import"), help="for --census")
    read.add_argument(
        "--strict", action="store_true", help="stop at the first bad row (default: report it)"
    )
    read.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _read(args: argparse.Namespace) -> int:
    progress = progress_bar()
    counts: dict[str, int]
    checks: list[tuple[str, bool, str]]
    if args.census is not None:
        census = read_census(
            args.file,
            args.census,
            direction=args.direction,
            strict=args.strict,
            progress=progress,
        )
        counts = {
            "rows": census.rows,
            "flows": len(census.flows),
            "aggregates": len(census.aggregates),
            "breakdowns": len(census.breakdowns),
            "rejected": len(census.rejected),
        }
        checks = [(c.total_of, c.consistent, str(c.difference)) for c in census.checks()]
        rejected = census.rejected
    else:
        if args.direction is not None:
            raise InvalidValueError("direction", args.direction, "is for --census only")
        comtrade = (
            read_comtrade_json(args.file, strict=args.strict)
            if str(args.file).lower().endswith(".json")
            else read_comtrade(args.file, strict=args.strict, progress=progress)
        )
        counts = {
            "rows": comtrade.rows,
            "flows": len(comtrade.flows),
            "aggregates": len(comtrade.aggregates),
            "breakdowns": len(comtrade.breakdowns),
            "rejected": len(comtrade.rejected),
        }
        checks = [
            (
                f"{c.total.reporter.code} {c.total.direction.value}s, world, {c.total.scope}, "
                f"{c.total.period}: partners",
                c.consistent,
                str(c.difference),
            )
            for c in comtrade.world_check()
        ]
        checks += [(c.total_of, c.consistent, str(c.difference)) for c in comtrade.checks()]
        rejected = comtrade.rejected
    good = not rejected and all(ok for _, ok, _ in checks)
    if args.format == "json":
        print(
            json.dumps(
                {
                    **counts,
                    "checks": [
                        {"total": t, "consistent": ok, "difference": d} for t, ok, d in checks
                    ],
                    "rejected_rows": [attrs.asdict(r) for r in rejected],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(", ".join(f"{value:,} {name}" for name, value in counts.items()))
        inconsistent = [c for c in checks if not c[1]]
        print(f"{len(checks) - len(inconsistent)} of {len(checks)} totals equal their parts")
        for total, _, difference in inconsistent:
            print(f"  inconsistent: {total}: off by {difference}")
        for row in rejected:
            print(f"  rejected: {row}")
    return EXIT_OK if good else EXIT_INCONSISTENT


def main_exit() -> None:
    """The console script's entry point."""
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``korus`` command; returns its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["factsheet", *(argv or [])])
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "read":
            return _read(args)
        return _factsheet(args)
    except KorusError as error:
        print(f"korus: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - output piped into head
        return EXIT_OK
