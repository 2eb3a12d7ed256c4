"""Published trade figures as data, and claims about them checked within rounding.

korus ships the published 2016 US–Korea figures (USTR, USITC, the Census Bureau, ...), each
with its provenance and the precision it was printed to. A claim — "a goods deficit of
$27.7 billion" — is checked against what those figures allow: recomputed from its parts where
the parts were published (imports − exports), from the figure itself otherwise.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import json
import pathlib
import tomllib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from korus import _rules as rules
from korus._economy import Economy
from korus._enum import KorusEnum
from korus._errors import InvalidTypeError, InvalidValueError, KorusError, ParseError
from korus._figures import (
    PERCENT_UNIT,
    RANK_OPEN,
    RANK_UNIT,
    Figure,
    Range,
    Verdict,
    VerdictKind,
    check_figure,
    implied_previous,
)
from korus._model import Provenance
from korus._period import MAX_YEAR, MIN_YEAR
from korus._product import Coverage, Product
from korus._validate import instance_of, items

MAX_CLAIMS: Final = 100_000
MAX_FILE_BYTES: Final = 50_000_000


class FigureMeasure(KorusEnum):
    """What a published figure or a claim measures.

    >>> FigureMeasure.coerce("deficit_percent_change_from_previous_year", "measure")
    FigureMeasure.DEFICIT_PERCENT_CHANGE
    """

    EXPORTS = "exports"
    IMPORTS = "imports"
    TWO_WAY_TRADE = "two_way_trade"
    BALANCE = "balance"
    DEFICIT = "deficit"
    SURPLUS = "surplus"
    SHARE_OF_REPORTER_EXPORTS = "share_of_reporter_exports"
    RANK_TWO_WAY_TRADE = "rank_two_way_trade"
    RANK_EXPORTS = "rank_exports"
    RANK_IMPORTS = "rank_imports"
    DEFICIT_PERCENT_CHANGE = "deficit_percent_change_from_previous_year"
    SURPLUS_PERCENT_CHANGE = "surplus_percent_change_from_previous_year"
    TOP_EXPORTS = "top_exports"


_CATEGORIES: Final = {c.value for c in Coverage} | {"agricultural_products"}


def _category(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("scope", value, f"must be a str, not {type(value).__name__}")
    if value in _CATEGORIES:
        return value
    if value.startswith("HS:"):
        return str(Product.parse(value))
    raise InvalidValueError(
        "scope",
        value,
        f"must be one of {', '.join(sorted(_CATEGORIES))} or an HS code like 'HS:84'",
    )


def _measure(value: Any) -> FigureMeasure:
    return FigureMeasure.coerce(value, "measure")


def _economy(value: Any) -> Economy:
    if isinstance(value, Economy):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError("economy", value, "must be an ISO 3166-1 alpha-3 code")
    return Economy(value)


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidTypeError("year", value, "must be a year")
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()) or len(value) != 4:
            raise InvalidValueError("year", value, "must be a four-digit year")
        value = int(value)
    year: int = value
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidValueError("year", year, f"must be between {MIN_YEAR} and {MAX_YEAR}")
    return year


@attrs.frozen(cache_hash=True)
class PublishedFigure:
    """One published figure: what it measures, for whom, and the figure as printed.

    >>> deficit = published_figures(partner="KOR", scope="goods", measure="deficit")[0]
    >>> deficit.key, str(deficit.figure), deficit.figure.provenance.publisher
    ('ustr16.goods.deficit', '27.7 billion USD', 'USTR')
    """

    key: str = attrs.field(validator=instance_of(str, "key"))
    reporter: Economy = attrs.field(converter=_economy)
    partner: Economy = attrs.field(converter=_economy)
    year: int = attrs.field(converter=_year)
    scope: str = attrs.field(converter=_category)
    measure: FigureMeasure = attrs.field(converter=_measure)
    figure: Figure = attrs.field(validator=instance_of(Figure, "figure"))


def _figure_from_row(row: dict[str, str]) -> Figure:
    unit = {"rank": RANK_UNIT, "percent": PERCENT_UNIT}.get(row["unit"], row["unit"])
    provenance = Provenance(
        row["publisher"], document=row["document"] or None, url=row["url"] or None
    )
    step = Decimal(row["rounded_to"]) if unit != RANK_UNIT else Decimal(0)
    return Figure(row["value"], unit, step, provenance=provenance)


_COLUMNS: Final = (
    "key",
    "publisher",
    "document",
    "url",
    "reporter",
    "partner",
    "year",
    "category",
    "measure",
    "value",
    "unit",
    "rounded_to",
)


def _read_text(value: Any, field: str) -> tuple[str, str]:
    """The text of a file named by ``value``, and its name; any failure is a KorusError."""
    if not isinstance(value, str | pathlib.Path):
        raise InvalidTypeError(field, value, f"must be a path, not {type(value).__name__}")
    path = pathlib.Path(value)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidValueError(field, str(path), f"is larger than {MAX_FILE_BYTES} bytes")
        return path.read_text(encoding="utf-8"), str(path)
    except OSError as error:
        raise InvalidValueError(field, str(path), f"cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ParseError(field, str(path), "is not UTF-8 text") from None
    except ValueError:  # a NUL in the path
        raise InvalidValueError(field, str(path), "is not a usable path") from None


def load_figures(source: str | pathlib.Path | io.TextIOBase) -> tuple[PublishedFigure, ...]:
    r"""Read published figures from a CSV file in korus's format (the columns of the file
    korus ships: key, publisher, document, url, reporter, partner, year, category, measure,
    value, unit, rounded_to).

    :raises KorusError: naming the line and the field of the first bad row.

    >>> import io
    >>> text = "key,publisher,document,url,reporter,partner,year,category,measure,value,unit,rounded_to\n"
    >>> text += "x,USTR,,,USA,KOR,2016,goods,exports,42.3,billion USD,0.1\n"
    >>> [str(f.figure.range) for f in load_figures(io.StringIO(text))]
    ['42.25 to 42.35 billion USD']
    """
    if isinstance(source, str | pathlib.Path):
        text, name = _read_text(source, "data")
    elif isinstance(source, io.TextIOBase):
        text, name = source.read(), "<stream>"
    else:
        raise InvalidTypeError("source", source, "must be a path or a text stream")
    reader = csv.DictReader(io.StringIO(text))
    missing = set(_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ParseError("data", name, f"lacks the columns {', '.join(sorted(missing))}")
    result = []
    for line, row in enumerate(reader, start=2):
        try:
            result.append(
                PublishedFigure(
                    row["key"],
                    row["reporter"],
                    row["partner"],
                    row["year"],
                    row["category"],
                    row["measure"],
                    _figure_from_row(row),
                )
            )
        except KorusError as error:
            raise type(error)(f"{name}:{line}: {error.field}", error.value, error.reason) from None
    return tuple(result)


@functools.cache
@functools.cache
def _embedded() -> tuple[PublishedFigure, ...]:
    resource = importlib.resources.files("korus.data").joinpath("us-korea-published-figures.csv")
    return load_figures(io.StringIO(resource.read_text("utf-8")))


def published_figures(
    *,
    reporter: str | None = None,
    partner: str | None = None,
    year: int | None = None,
    scope: str | None = None,
    measure: str | FigureMeasure | None = None,
) -> tuple[PublishedFigure, ...]:
    """The published figures korus ships, filtered by any of the given fields.

    >>> [f.partner.code for f in published_figures(measure="two_way_trade", scope="goods")]
    ['KOR', 'CHN', 'CAN', 'MEX', 'JPN', 'DEU']
    """
    wanted_measure = None if measure is None else FigureMeasure.coerce(measure, "measure")
    wanted_scope = None if scope is None else _category(scope)
    return tuple(
        f
        for f in _embedded()
        if (reporter is None or f.reporter.code == reporter)
        and (partner is None or f.partner.code == partner)
        and (year is None or f.year == year)
        and (wanted_scope is None or f.scope == wanted_scope)
        and (wanted_measure is None or f.measure is wanted_measure)
    )


# ---------------------------------------------------------------------------- evaluation


class FigureIndex:
    """Published figures indexed for look-up, and what they allow for any measure: the
    evaluator behind :func:`check_claims` and the fact sheet. A check asks for the same few
    figures many times; each measure is worked out once.

    >>> index = FigureIndex(published_figures())
    >>> usa, kor = Economy("USA"), Economy("KOR")
    >>> allowed, basis = index.allowed(usa, kor, 2016, "goods", FigureMeasure.DEFICIT)
    >>> print(allowed, "-", basis)
    27.5 to 27.7 billion USD - 69.9 − 42.3
    >>> [f.scope for f in index.top_exports(usa, kor, 2016)][:3]
    ['HS:84', 'HS:85', 'HS:88']
    """

    def __init__(self, figures: Iterable[PublishedFigure]) -> None:
        given = tuple(items(figures, "figures"))
        for position, figure in enumerate(given):
            if not isinstance(figure, PublishedFigure):
                raise InvalidTypeError(
                    f"figures[{position}]", figure, "must be a PublishedFigure (see load_figures())"
                )
        self.figures = given
        self._index: dict[tuple[Economy, Economy, int, str, FigureMeasure], PublishedFigure] = {}
        self._partners: dict[tuple[Economy, int, str], dict[Economy, None]] = {}
        # What each measure evaluates to: pure given the figures, asked again by every claim.
        self._allowed: dict[
            tuple[Economy, Economy, int, str, FigureMeasure], tuple[Range | None, str]
        ] = {}
        for f in given:
            # The first figure for a key is the one used; later ones (other publishers,
            # other vintages) stay in `figures` for whoever wants to compare them.
            self._index.setdefault((f.reporter, f.partner, f.year, f.scope, f.measure), f)
            if not f.partner.is_aggregate:
                self._partners.setdefault((f.reporter, f.year, f.scope), {})[f.partner] = None

    def find(
        self, reporter: Economy, partner: Economy, year: int, scope: str, measure: FigureMeasure
    ) -> PublishedFigure | None:
        """The published figure for exactly this, if there is one."""
        return self._index.get((reporter, partner, year, scope, measure))

    def partners(self, reporter: Economy, year: int, scope: str) -> list[Economy]:
        """The reporter's partners the figures name for a year and scope, in their order."""
        return list(self._partners.get((reporter, year, scope), {}))

    def allowed(
        self, reporter: Economy, partner: Economy, year: int, scope: str, measure: FigureMeasure
    ) -> tuple[Range | None, str]:
        """What the figures allow for a measure (None where they do not decide it), and in
        words how that was worked out."""
        key = (reporter, partner, year, scope, measure)
        found = self._allowed.get(key)
        if found is None:
            found = self._allowed[key] = _work_out(self, reporter, partner, year, scope, measure)
        return found

    def top_exports(self, reporter: Economy, partner: Economy, year: int) -> list[PublishedFigure]:
        """The reporter's published exports to the partner by HS product, largest first (by
        the largest value each printed figure allows, so "$6.1 billion" ranks above "$865
        million"), ties by code."""
        flows = [
            f
            for f in self.figures
            if (f.reporter, f.partner, f.year, f.measure)
            == (reporter, partner, year, FigureMeasure.EXPORTS)
            and f.scope.startswith("HS:")
        ]
        return sorted(flows, key=lambda f: (-f.figure.range.high, f.scope))


_FLOWS: Final = {FigureMeasure.EXPORTS, FigureMeasure.IMPORTS}


def _work_out(
    data: FigureIndex,
    reporter: Economy,
    partner: Economy,
    year: int,
    scope: str,
    measure: FigureMeasure,
) -> tuple[Range | None, str]:

    def direct(m: FigureMeasure) -> tuple[Range | None, str]:
        found = data.find(reporter, partner, year, scope, m)
        if found is None:
            return None, f"no published {m.value} for {partner.code} {year} {scope}"
        publisher = found.figure.provenance.publisher if found.figure.provenance else "data"
        return found.figure.range, f"{found.figure} as published by {publisher}"

    if measure in _FLOWS:
        return direct(measure)
    if measure in (
        FigureMeasure.TWO_WAY_TRADE,
        FigureMeasure.BALANCE,
        FigureMeasure.DEFICIT,
        FigureMeasure.SURPLUS,
    ):
        exports = data.find(reporter, partner, year, scope, FigureMeasure.EXPORTS)
        imports = data.find(reporter, partner, year, scope, FigureMeasure.IMPORTS)
        if exports is not None and imports is not None:
            x, m = exports.figure, imports.figure
            # The core's rules, applied to the ranges the printed figures allow.
            if measure is FigureMeasure.TWO_WAY_TRADE:
                return rules.two_way(x.range, m.range), f"{x.value} + {m.value}"
            if measure is FigureMeasure.DEFICIT:
                return rules.deficit(x.range, m.range), f"{m.value} − {x.value}"
            return rules.net(x.range, m.range), f"{x.value} − {m.value}"
        return direct(measure)
    if measure is FigureMeasure.SHARE_OF_REPORTER_EXPORTS:
        part, part_basis = data.allowed(reporter, partner, year, scope, FigureMeasure.EXPORTS)
        whole, whole_basis = data.allowed(
            reporter, Economy.WORLD, year, scope, FigureMeasure.EXPORTS
        )
        if part is None or whole is None:
            return None, part_basis if part is None else whole_basis
        return part.share_of(whole), f"{part_basis} / {whole_basis}"
    if measure in (
        FigureMeasure.RANK_TWO_WAY_TRADE,
        FigureMeasure.RANK_EXPORTS,
        FigureMeasure.RANK_IMPORTS,
    ):
        base = {
            FigureMeasure.RANK_TWO_WAY_TRADE: FigureMeasure.TWO_WAY_TRADE,
            FigureMeasure.RANK_EXPORTS: FigureMeasure.EXPORTS,
            FigureMeasure.RANK_IMPORTS: FigureMeasure.IMPORTS,
        }[measure]
        ranges = {}
        for other in data.partners(reporter, year, scope):
            value, _ = data.allowed(reporter, other, year, scope, base)
            if value is not None:
                ranges[other] = value
        mine = ranges.pop(partner, None)
        if mine is None:
            return None, f"no {base.value} for {partner.code} to rank"
        # Partners missing from the data can only rank above, never below: the data bound the
        # rank from above (the best it can be), and leave it open below.
        best = 1 + sum(1 for r in ranges.values() if r.low > mine.high)
        names = ", ".join(p.code for p in ranges)
        basis = (
            f"ranked by {base.value} among {partner.code} and {names}, the partners in the "
            "data; partners not in the data could only rank above"
        )
        return Range(best, RANK_OPEN, RANK_UNIT), basis
    if measure in (FigureMeasure.DEFICIT_PERCENT_CHANGE, FigureMeasure.SURPLUS_PERCENT_CHANGE):
        level = (
            FigureMeasure.DEFICIT
            if measure is FigureMeasure.DEFICIT_PERCENT_CHANGE
            else FigureMeasure.SURPLUS
        )
        now, now_basis = data.allowed(reporter, partner, year, scope, level)
        before, before_basis = data.allowed(reporter, partner, year - 1, scope, level)
        if now is None or before is None:
            return None, before_basis if before is None else now_basis
        return before.change_to(now), f"from {before_basis} to {now_basis}"
    return None, f"korus cannot compute {measure.value} from figures"


# -------------------------------------------------------------------------------- claims


def _claim_products(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(
        str(Product.parse(p)) if isinstance(p, str) else _bad_product(p)
        for p in items(value, "products")
    )


def _bad_product(value: Any) -> str:
    raise InvalidTypeError("products", value, "must be HS codes written like 'HS:84'")


def _optional_category(value: Any) -> str | None:
    return None if value is None else _category(value)


def _claim_text(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or len(value) > 200):
        raise InvalidTypeError("text", value, "must be the printed figure, as text")


@attrs.frozen
class Claim:
    """A claim to check: who, when, what is measured, and the figure as printed.

    ``scope`` may be left out ("bilateral trade of $112.2 billion"): korus then checks every
    scope and says which the figure fits. For ``top_exports`` the claim lists ``products``.

    >>> Claim("c1", "USA", "KOR", 2016, "deficit", text="$27.7 billion", scope="goods").figure
    Figure(value=Decimal('27.7'), unit='billion USD', step=Decimal('0.1'), provenance=None)
    """

    id: str
    reporter: Economy = attrs.field(converter=_economy)
    partner: Economy = attrs.field(converter=_economy)
    year: int = attrs.field(converter=_year)
    measure: FigureMeasure = attrs.field(converter=_measure)
    text: str | None = attrs.field(default=None, kw_only=True, validator=_claim_text)
    scope: str | None = attrs.field(default=None, kw_only=True, converter=_optional_category)
    products: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_claim_products)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidValueError("id", self.id, "must name the claim")
        if self.measure is FigureMeasure.TOP_EXPORTS:
            if not self.products:
                raise InvalidValueError(
                    "products", self.products, "a top_exports claim lists its products"
                )
        elif self.text is None:
            raise InvalidValueError("text", None, "a claim needs the figure as printed")
        else:
            self.figure  # noqa: B018 - parse now, so a bad figure is refused with the claim

    @property
    def figure(self) -> Figure:
        """The printed figure, parsed with its precision."""
        if self.text is None:
            raise InvalidValueError("text", None, f"claim {self.id} has no printed figure")
        return Figure.parse(self.text)


@attrs.frozen
class ClaimCheck:
    """A claim and what checking it found; a claim that could not be read is *rejected*.

    >>> (result,) = check_claims([Claim("c", "USA", "KOR", 2016, "surplus", text="$10.7 billion", scope="services")])
    >>> result.verdict, result.rejected
    (VerdictKind.CONSISTENT, False)
    """

    claim: Claim | None = attrs.field(validator=instance_of(Claim, "claim", optional=True))
    verdict: VerdictKind | None = attrs.field(
        validator=instance_of(VerdictKind, "verdict", optional=True)
    )
    explanation: str = attrs.field(validator=instance_of(str, "explanation"))
    error: str | None = attrs.field(
        default=None, validator=instance_of(str, "error", optional=True)
    )

    @property
    def rejected(self) -> bool:
        """Whether the claim itself was refused (bad fields), so nothing was checked."""
        return self.error is not None


_SCOPES_TRIED: Final = ("goods", "services", "goods_and_services")


def _check_one(claim: Claim, data: FigureIndex) -> ClaimCheck:
    if claim.measure is FigureMeasure.TOP_EXPORTS:
        return _check_top(claim, data)
    scopes = (claim.scope,) if claim.scope is not None else _SCOPES_TRIED
    verdicts: list[tuple[str, Verdict]] = []
    for scope in scopes:
        assert scope is not None
        computed, basis = data.allowed(
            claim.reporter, claim.partner, claim.year, scope, claim.measure
        )
        verdict = check_figure(claim.figure, computed, basis=basis)
        if verdict.kind is VerdictKind.UNDECIDABLE and claim.measure in (
            FigureMeasure.DEFICIT_PERCENT_CHANGE,
            FigureMeasure.SURPLUS_PERCENT_CHANGE,
        ):
            verdict = _with_implied_previous(verdict, claim, data, scope)
        verdicts.append((scope, verdict))
    if claim.scope is not None:
        verdict = verdicts[0][1]
        return ClaimCheck(claim, verdict.kind, verdict.explanation)
    fits = [scope for scope, v in verdicts if v.kind is VerdictKind.CONSISTENT]
    if fits:
        detail = "; ".join(f"{scope}: {v.kind.value}" for scope, v in verdicts)
        return ClaimCheck(
            claim,
            VerdictKind.CONSISTENT,
            f"scope not stated; the figure fits {' and '.join(fits)} only ({detail})",
        )
    decided = [v for _, v in verdicts if v.kind is VerdictKind.INCONSISTENT]
    kind = VerdictKind.INCONSISTENT if decided else VerdictKind.UNDECIDABLE
    return ClaimCheck(
        claim, kind, "scope not stated; " + "; ".join(f"{s}: {v}" for s, v in verdicts)
    )


def _with_implied_previous(
    verdict: Verdict, claim: Claim, data: FigureIndex, scope: str
) -> Verdict:
    level = (
        FigureMeasure.DEFICIT
        if claim.measure is FigureMeasure.DEFICIT_PERCENT_CHANGE
        else FigureMeasure.SURPLUS
    )
    printed = data.find(claim.reporter, claim.partner, claim.year, scope, level)
    if printed is None:
        return verdict
    implied = implied_previous(printed.figure, claim.figure)
    return Verdict(
        verdict.kind,
        verdict.figure,
        None,
        None,
        f"{verdict.explanation}; with the {claim.year} {level.value} of {printed.figure} it "
        f"implies a {claim.year - 1} {level.value} of {implied}",
    )


def _check_top(claim: Claim, data: FigureIndex) -> ClaimCheck:
    flows = data.top_exports(claim.reporter, claim.partner, claim.year)
    if not flows:
        return ClaimCheck(claim, VerdictKind.UNDECIDABLE, "no published exports by HS chapter")
    top = [f.scope for f in flows[: len(claim.products)]]
    listed = list(claim.products)
    omitted = [f for f in flows[: len(listed) + 1] if f.scope not in listed]
    if set(listed) <= {f.scope for f in flows} and not [s for s in top if s not in listed]:
        return ClaimCheck(
            claim,
            VerdictKind.CONSISTENT,
            f"the listed products are the top {len(listed)}: {', '.join(top)}",
        )
    parts = []
    for f in omitted:
        rank = flows.index(f) + 1
        product = Product.parse(f.scope)
        parts.append(f"omits {f.scope} ({product.title}, {f.figure}), ranked {rank}")
    unknown = [p for p in listed if p not in {f.scope for f in flows}]
    if unknown:
        parts.append(f"lists {', '.join(unknown)}, which the data do not have")
    return ClaimCheck(
        claim, VerdictKind.INCONSISTENT, "; ".join(parts) or "order differs from the data"
    )


def _claims_from(entries: Any, name: str) -> list[ClaimCheck | Claim]:
    result: list[ClaimCheck | Claim] = []
    for index, entry in enumerate(items(entries, "claims")[: MAX_CLAIMS + 1]):
        if index == MAX_CLAIMS:
            raise InvalidValueError("claims", name, f"has more than {MAX_CLAIMS} claims")
        label = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            if not isinstance(entry, dict):
                raise InvalidTypeError("claim", entry, "must be a table of fields")
            unknown = set(entry) - {
                "id",
                "reporter",
                "partner",
                "year",
                "scope",
                "measure",
                "text",
                "products",
            }
            if unknown:
                raise InvalidValueError("claim", sorted(unknown), "has fields korus does not know")
            for field in ("reporter", "partner", "year", "measure"):
                if field not in entry:
                    raise InvalidValueError(field, None, "is missing")
            result.append(
                Claim(
                    str(label),
                    entry["reporter"],
                    entry["partner"],
                    entry["year"],
                    entry["measure"],
                    text=entry.get("text"),
                    scope=entry.get("scope"),
                    products=entry.get("products"),
                )
            )
        except KorusError as error:
            result.append(
                ClaimCheck(None, None, f"claim {label}: {error}", error=f"claim {label}: {error}")
            )
    return result


def load_claims(path: str | pathlib.Path) -> list[Claim | ClaimCheck]:
    r"""Read a claims file (TOML with ``[[claim]]`` tables, or JSON with a ``"claims"`` list).

    Each claim that cannot be read comes back as a rejected :class:`ClaimCheck` naming the
    claim and the field, in its place: nothing is skipped.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "claims.toml"
    >>> _ = path.write_text('[[claim]]\nid = "d"\nreporter = "USA"\npartner = "KOR"\nyear = 2016\nmeasure = "deficit"\nscope = "goods"\ntext = "$27.7 billion"\n')
    >>> [c.id for c in load_claims(path)]
    ['d']
    """
    text, name = _read_text(path, "file")
    file = pathlib.Path(name)
    if file.suffix.lower() == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ParseError(
                "file", str(file), f"is not valid JSON: {error.msg} at line {error.lineno}"
            ) from None
        entries = document.get("claims") if isinstance(document, dict) else None
    else:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ParseError("file", str(file), f"is not valid TOML: {error}") from None
        entries = document.get("claim")
    if not isinstance(entries, list):
        raise ParseError(
            "file", str(file), 'has no list of claims ([[claim]] in TOML, "claims" in JSON)'
        )
    return _claims_from(entries, str(file))


def check_claims(
    claims: Iterable[Claim | ClaimCheck], figures: Iterable[PublishedFigure] | None = None
) -> list[ClaimCheck]:
    """Check claims against published figures (korus's own when ``figures`` is None).

    >>> results = check_claims([Claim("c", "USA", "KOR", 2016, "deficit", text="$27.7 billion", scope="goods")])
    >>> print(results[0].verdict.value, "-", results[0].explanation)
    consistent - printed 27.7 billion USD (27.65 to 27.75 billion USD); data give 27.5 to 27.7 billion USD (69.9 − 42.3): consistent within rounding
    """
    data = FigureIndex(published_figures() if figures is None else figures)
    results = []
    for entry in items(claims, "claims"):
        if isinstance(entry, ClaimCheck):
            results.append(entry)
        elif isinstance(entry, Claim):
            try:
                results.append(_check_one(entry, data))
            except KorusError as error:
                results.append(
                    ClaimCheck(entry, VerdictKind.UNDECIDABLE, f"cannot be computed: {error}")
                )
        else:
            raise InvalidTypeError("claims", entry, "must be Claim values")
    return results


def summary(results: Iterable[ClaimCheck]) -> dict[str, int]:
    """Counts of checked, consistent, inconsistent, undecidable and rejected claims.

    >>> summary(check_claims([Claim("c", "USA", "KOR", 2016, "deficit", text="$27.7 billion")]))
    {'checked': 1, 'consistent': 1, 'inconsistent': 0, 'undecidable': 0, 'rejected': 0}
    """
    counts = {"checked": 0, "consistent": 0, "inconsistent": 0, "undecidable": 0, "rejected": 0}
    for position, result in enumerate(items(results, "results")):
        if not isinstance(result, ClaimCheck):
            raise InvalidTypeError(
                f"results[{position}]", result, "must be a ClaimCheck (see check_claims())"
            )
        if result.rejected:
            counts["rejected"] += 1
            continue
        counts["checked"] += 1
        assert result.verdict is not None
        counts[result.verdict.value] += 1
    return counts
