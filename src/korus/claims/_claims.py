"""Claims about trade figures, and their checks: a claim (a news story's sentence, as data) is
checked against what the published figures allow, within rounding."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from korus._economy import Economy
from korus._errors import InvalidTypeError, InvalidValueError, KorusError
from korus._figures import (
    COMPARISONS,
    PERCENT_UNIT,
    POINTS_UNIT,
    RANK_UNIT,
    Figure,
    Range,
    Verdict,
    VerdictKind,
    check_figure,
    check_threshold,
    implied_previous,
)
from korus._product import Product
from korus._validate import instance_of, items
from korus.claims._index import FigureIndex
from korus.claims._published import (
    FigureMeasure,
    PublishedFigure,
    _category,
    _measure,
    _partner,
    _reporter,
    _year,
    published_figures,
)


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


#: What a claim's printed figure must be, by measure (an amount of money where not listed).
_UNITS: Final = {
    FigureMeasure.SHARE_OF_REPORTER_EXPORTS: "percentage",
    FigureMeasure.DEFICIT_PERCENT_CHANGE: "percentage",
    FigureMeasure.SURPLUS_PERCENT_CHANGE: "percentage",
    FigureMeasure.RANK_TWO_WAY_TRADE: "rank",
    FigureMeasure.RANK_EXPORTS: "rank",
    FigureMeasure.RANK_IMPORTS: "rank",
    FigureMeasure.HHI_EXPORTS: "number of points",
    FigureMeasure.HHI_IMPORTS: "number of points",
}
#: The measures that are indices in points, and claims of which may state a threshold.
_INDICES: Final = (FigureMeasure.HHI_EXPORTS, FigureMeasure.HHI_IMPORTS)


#: The measures whose change a claim may state: levels of trade.
_LEVELS: Final = (
    FigureMeasure.EXPORTS,
    FigureMeasure.IMPORTS,
    FigureMeasure.TWO_WAY_TRADE,
    FigureMeasure.BALANCE,
    FigureMeasure.DEFICIT,
    FigureMeasure.SURPLUS,
)
#: The published changes korus knows by a measure of their own (from the previous year).
_PUBLISHED_CHANGES: Final = {
    FigureMeasure.DEFICIT: FigureMeasure.DEFICIT_PERCENT_CHANGE,
    FigureMeasure.SURPLUS: FigureMeasure.SURPLUS_PERCENT_CHANGE,
}
_CHANGES: Final = ("percent", "amount")


def _optional_year(value: Any) -> int | None:
    return None if value is None else _year(value)


def _change(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value not in _CHANGES:
        raise InvalidValueError("change", value, "must be 'percent' or 'amount'")


def _base(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _claim_text(instance, attribute, value)
        Figure.parse(value)


@attrs.frozen
class Claim:
    """A claim to check: who, when, what is measured, and the figure as printed.

    ``scope`` may be left out ("bilateral trade of $112.2 billion"): korus then checks every
    scope and says which the figure fits. For ``top_exports`` the claim lists ``products``.

    A claim may state a change instead of a level: ``change="percent"`` ("up 6.9 %") or
    ``"amount"`` ("up $6.0 billion") of a level measure (exports, imports, two-way trade,
    balance, deficit, surplus) from the year ``since`` (the year before, where not given), and
    may carry the earlier level it was worked out from as printed (``base``).

    >>> Claim("c1", "USA", "KOR", 2016, "deficit", text="$27.7 billion", scope="goods").figure
    Figure(value=Decimal('27.7'), unit='billion USD', step=Decimal('0.1'), provenance=None)
    >>> Claim("c2", "USA", "WLD", 2016, "exports", text="-3.3%", change="percent", since=2015).since
    2015
    """

    id: str
    reporter: Economy = attrs.field(converter=_reporter)
    partner: Economy = attrs.field(converter=_partner)
    year: int = attrs.field(converter=_year)
    measure: FigureMeasure = attrs.field(converter=_measure)
    text: str | None = attrs.field(default=None, kw_only=True, validator=_claim_text)
    scope: str | None = attrs.field(default=None, kw_only=True, converter=_optional_category)
    products: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_claim_products)
    change: str | None = attrs.field(default=None, kw_only=True, validator=_change)
    since: int | None = attrs.field(default=None, kw_only=True, converter=_optional_year)
    base: str | None = attrs.field(default=None, kw_only=True, validator=_base)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidValueError("id", self.id, "must name the claim")
        if self.change is None and (self.since is not None or self.base is not None):
            raise InvalidValueError(
                "change", None, "a claim with 'since' or 'base' states a change"
            )
        if self.change is not None:
            if self.measure not in _LEVELS:
                raise InvalidValueError(
                    "measure", self.measure.value, "a change is of a level: exports, imports, "
                    "two_way_trade, balance, deficit or surplus",
                )  # fmt: skip
            if self.change == "percent" and self.measure is FigureMeasure.BALANCE:
                raise InvalidValueError(
                    "measure", "balance", "a percent change of a balance is of its size: "
                    "claim the deficit or the surplus",
                )  # fmt: skip
            if self.since is not None and self.since >= self.year:
                raise InvalidValueError("since", self.since, f"must be before {self.year}")
        if self.measure in _INDICES and self.partner != Economy.WORLD:
            raise InvalidValueError(
                "partner",
                self.partner.code,
                f"{self.measure.value} is over every partner of the reporter: give WLD",
            )
        if self.measure is FigureMeasure.TOP_EXPORTS:
            if not self.products:
                raise InvalidValueError(
                    "products", self.products, "a top_exports claim lists its products"
                )
        elif self.text is None:
            raise InvalidValueError("text", None, "a claim needs the figure as printed")
        else:
            # Parse now, so a bad figure is refused with the claim, and one whose unit cannot
            # be what the measure is (a percentage for a deficit) too.
            unit = self.figure.unit
            kind = {
                RANK_UNIT: "rank",
                PERCENT_UNIT: "percentage",
                POINTS_UNIT: "number of points",
            }.get(unit)
            wanted = _UNITS.get(self.measure, "amount of money")
            if self.change is not None:
                wanted = "percentage" if self.change == "percent" else "amount of money"
            if (kind or "amount of money") != wanted:
                raise InvalidValueError(
                    "text",
                    self.text,
                    f"is {'an amount of money' if kind is None else f'a {kind}'}, but "
                    f"{self.measure.value} is {'a' if wanted != 'amount of money' else 'an'} "
                    f"{wanted}",
                )

    @property
    def earlier(self) -> int:
        """The year a change is from: ``since``, or the year before."""
        return self.year - 1 if self.since is None else self.since

    @property
    def comparison(self) -> str | None:
        """The word a threshold claim puts before its figure ("above" in "above 2,500"), or
        None for a claim of the figure itself."""
        if self.text is None or self.measure not in _INDICES:
            return None
        return next((w for w in COMPARISONS if self.text.startswith(f"{w} ")), None)

    @property
    def figure(self) -> Figure:
        """The printed figure, parsed with its precision: for an index, a number of points
        (a threshold, "above 2,500", is exact; "2,500" is rounded to a point)."""
        if self.text is None:
            raise InvalidValueError("text", None, f"claim {self.id} has no printed figure")
        if self.measure not in _INDICES:
            return Figure.parse(self.text)
        comparison = self.comparison
        number = self.text[len(comparison) + 1 :] if comparison else self.text
        printed = Figure.parse(number.strip())
        if printed.unit != RANK_UNIT or printed.value < 0:
            raise InvalidValueError(
                "text",
                self.text,
                f"{self.measure.value} is a number of points, such as '2,500' or 'above 2,500'",
            )
        places = max(0, -printed.value.as_tuple().exponent)  # type: ignore[operator]
        step = Decimal(0) if comparison else Decimal(1).scaleb(-places)
        return Figure(printed.value, POINTS_UNIT, step, provenance=printed.provenance)


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
    #: The verdict that decided, with its ranges, route and sources (None where the check of a
    #: list of products, or a rejected claim, has none).
    detail: Verdict | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(Verdict, "detail", optional=True)
    )
    #: The scope the verdict is for: the claim's, or the one its figure fits.
    scope: str | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(str, "scope", optional=True)
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
        verdict = (
            _by_routes(claim, data, scope)
            if claim.change is None
            else _a_change(claim, data, scope)
        )
        if verdict.kind is VerdictKind.UNDECIDABLE and claim.measure in (
            FigureMeasure.DEFICIT_PERCENT_CHANGE,
            FigureMeasure.SURPLUS_PERCENT_CHANGE,
        ):
            verdict = _with_implied_previous(verdict, claim, data, scope)
        if verdict.kind is VerdictKind.UNDECIDABLE and claim.change is None:
            verdict = _from_the_other_side(verdict, claim, data, scope)
        verdicts.append((scope, verdict))
    if claim.scope is not None:
        verdict = verdicts[0][1]
        return ClaimCheck(
            claim, verdict.kind, verdict.explanation, detail=verdict, scope=claim.scope
        )
    detail = "; ".join(f"{scope}: {v.kind.value}" for scope, v in verdicts)
    for kind in (VerdictKind.CONSISTENT, VerdictKind.REVISED):
        fits = [scope for scope, v in verdicts if v.kind is kind]
        if fits:
            said = "fits" if kind is VerdictKind.CONSISTENT else "fits, as first published,"
            return ClaimCheck(
                claim,
                kind,
                f"scope not stated; the figure {said} {' and '.join(fits)} only ({detail})",
                detail=dict(verdicts)[fits[0]],
                scope=fits[0],
            )
    decided = [v for _, v in verdicts if v.kind is VerdictKind.INCONSISTENT]
    kind = VerdictKind.INCONSISTENT if decided else VerdictKind.UNDECIDABLE
    return ClaimCheck(
        claim, kind, "scope not stated; " + "; ".join(f"{s}: {v}" for s, v in verdicts)
    )


#: A measure as the other side of the pair reports it: its exports are the partner's imports.
_MIRRORED: Final = {
    FigureMeasure.EXPORTS: FigureMeasure.IMPORTS,
    FigureMeasure.IMPORTS: FigureMeasure.EXPORTS,
    FigureMeasure.DEFICIT: FigureMeasure.SURPLUS,
    FigureMeasure.SURPLUS: FigureMeasure.DEFICIT,
    FigureMeasure.TWO_WAY_TRADE: FigureMeasure.TWO_WAY_TRADE,
}


def _from_the_other_side(verdict: Verdict, claim: Claim, data: FigureIndex, scope: str) -> Verdict:
    """An undecided claim of one side of a pair (Korea's surplus with the US), with what the
    other side's statistics say: context, never a verdict, since the two sides measure the same
    trade differently (valuation, attribution, timing)."""
    mirrored = _MIRRORED.get(claim.measure)
    if mirrored is None:
        return verdict
    seen, basis = data.allowed(claim.partner, claim.reporter, claim.year, scope, mirrored)
    if seen is None:
        return verdict
    return attrs.evolve(
        verdict,
        explanation=f"{verdict.explanation}; {claim.partner.code}'s own figures give its "
        f"{mirrored.value} with {claim.reporter.code} as {seen} ({basis}): the other side's "
        "statistics, which value and attribute the same trade differently, so they do not "
        "decide the claim",
    )


def _a_change(claim: Claim, data: FigureIndex, scope: str) -> Verdict:
    """A claimed change: the published change where one is published (a percent change of a
    deficit or surplus from the year before), otherwise worked out from the two levels (the
    earlier as the claim carries it, where it does)."""
    published = _PUBLISHED_CHANGES.get(claim.measure)
    if (
        claim.change == "percent"
        and published is not None
        and claim.earlier == claim.year - 1
        and claim.base is None
        and data.current(claim.reporter, claim.partner, claim.year, scope, published)
    ):
        return _by_routes(
            attrs.evolve(claim, measure=published, change=None, since=None), data, scope
        )
    key = (claim.reporter, claim.partner)
    now, now_basis = data.allowed(*key, claim.year, scope, claim.measure)
    if claim.base is not None:
        before: Range | None = Figure.parse(claim.base).range
        before_basis = f"{claim.base} as the claim gives it"
    else:
        before, before_basis = data.allowed(*key, claim.earlier, scope, claim.measure)
    basis = f"from {before_basis} in {claim.earlier} to {now_basis} in {claim.year}"
    if now is None or before is None:
        return check_figure(claim.figure, None, basis=now_basis if now is None else before_basis)
    try:
        changed = before.change_to(now) if claim.change == "percent" else now - before
    except KorusError as error:
        return check_figure(claim.figure, None, basis=f"{basis}: {error.reason}")
    return attrs.evolve(check_figure(claim.figure, changed, basis=basis), route="derived")


def _by_routes(claim: Claim, data: FigureIndex, scope: str) -> Verdict:
    """The verdict of the route that decides, with the others listed: the statistic as last
    published, where it was (a claim that matches an earlier release only is REVISED), and
    otherwise what the figures it is made of allow."""
    key = (claim.reporter, claim.partner, claim.year, scope, claim.measure)
    computed, basis = data.allowed(*key)
    comparison = claim.comparison
    if comparison is not None:
        # A threshold is not a published figure: only what the data give decides it.
        verdict = check_threshold(claim.figure, comparison, computed, basis=basis)
        return attrs.evolve(verdict, route="derived")
    derived = attrs.evolve(check_figure(claim.figure, computed, basis=basis), route="derived")
    current = data.find(*key)
    if current is None:
        conflict = data.conflict(*key)
        if conflict is None:
            return derived
        return Verdict(
            VerdictKind.UNDECIDABLE,
            claim.figure,
            None,
            None,
            f"printed {claim.figure}; the published figures {conflict}",
        )
    published = check_figure(claim.figure, current.figure.range, basis=_as_published(current))
    also = "" if basis == _as_published(current, dated=False) else f"; also, {derived}"
    if published.kind is VerdictKind.INCONSISTENT:
        earlier = [
            f
            for f in data.vintages(*key)
            if f.released != current.released
            and check_figure(claim.figure, f.figure.range).kind is VerdictKind.CONSISTENT
        ]
        if earlier:
            # The release the claim quotes: the nearest in value, and of those the latest.
            said = _middle(claim.figure.range)
            older = min(reversed(earlier), key=lambda f: abs(_middle(f.figure.range) - said))
            size = _middle(current.figure.range) - _middle(older.figure.range)
            revision = Range(size, size, current.figure.range.unit)
            return Verdict(
                VerdictKind.REVISED,
                claim.figure,
                current.figure.range,
                None,
                f"printed {claim.figure} matches {_as_published(older)} within rounding; "
                f"revised to {_as_published(current)}, a revision of "
                f"{'+' if size > 0 else ''}{revision}{also}",
                route="published",
                sources=(_source(current), _source(older)),
            )
    return attrs.evolve(
        published,
        explanation=f"{published.explanation}{also}",
        route="published",
        sources=(_source(current),),
    )


def _source(figure: PublishedFigure) -> str:
    """A published figure's source in words: publisher, document, release date."""
    provenance = figure.figure.provenance
    words = provenance.publisher if provenance else "data"
    if provenance is not None and provenance.document:
        words += f", {provenance.document}"
    return f"{words} ({figure.released.isoformat() if figure.released else 'undated'})"


def _as_published(figure: PublishedFigure, *, dated: bool = True) -> str:
    publisher = figure.figure.provenance.publisher if figure.figure.provenance else "data"
    text = f"{figure.figure} as published by {publisher}"
    if dated:
        text += f" ({figure.released.isoformat()})" if figure.released else " (undated)"
    return text


def _middle(allowed: Range) -> Fraction:
    """The printed value a figure's range is centred on, in the range's units."""
    return (allowed.low + allowed.high) / 2


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
    return attrs.evolve(
        verdict,
        computed=None,
        excess=None,
        explanation=f"{verdict.explanation}; with the {claim.year} {level.value} of "
        f"{printed.figure} it implies a {claim.year - 1} {level.value} of {implied}",
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


def check_claims(
    claims: Iterable[Claim | ClaimCheck],
    figures: Iterable[PublishedFigure] | None = None,
    *,
    as_of: datetime.date | None = None,
) -> list[ClaimCheck]:
    """Check claims against published figures (korus's own when ``figures`` is None), as
    published by ``as_of`` (by default, everything: figures released later are left out, and an
    undated figure counts as published by any day).

    A claim is decided by the statistic as last published where it was (a claim consistent with
    an earlier release only is ``REVISED``, with the size of the revision), otherwise by what
    the figures it is made of allow; the explanation lists the other route too.

    >>> claim = Claim("c", "USA", "KOR", 2016, "deficit", text="$27.7 billion", scope="goods")
    >>> print(check_claims([claim], as_of=datetime.date(2017, 8, 1))[0].explanation)
    printed 27.7 billion USD (27.65 to 27.75 billion USD); data give 27.55 to 27.65 billion USD (27.6 billion USD as published by USTR (2017-07-12)): consistent within rounding; also, consistent: printed 27.7 billion USD (27.65 to 27.75 billion USD); data give 27.5 to 27.7 billion USD (69.9 − 42.3): consistent within rounding
    >>> print(check_claims([claim])[0].verdict)
    VerdictKind.REVISED
    """
    data = FigureIndex(published_figures() if figures is None else figures, as_of=as_of)
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
    {'checked': 1, 'consistent': 0, 'inconsistent': 0, 'undecidable': 0, 'revised': 1, 'rejected': 0}
    """
    counts = {
        "checked": 0,
        "consistent": 0,
        "inconsistent": 0,
        "undecidable": 0,
        "revised": 0,
        "rejected": 0,
    }
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
