"""The ``korus`` command: a fact sheet of published figures, checks of claims, reading
UN Comtrade and US Census files, fetching from their APIs, and mirror decompositions.

Exit status: 0 when everything checked is consistent (or undecidable), 1 when a claim is
inconsistent with the data, 2 for bad arguments or an unreadable file, 3 for a bug in korus
(reported in one line, never as a traceback).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any, Final

import attrs

from korus._adjustment import ValuationAdjustment
from korus._basis import Valuation
from korus._cli._factsheet import fact_sheet
from korus._cli._json import check_document
from korus._cli._labels import LOCALES
from korus._cli._render import render
from korus._economy import Economy
from korus._errors import InvalidValueError, KorusError, MismatchError
from korus._install import DISTRIBUTION, install_hint
from korus._model import Provenance
from korus._money import format_amount
from korus._product import scope_text
from korus.claims import (
    check_claims,
    figures_from_flows,
    load_claims,
    load_figures,
    published_figures,
    summary,
)
from korus.readers import progress_bar, read_census, read_comtrade, read_comtrade_json

EXIT_OK: Final = 0
EXIT_INCONSISTENT: Final = 1
EXIT_USAGE: Final = 2
#: A bug in korus, not a verdict and not bad input.
EXIT_BUG: Final = 3


def _is_json(path: str) -> bool:
    """Whether a file is an API response by its name, gzip-compressed or not."""
    return path.lower().removesuffix(".gz").endswith(".json")


def _economies(texts: list[str] | None) -> list[Economy] | None:
    """Economies as a user types them: codes or names, in any case (``Economy.lookup``)."""
    return None if texts is None else [Economy.lookup(text) for text in texts]


def _factsheet(args: argparse.Namespace) -> int:
    figures = load_figures(args.data) if args.data else published_figures()
    reporter, partner = Economy.lookup(args.reporter), Economy.lookup(args.partner)
    sheet = fact_sheet(figures, reporter, partner, args.year, args.locale)
    print("\n".join(render(sheet, args.format)))
    return EXIT_OK


def _comtrade_figures(path: str, valuation: str | None) -> tuple[Any, str]:
    """The figures of a Comtrade file's flows and world totals at one valuation, and a line
    that says what was taken and what was left out, and why."""
    data = read_comtrade_json(path) if _is_json(path) else read_comtrade(path)
    wanted = None if valuation is None else Valuation.coerce(valuation, "valuation")
    source = Provenance("UN Comtrade", document=path)
    taken, parts, lacking = [], 0, []
    for record in (*data.flows, *data.aggregates):
        if record.flow.is_part:
            parts += 1
            continue
        value = None if wanted is None else (record.fob if wanted is Valuation.FOB else record.cif)
        if wanted is not None and value is None:
            f = record.flow
            lacking.append(f"{f.reporter.code} {record.flow_code} {f.partner.code}")
            continue
        flow = record.flow if wanted is None else record.on(wanted)
        taken.append(flow.replace(provenance=source))
    basis = "each record's primary value" if wanted is None else f"{wanted.value} values"
    note = f"data: {path}: {len(taken)} flows and world totals, {basis}"
    if parts:
        note += f"; {parts} re-exports and re-imports left out (parts of exports and imports)"
    if lacking:
        assert wanted is not None
        shown = ", ".join(lacking[:5]) + (", ..." if len(lacking) > 5 else "")
        note += f"; {len(lacking)} records with no {wanted.value} value left out ({shown})"
    try:
        return figures_from_flows(taken), note
    except MismatchError as error:
        if wanted is not None:
            raise
        raise MismatchError(
            error.field, error.value, f"{error.reason} (with --comtrade: --valuation FOB or CIF)"
        ) from None


def _check(args: argparse.Namespace) -> int:
    if args.data and args.comtrade:
        raise InvalidValueError("--comtrade", args.comtrade, "and --data cannot both be given")
    if args.valuation and not args.comtrade:
        raise InvalidValueError("--valuation", args.valuation, "is for --comtrade")
    note = None
    figures = load_figures(args.data) if args.data else None
    if args.comtrade:
        figures, note = _comtrade_figures(args.comtrade, args.valuation)
    entries = load_claims(args.file)
    results = check_claims(entries, figures, as_of=args.as_of)
    counts = summary(results)
    if args.format == "json":
        document = check_document(results, counts, note, args.as_of, _version())
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if note is not None:
            print(note + "\n")
        for r in results:
            if r.claim is None or r.verdict is None:
                print(f"REJECTED      {_printable(r.explanation)}")
            else:
                line = f"{r.verdict.value.upper():<13} {r.claim.id}: {r.explanation}"
                print(_printable(line))
        print("\n" + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return EXIT_INCONSISTENT if counts["inconsistent"] or counts["rejected"] else EXIT_OK


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) != 4:
        raise argparse.ArgumentTypeError(f"year={text!r}: must be a four-digit year")
    return int(text)


def _date(text: str) -> datetime.date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"as-of={text!r}: must be a date, YYYY-MM-DD") from None


def _version() -> str:
    import korus  # the package's own __version__: the one place the version is written

    return str(korus.__version__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``korus`` command."""
    epilog = (
        "exit status: 0 all consistent (or undecidable), 1 a claim is inconsistent or was "
        "rejected, 2 bad arguments or an unreadable file, 3 a bug in korus"
    )
    parser = _Parser(
        prog="korus",
        description="Trade figures checked within rounding. With no command, prints the fact sheet.",
        epilog=epilog,
    )
    parser.add_argument(
        "--version", action="version", version=f"korus {_version()} ({DISTRIBUTION} on PyPI)"
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    sheet = commands.add_parser(
        "factsheet",
        help="published figures beside korus's recomputation, with verdicts",
        description="Print a fact sheet: each published figure beside the figure recomputed from its parts, with a verdict within rounding.",
        epilog=epilog,
    )
    sheet.add_argument(
        "--reporter", default="USA", help="reporter economy, a code or a name (default: USA)"
    )
    sheet.add_argument(
        "--partner", default="KOR", help="partner economy, a code or a name (default: KOR)"
    )
    sheet.add_argument("--year", type=_year, default=2016, help="year (default: 2016)")
    sheet.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    sheet.add_argument(
        "--locale",
        choices=sorted(LOCALES),
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
    check.add_argument(
        "--comtrade",
        metavar="FILE",
        help="check against the flows of a UN Comtrade file instead (its world totals too)",
    )
    check.add_argument(
        "--valuation",
        choices=("FOB", "CIF"),
        help="for --comtrade: take every record at this valuation (a balance needs one)",
    )
    check.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="judge each claim by what had been published by that day",
    )
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
    read.add_argument("file", help="the file to read (gzip-compressed too)")
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
    read.add_argument(
        "--output",
        metavar="TABLE",
        help="also write every record read (flows, aggregates, breakdowns, with a kind column) "
        "to a .parquet or .csv table (needs korus-trade[polars])",
    )
    mirror = commands.add_parser(
        "mirror",
        help="split the gap between two economies' reports of one flow into its components",
        description=(
            "Set EXPORTER's exports to IMPORTER beside IMPORTER's imports from EXPORTER, as "
            "each reported them in a Comtrade file, and split the gap into valuation (CIF - "
            "FOB from the importer's own figures, or --adjustment), re-exports through each "
            "--via economy, timing (--lag) and a residual; the parts sum to the gap exactly."
        ),
        epilog="exit status: 0 decomposed, 2 bad arguments, an unreadable file, or a side or "
        "re-export not in the data",
    )
    mirror.add_argument("exporter", help="the exporting economy, a code or a name (CHN, China)")
    mirror.add_argument("importer", help="the importing economy, a code or a name (USA)")
    mirror.add_argument("period", help="the period, e.g. 2022 or 2022-07")
    mirror.add_argument("--data", required=True, help="a Comtrade+ CSV or API response")
    mirror.add_argument("--scope", default="goods", help="goods (default) or an HS code (HS:84)")
    mirror.add_argument(
        "--via",
        action="append",
        default=[],
        help="a third economy re-exporting, a code or a name (repeat)",
    )
    mirror.add_argument(
        "--adjustment",
        metavar="FACTOR",
        help="FOB = FACTOR x CIF where the importer gives no FOB value (needs --source)",
    )
    mirror.add_argument("--source", help="where --adjustment's factor comes from")
    mirror.add_argument(
        "--lag",
        type=int,
        default=0,
        metavar="MONTHS",
        help="separate timing: exports this many months earlier (needs monthly exports)",
    )
    mirror.add_argument("--format", choices=("text", "json"), default="text")
    _fetch_parsers(commands)
    return parser


def _mirror(args: argparse.Namespace) -> int:
    from korus.analysis import decompose_mirror

    # The economies first: a name korus cannot read is said before a file is read.
    exporter, importer = Economy.lookup(args.exporter), Economy.lookup(args.importer)
    via = _economies(args.via) or ()
    path = args.data
    data = _comtrade_json(path, False) if _is_json(path) else read_comtrade(path)
    adjustment = None
    if args.adjustment is not None:
        if args.source is None:
            raise InvalidValueError(
                "adjustment", args.adjustment, "needs --source: where the factor comes from"
            )
        adjustment = ValuationAdjustment(
            Valuation.CIF, Valuation.FOB, args.adjustment, source=args.source
        )
    elif args.source is not None:
        raise InvalidValueError("source", args.source, "is the source of --adjustment, not given")
    result = decompose_mirror(
        data,
        exporter,
        importer,
        period=args.period,
        scope=args.scope,
        via=via,
        adjustment=adjustment,
        lag=args.lag,
    )
    rows = result.rows()
    if args.format == "json":
        document = {
            "exporter": result.exporter.code,
            "importer": result.importer.code,
            "period": str(result.period),
            "rows": [{"label": label.strip(), "value": str(value)} for label, value in rows],
            "notes": list(result.notes),
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{result.exporter.code} to {result.importer.code}, {result.period}, {data.source}")
    # Each value exact, as the reports give it, and in billions to read at a glance.
    width = max(len(label) for label, _ in rows)
    exact_width = max(len(str(value)) for _, value in rows)
    for label, value in rows:
        glance = format_amount(value, scale="billion")
        print(f"{label:<{width}}  {value!s:>{exact_width}}  {glance:>18}")
    for note in result.notes:
        print(f"note: {note}")
    return EXIT_OK


def _fetch_parsers(commands: Any) -> None:
    fetch = commands.add_parser(
        "fetch",
        help="fetch from UN Comtrade or the US Census Bureau, cached, and read what came",
        description=(
            "Fetch from the UN Comtrade API or the US Census Bureau's trade API into a cache "
            "folder (each answer kept with its request, retrieval time and SHA-256), read every "
            "answer strictly and print how every row was read. Keys come from the environment "
            "(COMTRADE_PRIMARY or KORUS_COMTRADE_KEY; CENSUS_API_KEY or KORUS_CENSUS_KEY) or the "
            "keys file (~/.config/korus/keys.toml), never from the command line. Needs "
            "korus-trade[fetch]."
        ),
        epilog="exit status: 0 every row read and every total consistent, 1 rows rejected or "
        "a total inconsistent, 2 bad arguments, a refusal, or faults past every retry",
    )
    sources = fetch.add_subparsers(dest="source", parser_class=_Parser, required=True)
    comtrade = sources.add_parser(
        "comtrade",
        help="the UN Comtrade API",
        description="Fetch goods trade from the UN Comtrade API (the public preview without a "
        "key); a query over the API's cap is split until no answer is capped.",
    )
    comtrade.add_argument(
        "--reporter", action="append", required=True, help="a code or a name (repeat)"
    )
    comtrade.add_argument(
        "--period", action="append", required=True, help="YYYY or YYYY-MM (repeat)"
    )
    comtrade.add_argument(
        "--partner", action="append", help="a code or a name (repeat); default: every partner"
    )
    comtrade.add_argument(
        "--flow",
        action="append",
        choices=("import", "export", "re-import", "re-export"),
        help="(repeat) default: import and export",
    )
    comtrade.add_argument("--product", action="append", help="TOTAL or an HS code (repeat)")
    comtrade.add_argument("--classification", default="HS", help="HS, or H0 to H6")
    census = sources.add_parser(
        "census",
        help="the US Census Bureau's international trade API",
        description="Fetch one value variable of US exports or imports in one period.",
    )
    census.add_argument("--direction", choices=("export", "import"), required=True)
    census.add_argument("--value", required=True, help="e.g. ALL_VAL_MO, GEN_CIF_YR")
    census.add_argument("--period", required=True, help="YYYY-MM (YYYY for a *_YR value)")
    census.add_argument(
        "--country", action="append", help="a code or a name (repeat); default: all"
    )
    census.add_argument("--product", action="append", help="an HS code (repeat); default: chapters")
    census.add_argument("--dataset", choices=("hs", "porths"), default="hs")
    for source in (comtrade, census):
        source.add_argument(
            "--cache", default="korus-cache", help="the cache folder (default: ./korus-cache)"
        )
        source.add_argument("--offline", action="store_true", help="read the cache only")
        source.add_argument(
            "--pinned", metavar="PIN", help="read only the answers a pin file names"
        )
        source.add_argument("--pin", metavar="PIN", help="write a pin file of the answers read")
        source.add_argument("--format", choices=("text", "json"), default="text")
        source.add_argument(
            "--api", metavar="URL", help="the API's address (a mirror, a test server)"
        )
        source.add_argument(
            "--output",
            metavar="TABLE",
            help="also write every record read to a .parquet or .csv table",
        )


def _fetch(args: argparse.Namespace) -> int:
    try:
        from korus import fetch
    except ImportError as error:
        raise InvalidValueError("command", "fetch", str(error)) from None
    # stamina logs each retry as a warning, which Python prints bare ("stamina.retry_scheduled")
    # when no logging is set up: the command says what failed in the end, once, instead.
    retries = logging.getLogger("stamina")
    retries.addHandler(logging.NullHandler())
    retries.propagate = False
    cache = fetch.Cache(args.cache, offline=args.offline, pinned=args.pinned)
    if args.source == "comtrade":
        query = fetch.ComtradeQuery(
            _economies(args.reporter),
            args.period,
            partners=_economies(args.partner),
            flows=args.flow or ("import", "export"),
            products=args.product or ("TOTAL",),
            classification=args.classification,
        )
        fetched = fetch.fetch_comtrade(
            query, cache, progress=_fetch_progress(), base_url=args.api or fetch.COMTRADE_API
        )
        if sys.stderr.isatty():
            print(file=sys.stderr)
        entries = (*fetched.responses, *((fetched.releases,) if fetched.releases else ()))
        summary = _comtrade_summary(fetched.data)
    else:
        census_query = fetch.CensusQuery(
            args.direction,
            args.value,
            args.period,
            countries=_economies(args.country),
            products=args.product,
            dataset=args.dataset,
        )
        census_fetched = fetch.fetch_census(
            census_query, cache, base_url=args.api or fetch.CENSUS_API
        )
        entries = (census_fetched.response,)
        summary = _census_summary(census_fetched.data)
    if args.pin is not None:
        fetch.Cache(args.cache).pin(args.pin, entries)
    answers = [
        {
            "request": str(e.request),
            "retrieved": e.retrieved.isoformat(),
            "sha256": e.sha256,
            "bytes": e.size,
        }
        for e in entries
    ]
    if args.format == "text":
        print(f"{len(entries)} answer{'s' * (len(entries) != 1)} in {args.cache}")
    return _report(args, summary, {"answers": answers})


def _fetch_progress() -> Any:
    """Answers read and to go, on one line of a terminal; nothing elsewhere."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, remaining: int) -> None:
        print(
            f"\rfetched {done} answer(s), {remaining} to go ", end="", file=sys.stderr, flush=True
        )

    return show


def _start(path: str) -> bytes:
    """The first bytes a file holds, unpacked where it is gzip (as the readers read it)."""
    with gzip.open(path, "rb") as packed:
        try:
            return packed.read(64)
        except gzip.BadGzipFile:
            pass  # not gzip: the file's own bytes
    with open(path, "rb") as file:
        return file.read(64)


def _comtrade_json(path: str, strict: bool) -> Any:
    try:
        return read_comtrade_json(path, strict=strict)
    except KorusError as error:
        # A Census response is JSON too: say which option reads it.
        try:
            start = _start(path).lstrip()
        except (OSError, EOFError):
            raise error from None
        if start.startswith(b"[["):
            raise InvalidValueError(
                "file",
                path,
                "looks like a US Census API response (a list of lists), not a Comtrade one: "
                "read it with --census VARIABLE, e.g. korus read FILE --census ALL_VAL_MO",
            ) from None
        raise


def _write_table(path: str, kinds: dict[str, Any]) -> None:
    """Every record read, one table, a ``kind`` column saying where each landed."""
    if not path.endswith((".parquet", ".csv")):
        raise InvalidValueError("output", path, "must name a .parquet or .csv file")
    from korus import columnar

    try:
        import polars as pl
    except ImportError:
        raise InvalidValueError(
            "output", path, f"needs Polars to write a table: {install_hint('polars')}"
        ) from None
    parts = [
        columnar.to_polars(records).with_columns(pl.lit(kind).alias("kind"))
        for kind, records in kinds.items()
        if records
    ]
    if not parts:
        raise InvalidValueError("output", path, "has nothing to hold: no record was read")
    table = pl.concat(parts, how="diagonal_relaxed").sort("line")
    try:
        if path.endswith(".parquet"):
            table.write_parquet(path)
        else:
            table.write_csv(path)
    except OSError as error:
        raise InvalidValueError("output", path, f"cannot be written: {error.strerror}") from None


_Summary = tuple[dict[str, int], list[tuple[str, bool, str]], Any, dict[str, Any]]


def _counts(data: Any) -> dict[str, int]:
    """Where the rows of a read landed: ``rows`` = flows + aggregates + breakdowns + rejected."""
    kinds = ("flows", "aggregates", "breakdowns", "rejected")
    return {"rows": data.rows, **{kind: len(getattr(data, kind)) for kind in kinds}}


def _census_summary(census: Any) -> _Summary:
    """How every row of a Census response was read: counts, checks, rejections, records."""
    counts = _counts(census)
    checks = [(c.total_of, c.consistent, str(c.difference)) for c in census.checks()]
    kinds = {"flow": census.flows, "aggregate": census.aggregates, "breakdown": census.breakdowns}
    return counts, checks, census.rejected, kinds


def _comtrade_summary(comtrade: Any) -> _Summary:
    """How every row of Comtrade data was read: counts, checks, rejections, records."""
    counts = _counts(comtrade)
    checks = [
        (
            f"{c.total.reporter.code} {c.total.direction.value}s, world, "
            f"{scope_text(c.total.scope)}, "
            f"{c.total.period}: partners",
            c.consistent,
            str(c.difference),
        )
        for c in comtrade.world_check()
    ]
    checks += [(c.total_of, c.consistent, str(c.difference)) for c in comtrade.checks()]
    kinds = {
        "flow": comtrade.flows,
        "aggregate": comtrade.aggregates,
        "breakdown": comtrade.breakdowns,
    }
    return counts, checks, comtrade.rejected, kinds


def _read(args: argparse.Namespace) -> int:
    progress = progress_bar()
    if args.census is not None:
        census = read_census(
            args.file,
            args.census,
            direction=args.direction,
            strict=args.strict,
            progress=progress,
        )
        return _report(args, _census_summary(census))
    if args.direction is not None:
        raise InvalidValueError("direction", args.direction, "is for --census only")
    comtrade = (
        _comtrade_json(args.file, args.strict)
        if _is_json(str(args.file))
        else read_comtrade(args.file, strict=args.strict, progress=progress)
    )
    return _report(args, _comtrade_summary(comtrade))


def _report(
    args: argparse.Namespace, summary: _Summary, extra: dict[str, Any] | None = None
) -> int:
    """Print how every row was read (and ``extra``, for JSON), write the records where asked;
    the exit status."""
    counts, checks, rejected, kinds = summary
    if args.output is not None:
        _write_table(args.output, kinds)
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
                    **(extra or {}),
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
        if args.command == "fetch":
            return _fetch(args)
        if args.command == "mirror":
            return _mirror(args)
        return _factsheet(args)
    except KorusError as error:
        print(f"korus: error: {_printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - output piped into head
        return EXIT_OK
    except (RecursionError, MemoryError) as error:
        # Input too deep or too large to hold: the input's fault, said as such.
        print(
            f"korus: error: the input is too large or too deeply nested ({type(error).__name__})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except Exception as error:  # the one place a bug becomes a message
        # Not a verdict and not bad input: a bug in korus. One line, its own status, no traceback.
        print(
            f"korus: internal error (a bug in korus {_version()}; please report it): "
            f"{type(error).__name__}: {_printable(str(error))[:200]}",
            file=sys.stderr,
        )
        return EXIT_BUG


def _printable(text: str) -> str:
    """Text safe for a terminal: control characters (escape sequences) shown, not obeyed."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
