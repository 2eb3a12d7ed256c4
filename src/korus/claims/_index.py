"""What published figures allow: an index of them, and each measure worked out from them by the
core's rules (korus._rules) applied to the ranges their rounding leaves."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Final, TypeAlias

from korus import _rules as rules
from korus._bounds import hhi_bounds
from korus._economy import Economy
from korus._errors import InvalidTypeError, KorusError
from korus._figures import (
    POINTS_UNIT,
    RANK_OPEN,
    RANK_UNIT,
    Range,
)
from korus._product import Coverage
from korus._validate import items
from korus.claims._published import FigureMeasure, PublishedFigure


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

    def __init__(
        self, figures: Iterable[PublishedFigure], *, as_of: datetime.date | None = None
    ) -> None:
        given = tuple(items(figures, "figures"))
        for position, figure in enumerate(given):
            if not isinstance(figure, PublishedFigure):
                raise InvalidTypeError(
                    f"figures[{position}]", figure, "must be a PublishedFigure (see load_figures())"
                )
        if as_of is not None and (
            not isinstance(as_of, datetime.date) or isinstance(as_of, datetime.datetime)
        ):
            raise InvalidTypeError("as_of", as_of, "must be a datetime.date or None")
        self.figures = given
        self.as_of = as_of
        vintages: dict[Statistic, list[PublishedFigure]] = {}
        self._partners: dict[tuple[Economy, int, str], dict[Economy, None]] = {}
        # What each measure evaluates to: pure given the figures, asked again by every claim.
        self._allowed: dict[Statistic, tuple[Range | None, str]] = {}
        for f in given:
            if as_of is not None and f.released is not None and f.released > as_of:
                continue  # not yet published on that day
            vintages.setdefault(f.statistic, []).append(f)
            if not f.partner.is_aggregate:
                self._partners.setdefault((f.reporter, f.year, f.scope), {})[f.partner] = None
        # Oldest first; an undated figure counts as older than every dated one. Within one
        # release, the order is by precision and key, never by where a row stood in a file.
        self._vintages = {
            key: tuple(sorted(found, key=_vintage_order)) for key, found in vintages.items()
        }

    def vintages(
        self, reporter: Economy, partner: Economy, year: int, scope: str, measure: FigureMeasure
    ) -> tuple[PublishedFigure, ...]:
        """Every figure published for this statistic (by ``as_of``), oldest first."""
        return self._vintages.get((reporter, partner, year, scope, measure), ())

    def current(
        self, reporter: Economy, partner: Economy, year: int, scope: str, measure: FigureMeasure
    ) -> tuple[PublishedFigure, ...]:
        """The figures of the latest release of this statistic: one, or several released the
        same day (or all undated)."""
        found = self.vintages(reporter, partner, year, scope, measure)
        return tuple(f for f in found if f.released == found[-1].released) if found else ()

    def find(
        self, reporter: Economy, partner: Economy, year: int, scope: str, measure: FigureMeasure
    ) -> PublishedFigure | None:
        """The current published figure for exactly this, if there is one: of the latest
        release, the most precise print (figures released together that disagree beyond their
        rounding leave no current figure; :meth:`conflict` says which)."""
        latest = self.current(reporter, partner, year, scope, measure)
        if not latest or _conflicting(latest):
            return None
        return latest[0]

    def conflict(
        self, reporter: Economy, partner: Economy, year: int, scope: str, measure: FigureMeasure
    ) -> str | None:
        """Where the latest release of a statistic holds figures that disagree beyond their
        rounding, the figures in words; None otherwise."""
        latest = self.current(reporter, partner, year, scope, measure)
        if not _conflicting(latest):
            return None
        when = latest[0].released.isoformat() if latest[0].released else "undated"
        shown = " and ".join(f"{_publisher(f)} {f.figure}" for f in latest)
        return f"{shown} ({when}) disagree beyond rounding, and neither is later"

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

#: What a figure is a figure of: reporter, partner, year, scope and measure.
Statistic: TypeAlias = tuple[Economy, Economy, int, str, FigureMeasure]


def _vintage_order(f: PublishedFigure) -> tuple[datetime.date, Decimal, str]:
    return (f.released or datetime.date.min, f.figure.step, f.key)


def _conflicting(figures: tuple[PublishedFigure, ...]) -> bool:
    return any(
        not a.figure.range.overlaps(b.figure.range)
        for i, a in enumerate(figures)
        for b in figures[i + 1 :]
    )


def _publisher(f: PublishedFigure) -> str:
    return f.figure.provenance.publisher if f.figure.provenance else "data"


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
            conflict = data.conflict(reporter, partner, year, scope, m)
            if conflict is not None:
                return None, conflict
            return (
                None,
                f"no published {m.value} of {reporter.code} with {partner.code} for {year} {scope}",
            )
        return found.figure.range, f"{found.figure} as published by {_publisher(found)}"

    if measure in _FLOWS:
        if scope == Coverage.GOODS_AND_SERVICES.value:
            # The identity: goods and services = goods + services, on the figures of each.
            goods = data.find(reporter, partner, year, Coverage.GOODS.value, measure)
            services = data.find(reporter, partner, year, Coverage.SERVICES.value, measure)
            if goods is not None and services is not None:
                g, s = goods.figure, services.figure
                return g.range + s.range, f"{g.value} + {s.value} (goods + services)"
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
        world, _ = data.allowed(reporter, Economy.WORLD, year, scope, base)
        return _rank(partner, mine, ranges, world, base)
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
    if measure in (FigureMeasure.HHI_EXPORTS, FigureMeasure.HHI_IMPORTS):
        return _hhi(data, reporter, year, scope, measure)
    return None, f"korus cannot compute {measure.value} from figures"


def _hhi(
    data: FigureIndex, reporter: Economy, year: int, scope: str, measure: FigureMeasure
) -> tuple[Range | None, str]:
    """The Herfindahl-Hirschman index of the reporter's partners, in points, from what the
    figures allow for each and for the world: the partners the figures do not name hold the
    rest of the world total, spread any way (korus._bounds)."""
    flow = FigureMeasure.EXPORTS if measure is FigureMeasure.HHI_EXPORTS else FigureMeasure.IMPORTS
    world, world_basis = data.allowed(reporter, Economy.WORLD, year, scope, flow)
    if world is None:
        return None, (
            f"{world_basis}: without a world total, the partners the figures do not name "
            "could hold any share"
        )
    parts = []
    for other in data.partners(reporter, year, scope):
        value, _ = data.allowed(reporter, other, year, scope, flow)
        if value is not None and not other.is_aggregate:
            parts.append((max(value.low, Fraction(0)), max(value.high, Fraction(0))))
    if not parts:
        return None, f"no partner's {flow.value} of {reporter.code} for {year} {scope}"
    try:
        low, high = hhi_bounds(parts, (max(world.low, Fraction(0)), world.high))
    except KorusError as error:
        return None, f"the figures do not make an index: {error.reason}"
    named = f"{len(parts)} partner{'s' * (len(parts) != 1)}"
    return Range(low * 10_000, high * 10_000, POINTS_UNIT), (
        f"the {flow.value} to {named} within a world total of {world_basis}"
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rank(
    partner: Economy,
    mine: Range,
    others: dict[Economy, Range],
    world: Range | None,
    base: FigureMeasure,
) -> tuple[Range, str]:
    """The ranks the data allow a partner (1 + the partners larger than it; ties share a rank),
    and in words why: the partners in the data bound it both ways, and partners not in the data
    only where a world total says how much trade is left for them."""
    best = 1 + sum(1 for r in others.values() if r.low > mine.high)
    worst = 1 + sum(1 for r in others.values() if r.high > mine.low)
    names = ", ".join(p.code for p in others)
    among = (
        f"by {base.value} among {partner.code} and {names}" if names else f"{partner.code} alone"
    )
    if world is None:
        return Range(best, RANK_OPEN, RANK_UNIT), (
            f"at best {_ordinal(best)}, ranked {among}, the partners in the data; no world "
            "total says how large the partners not in the data are, so any of them could rank "
            "above"
        )
    rest = world - sum(others.values(), mine)
    # Each partner not in the data that ranks above holds more than this partner's least value.
    if rest.high <= 0:
        room = 0
    elif mine.low <= 0:
        room = int(RANK_OPEN)
    else:
        room = -(-rest.high // mine.low) - 1  # the most k with k * mine.low < rest.high
    worst = min(worst + room, int(RANK_OPEN))
    left = f"the world total leaves {rest} for the partners not in the data"
    if best == worst:
        return Range(best, best, RANK_UNIT), f"{_ordinal(best)}, ranked {among}; {left}"
    return Range(best, worst, RANK_UNIT), (
        f"{_ordinal(best)} at best and {_ordinal(worst)} at worst, ranked {among}; {left}, "
        f"room for {room} more partners larger than {partner.code}"
    )
