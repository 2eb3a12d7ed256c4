"""Pure calculations on korus values: balances, totals, shares, changes, growth and ranks.

Every function here takes korus values and returns korus values, keeps no state and reads no
global settings: the same input gives the same output on every machine. Sums and differences
are exact. Ratios (shares, changes, growth) are rounded once, to 28 significant digits, half
to even, whatever decimal context the caller has set.

Each calculation is written so that a table engine can do the same: group, sum exactly,
subtract, then divide once at a stated precision. The columnar path follows these rules.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Generic, TypeVar

import attrs

from korus import _rules as rules
from korus._basis import check_part_of, check_same
from korus._economy import Economy
from korus._enum import KorusEnum
from korus._errors import (
    InvalidTypeError,
    InvalidValueError,
    MismatchError,
    UndefinedResultError,
)
from korus._model import (
    Balance,
    Direction,
    TradeFlow,
    balance_of_flows,
    check_balance,
    check_flow,
)
from korus._period import Period
from korus._product import Coverage, Product, Scope, scope_contains
from korus._public import context_free
from korus._units import (
    PERCENT,
    PERCENTAGE_POINT,
    RATIO_CONTEXT,
    Quantity,
    check_amount,
    check_quantity,
    common_unit,
    exact,
    in_unit,
    money,
    quantity,
    unit_parts,
)
from korus._validate import items as as_list

_HUNDRED: Final = Decimal(100)
# Growth rates go through ln and exp; 40 digits inside keeps the 28 digits returned exact
# except where the true value lies within 1e-40 of a rounding boundary.
_GROWTH_CONTEXT: Final = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)


class Measure(KorusEnum):
    """What partners are ranked by: ``EXPORTS``, ``IMPORTS``, ``TWO_WAY_TRADE``, or
    ``BALANCE`` (the net balance, largest surplus first)."""

    EXPORTS = "exports"
    IMPORTS = "imports"
    TWO_WAY_TRADE = "two_way_trade"
    BALANCE = "balance"


K = TypeVar("K", bound=Hashable)


def _check_rank(instance: object, attribute: attrs.Attribute[int], value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError("rank", value, f"must be an int, not {type(value).__name__}")
    if value < 1:
        raise InvalidValueError("rank", value, "must be at least 1")


def _check_key(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    try:
        hash(value)
    except TypeError:
        raise InvalidTypeError("key", value, "must be hashable") from None


def _check_ranked_value(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_amount(value, "value", negative=True)


@attrs.frozen
class Ranked(Generic[K]):
    """One place in a ranking: its rank (1 is the largest), what holds it, and its value.

    >>> rank({Economy("KOR"): parse_amount("$112.2 billion")})
    (Ranked(rank=1, key=Economy('KOR'), value=quantity('112.2', 'billion USD')),)
    """

    rank: int = attrs.field(validator=_check_rank)
    key: K = attrs.field(validator=_check_key)
    value: Quantity = attrs.field(validator=_check_ranked_value)


# ----------------------------------------------------------------------------- balances


@context_free
def balance(exports: TradeFlow, imports: TradeFlow) -> Balance:
    """The balance of an export flow and an import flow between the same two economies.

    :raises MismatchError: when the flows differ in reporter, partner, scope or period,
        are not an export and an import, or are on bases that do not make one balance (FOB
        exports against CIF imports; a part such as air freight; see :class:`~korus.Basis`).
    :raises CurrencyMismatchError: when they are in two currencies.

    >>> x = TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    >>> m = TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion")
    >>> balance(x, m).net
    quantity('-27.6', 'billion USD')
    """
    check_flow(exports, "exports")
    check_flow(imports, "imports")
    if exports.direction is not Direction.EXPORT:
        raise MismatchError("exports", exports.direction, "must be an export flow")
    if imports.direction is not Direction.IMPORT:
        raise MismatchError("imports", imports.direction, "must be an import flow")
    for field in ("reporter", "partner", "scope", "period"):
        mine, theirs = getattr(exports, field), getattr(imports, field)
        if mine is not theirs and mine != theirs:
            raise MismatchError(
                field, theirs, f"of the import flow differs from the export flow's {mine!r}"
            )
    return balance_of_flows(exports, imports)


def _check_whole(flow: TradeFlow, field: str, what: str) -> None:
    """Refuse a part of exports or imports (re-exports, re-imports) where ``what`` takes the
    exports and imports themselves."""
    if flow.direction not in (Direction.EXPORT, Direction.IMPORT):
        raise MismatchError(
            f"{field}.direction",
            flow.direction,
            "re-exports and re-imports are parts of exports and imports (already in them): "
            f"{what} takes the exports and imports themselves",
        )


def balances(flows: Iterable[TradeFlow], *, unpaired: str = "refuse") -> tuple[Balance, ...]:
    """Pair export and import flows into balances, one per partner, scope and period.

    A partner with only one direction has no balance, never one with zero on the other side: a
    missing figure is not a zero. By default (``unpaired="refuse"``) such a partner is an error
    that names every one of them; ``unpaired="omit"`` leaves them out, as the null rows of
    :func:`korus.columnar.balances` do (its other rows are these balances).

    >>> flows = [
    ...     TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion"),
    ...     TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion"),
    ... ]
    >>> [b.net for b in balances(flows)]
    [quantity('-27.6', 'billion USD')]
    """
    pairs: dict[tuple[Economy, Economy, Scope, Period], dict[Direction, TradeFlow]] = defaultdict(
        dict
    )
    for index, flow in enumerate(as_list(flows, "flows")):
        check_flow(flow, f"flows[{index}]")
        _check_whole(flow, f"flows[{index}]", "a balance")
        slot = pairs[(flow.reporter, flow.partner, flow.scope, flow.period)]
        if flow.direction in slot:
            raise MismatchError(f"flows[{index}]", flow, "repeats a flow already given")
        slot[flow.direction] = flow
    if unpaired not in ("refuse", "omit"):
        raise InvalidValueError("unpaired", unpaired, 'must be "refuse" or "omit"')
    result, lacking = [], []
    for key, slot in pairs.items():
        missing = {Direction.EXPORT, Direction.IMPORT} - slot.keys()
        if missing:
            (absent,) = missing
            lacking.append(f"{key[1].code} ({absent.value}s, {key[2]!r}, {key[3]})")
            continue
        result.append(balance(slot[Direction.EXPORT], slot[Direction.IMPORT]))
    if lacking and unpaired == "refuse":
        raise MismatchError(
            "flows",
            ", ".join(lacking[:10])
            + (f" and {len(lacking) - 10} more" if len(lacking) > 10 else ""),
            "have no flow of one direction: a missing figure is not zero; pass "
            'unpaired="omit" to leave such partners out',
        )
    return tuple(
        sorted(result, key=lambda b: (b.reporter.code, b.partner.code, str(b.scope), str(b.period)))
    )


@context_free
def deficit(of: Balance) -> Quantity:
    """The deficit as publications print it: a positive amount (zero for an even balance).

    :raises UndefinedResultError: when the balance is a surplus.

    >>> deficit(Balance.of("USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion"))
    quantity('27.6', 'billion USD')
    """
    check_balance(of, "of")
    net = of.net  # once: its sign says which, its size is the answer
    if net.magnitude > 0:
        raise UndefinedResultError("of", net, "is a surplus, not a deficit; use surplus()")
    return money(net.magnitude.copy_abs(), *unit_parts(net))


@context_free
def surplus(of: Balance) -> Quantity:
    """The surplus as publications print it: a positive amount (zero for an even balance).

    :raises UndefinedResultError: when the balance is a deficit.

    >>> surplus(Balance.of("USA", "KOR", "services", 2016, exports="$21.6 billion", imports="$10.9 billion"))
    quantity('10.7', 'billion USD')
    """
    check_balance(of, "of")
    net = of.net
    if net.magnitude < 0:
        raise UndefinedResultError("of", net, "is a deficit, not a surplus; use deficit()")
    return net


def two_way_trade(exports: TradeFlow, imports: TradeFlow) -> Quantity:
    """Exports + imports between the same two economies, exactly.

    >>> x = TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    >>> m = TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion")
    >>> two_way_trade(x, m)
    quantity('112.2', 'billion USD')
    """
    return balance(exports, imports).two_way


def exports_from_parts(domestic: TradeFlow, foreign: TradeFlow) -> TradeFlow:
    """Exports as the sum of their two parts: domestic exports and re-exports (the Census
    Bureau's "foreign exports"). USITC: "Total exports are U.S. domestic exports plus
    re-exports".

    :raises MismatchError: unless ``domestic`` is a domestic-export flow and ``foreign`` a
        re-export flow of the same reporter, partner, scope, period and basis.

    >>> exports_from_parts(
    ...     TradeFlow.of("USA", "KOR", "domestic export", "goods", 2016, "$40.1 billion"),
    ...     TradeFlow.of("USA", "KOR", "re-export", "goods", 2016, "$2.2 billion"),
    ... ).value
    quantity('42.3', 'billion USD')
    """
    check_flow(domestic, "domestic")
    check_flow(foreign, "foreign")
    if domestic.direction is not Direction.DOMESTIC_EXPORT:
        raise MismatchError("domestic", domestic.direction, "must be a domestic-export flow")
    if foreign.direction is not Direction.RE_EXPORT:
        raise MismatchError("foreign", foreign.direction, "must be a re-export flow")
    check_same(domestic.basis, foreign.basis, "foreign.basis", "domestic", "a sum of parts")
    for field in ("reporter", "partner", "scope", "period"):
        mine, theirs = getattr(domestic, field), getattr(foreign, field)
        if mine != theirs:
            raise MismatchError(
                f"foreign.{field}", theirs, f"differs from the domestic exports' {mine!r}"
            )
    value = sum_amounts([domestic.value, foreign.value])
    provenance = domestic.provenance if domestic.provenance == foreign.provenance else None
    return TradeFlow(
        domestic.reporter,
        domestic.partner,
        Direction.EXPORT,
        domestic.scope,
        domestic.period,
        value,
        basis=domestic.basis,
        provenance=provenance,
    )


# ------------------------------------------------------------------------------- totals


def sum_amounts(amounts: Iterable[Quantity]) -> Quantity:
    """The exact sum of amounts of money in one currency, at the finest scale among them.

    :raises CurrencyMismatchError: when the amounts are in more than one currency.
    :raises InvalidValueError: when there are none (a sum of nothing has no currency).

    >>> sum_amounts([parse_amount("$1 billion"), parse_amount("$250 million")])
    quantity('1250', 'million USD')
    """
    items = as_list(amounts, "amounts")
    for index, amount in enumerate(items):
        check_amount(amount, f"amounts[{index}]", negative=True)
    scale, currency = common_unit(items)
    with exact():
        total_value = sum((in_unit(q, scale, currency) for q in items), Decimal(0))
    return money(total_value, scale, currency, "total")


def check_products_apart(products: list[Product], field: str = "scope") -> None:
    """Refuse products of which one contains another (HS 84 and HS 8471): the trade of the
    smaller would count twice."""
    present: set[Scope] = set(products)
    for product in products:
        containing = containing_scopes(product, present)
        if containing:
            raise MismatchError(
                field, product, f"lies within {containing[0]}: it would count twice"
            )


def containing_scopes(scope: Scope, present: set[Scope]) -> list[Scope]:
    """The scopes in ``present`` that strictly contain ``scope``."""
    found: list[Scope] = []
    if scope is not Coverage.GOODS_AND_SERVICES and Coverage.GOODS_AND_SERVICES in present:
        found.append(Coverage.GOODS_AND_SERVICES)
    if isinstance(scope, Product):
        if Coverage.GOODS in present:
            found.append(Coverage.GOODS)
        for length in (2, 4):
            if len(scope.code) > length:
                prefix = Product(scope.classification, scope.code[:length])
                if prefix in present:
                    found.append(prefix)
    return found


def _check_no_overlap(flows: list[TradeFlow]) -> None:
    """Refuse flows that would count the same trade twice: a repeated flow, a world total
    beside its parts, or a product beside a group that contains it."""
    partners_by_scope: dict[Scope, dict[Economy, int]] = defaultdict(dict)
    for index, flow in enumerate(flows):
        seen = partners_by_scope[flow.scope]
        if flow.partner in seen:
            raise MismatchError(
                f"flows[{index}]",
                flow,
                f"repeats flows[{seen[flow.partner]}] (same partner and scope): it would be "
                "counted twice",
            )
        seen[flow.partner] = index
    for partners in partners_by_scope.values():
        aggregates = [p for p in partners if p.is_aggregate]
        if aggregates and len(partners) > 1:
            raise MismatchError(
                f"flows[{partners[aggregates[0]]}]",
                aggregates[0],
                "is a total over partners and cannot be summed with its parts",
            )
    present = set(partners_by_scope)
    for scope in present:
        for outer in containing_scopes(scope, present):
            inner_partners, outer_partners = partners_by_scope[scope], partners_by_scope[outer]
            for partner, index in inner_partners.items():
                if partner in outer_partners or any(p.is_aggregate for p in outer_partners):
                    raise MismatchError(
                        f"flows[{index}]",
                        scope,
                        f"is part of {outer!r}, which is also summed: it would be counted twice",
                    )


def check_flows_agree(
    flows: list[TradeFlow], fields: tuple[str, ...], what: str = "a total"
) -> None:
    """Refuse flows that differ from the first in a basis or in one of ``fields``: ``what``
    ("a total", "a ranking", "an index") takes flows that agree in them."""
    first = flows[0]
    for index, flow in enumerate(flows):
        check_same(first.basis, flow.basis, f"flows[{index}].basis", "flows[0]", what)
        for field in fields:
            if getattr(flow, field) != getattr(first, field):
                raise MismatchError(
                    f"flows[{index}].{field}",
                    getattr(flow, field),
                    f"differs from flows[0].{field}={getattr(first, field)!r}; {what} takes "
                    f"flows of one {field}",
                )


def total(flows: Iterable[TradeFlow]) -> Quantity:
    """The exact total of flows of one reporter, direction and period, in one currency.

    Nothing is counted twice: a repeated flow, a world total beside the partners it sums, or a
    product beside a group that contains it (HS 84 beside HS 8471, goods beside HS 84) is
    refused.

    :raises MismatchError: for mixed reporters, directions, periods or bases, or overlapping
        flows.
    :raises CurrencyMismatchError: for mixed currencies.

    >>> total([
    ...     TradeFlow.of("USA", "KOR", "export", "HS:84", 2016, "$6.1 billion"),
    ...     TradeFlow.of("USA", "KOR", "export", "HS:85", 2016, "$5.3 billion"),
    ... ])
    quantity('11.4', 'billion USD')
    """
    items = as_list(flows, "flows")
    if not items:
        raise InvalidValueError(
            "flows", items, "must not be empty: a total of nothing has no currency"
        )
    for index, flow in enumerate(items):
        check_flow(flow, f"flows[{index}]")
    check_flows_agree(items, ("reporter", "direction", "period"))
    _check_no_overlap(items)
    return sum_amounts([flow.value for flow in items])


# ------------------------------------------------------------------------ shares, changes


def ratio_percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """100 * numerator / denominator (korus._rules.percent_of), rounded once: exact, then
    correctly rounded to 28 digits (so a common factor of both never changes the result)."""
    return rounded_ratio(rules.percent_of(Fraction(numerator), Fraction(denominator)))


def rounded_ratio(exact_value: Fraction) -> Decimal:
    """An exact ratio, correctly rounded to the 28 digits korus's ratios carry."""
    return RATIO_CONTEXT.divide(Decimal(exact_value.numerator), Decimal(exact_value.denominator))


def share(part: Quantity | TradeFlow, whole: Quantity | TradeFlow) -> Quantity:
    """``part`` as a percentage of ``whole``, in percent (28 significant digits).

    With flows, the part must be a part of the whole: same reporter and period, a direction
    that is the whole's or a part of it (re-exports of exports), a partner and scope within the
    whole's (a world total contains every partner), and the whole's basis or a part of it (air
    freight of all modes).

    :raises MismatchError: when the part exceeds the whole or is not a part of it.
    :raises UndefinedResultError: when the whole is zero.

    >>> s = share(parse_amount("$42.3 billion"), parse_amount("$1,453,721 million"))
    >>> str(s.units), round(s.magnitude, 1)
    ('percent', Decimal('2.9'))
    """
    if isinstance(part, TradeFlow) or isinstance(whole, TradeFlow):
        part_flow, whole_flow = check_flow(part, "part"), check_flow(whole, "whole")
        _check_part_of(part_flow, whole_flow)
        part, whole = part_flow.value, whole_flow.value
    check_amount(part, "part")
    check_amount(whole, "whole")
    scale, currency = common_unit([part, whole])
    p, w = in_unit(part, scale, currency), in_unit(whole, scale, currency)
    if w == 0:
        raise UndefinedResultError("whole", whole, "is zero: a share of nothing is undefined")
    if p > w:
        raise MismatchError("part", part, f"exceeds the whole ({whole}): not a part of it")
    return quantity(ratio_percent(p, w), PERCENT)


def _check_part_of(part: TradeFlow, whole: TradeFlow) -> None:
    if part.direction.whole is not whole.direction and part.direction is not whole.direction:
        raise MismatchError(
            "part.direction",
            part.direction,
            f"is not the whole's direction {whole.direction!r} or a part of it",
        )
    check_part_of(part.basis, whole.basis)
    for field in ("reporter", "period"):
        if getattr(part, field) != getattr(whole, field):
            raise MismatchError(
                f"part.{field}",
                getattr(part, field),
                f"differs from the whole's {getattr(whole, field)!r}",
            )
    if part.partner != whole.partner and not whole.partner.is_aggregate:
        raise MismatchError(
            "part.partner", part.partner, f"is not within the whole's partner {whole.partner!r}"
        )
    if not scope_contains(whole.scope, part.scope):
        raise MismatchError(
            "part.scope", part.scope, f"is not within the whole's scope {whole.scope!r}"
        )


def _comparable(old: Any, new: Any) -> tuple[Decimal, Decimal]:
    """Magnitudes of two quantities of one kind, in a common unit."""
    old_q, new_q = check_quantity(old, "old"), check_quantity(new, "new")
    old_name = unit_parts(old_q)[1]
    new_name = unit_parts(new_q)[1]
    if old_name in (PERCENT, PERCENTAGE_POINT) or new_name in (PERCENT, PERCENTAGE_POINT):
        if old_name != new_name:
            raise MismatchError("new", new_q, f"is not in the same unit as old={old_q}")
        return Decimal(old_q.magnitude), Decimal(new_q.magnitude)
    scale, currency = common_unit([old_q, new_q])
    return in_unit(old_q, scale, currency), in_unit(new_q, scale, currency)


def _check_consecutive(old: TradeFlow | Balance, new: TradeFlow | Balance) -> None:
    if isinstance(old, TradeFlow) and isinstance(new, TradeFlow):
        check_same(old.basis, new.basis, "new.basis", "old", "a change")
    elif isinstance(old, Balance) and isinstance(new, Balance):
        check_same(old.export_basis, new.export_basis, "new.export_basis", "old's", "a change")
        check_same(old.import_basis, new.import_basis, "new.import_basis", "old's", "a change")
    fields = ("reporter", "partner", "scope") + (
        ("direction",) if isinstance(old, TradeFlow) else ()
    )
    for field in fields:
        if getattr(old, field) != getattr(new, field):
            raise MismatchError(
                f"new.{field}",
                getattr(new, field),
                f"differs from old.{field}={getattr(old, field)!r}",
            )
    if not old.period < new.period:
        raise MismatchError("new.period", new.period, f"must come after old.period={old.period}")


def percent_change(
    old: Quantity | TradeFlow | Balance, new: Quantity | TradeFlow | Balance
) -> Quantity:
    """The change from ``old`` to ``new`` in percent of ``old`` (28 significant digits).

    A balance changes on its magnitude, as USTR prints it: a deficit that shrinks from 28.35 to
    27.7 billion is "down 2.3 %". A change across the sign (a deficit turning into a surplus)
    has no meaningful percentage and raises, as does a change from zero.

    :raises UndefinedResultError: for a change from zero or across a change of sign.
    :raises MismatchError: for flows or balances of different economies or scopes, or when
        ``new`` does not come after ``old``.

    >>> c = percent_change(parse_amount("-28.35 billion USD"), parse_amount("-27.7 billion USD"))
    >>> round(c.magnitude, 1)
    Decimal('-2.3')
    """
    if isinstance(old, Balance) or isinstance(new, Balance):
        old_balance, new_balance = check_balance(old, "old"), check_balance(new, "new")
        _check_consecutive(old_balance, new_balance)
        old, new = old_balance.net, new_balance.net
    elif isinstance(old, TradeFlow) or isinstance(new, TradeFlow):
        old_flow, new_flow = check_flow(old, "old"), check_flow(new, "new")
        _check_consecutive(old_flow, new_flow)
        old, new = old_flow.value, new_flow.value
    before, after = _comparable(old, new)
    if before == 0:
        raise UndefinedResultError("old", old, "is zero: a change from zero has no percentage")
    if after != 0 and (before < 0) != (after < 0):
        raise UndefinedResultError(
            "new",
            new,
            f"has the other sign than old={old}: a change across a change of sign (deficit to "
            "surplus) has no meaningful percentage",
        )
    return quantity(rounded_ratio(rules.change(Fraction(before), Fraction(after))), PERCENT)


def percentage_point_change(old: Quantity, new: Quantity) -> Quantity:
    """The change between two percentages, in percentage points, exactly.

    2.9 % to 3.1 % is +0.2 percentage points (and +6.9 %).

    >>> percentage_point_change(quantity("2.9", "percent"), quantity("3.1", "percent"))
    quantity('0.2', 'percentage_point')
    """
    for field, value in (("old", old), ("new", new)):
        q = check_quantity(value, field)
        if unit_parts(q)[1] != PERCENT:
            raise InvalidValueError(field, q, "must be a percentage (unit 'percent')")
    with exact():
        difference = Decimal(new.magnitude) - Decimal(old.magnitude)
    return quantity(difference, PERCENTAGE_POINT)


def compound_annual_growth(
    first: Quantity | TradeFlow, last: Quantity | TradeFlow, years: int | None = None
) -> Quantity:
    """The constant yearly growth rate that takes ``first`` to ``last`` in ``years`` years.

    With flows, ``years`` comes from their (annual) periods.

    :raises UndefinedResultError: when ``first`` is not positive or ``last`` is negative.

    >>> g = compound_annual_growth(parse_amount("$41,649 million"), parse_amount("$44,650 million"), 1)
    >>> round(g.magnitude, 2)
    Decimal('7.21')
    """
    if isinstance(first, TradeFlow) or isinstance(last, TradeFlow):
        first_flow, last_flow = check_flow(first, "first"), check_flow(last, "last")
        _check_consecutive(first_flow, last_flow)
        span = first_flow.period.years_until(last_flow.period)
        if years is not None and years != span:
            raise MismatchError("years", years, f"differs from the {span} years between the flows")
        years = span
        first, last = first_flow.value, last_flow.value
    if not isinstance(years, int) or isinstance(years, bool):
        raise InvalidTypeError("years", years, f"must be an int, not {type(years).__name__}")
    if years < 1:
        raise InvalidValueError("years", years, "must be at least 1")
    check_amount(first, "first", negative=True)
    check_amount(last, "last", negative=True)
    start, end = _comparable(first, last)
    if start <= 0:
        raise UndefinedResultError("first", first, "must be positive for a growth rate")
    if end < 0:
        raise UndefinedResultError("last", last, "must not be negative for a growth rate")
    if end == 0:
        return quantity(-_HUNDRED, PERCENT)
    with exact():
        change = end - start
    if change == 0:
        return quantity(0, PERCENT)
    # factor - 1 cancels the digits that first and last share: work with that many more, so
    # that the rate is still exact to 40 digits before it is rounded once to 28.
    shared = max(0, start.adjusted() - change.adjusted())
    context = _GROWTH_CONTEXT.copy()
    context.prec += shared
    ratio = context.divide(end, start)
    factor = ratio if years == 1 else context.exp(context.divide(context.ln(ratio), years))
    growth = context.multiply(context.subtract(factor, 1), _HUNDRED)
    return quantity(RATIO_CONTEXT.plus(growth), PERCENT)


# --------------------------------------------------------------------------------- ranks


def rank(values: Mapping[K, Quantity]) -> tuple[Ranked[K], ...]:
    """Rank amounts from largest to smallest.

    Ties share a rank and the next rank is skipped ("1, 2, 2, 4": standard competition
    ranking); within a tie, entries are listed in the order of their keys. Amounts are compared
    exactly, whatever their scales.

    >>> ranks = rank({Economy("CHN"): parse_amount("$578.6 billion"), Economy("KOR"): parse_amount("$112.2 billion")})
    >>> [(r.rank, r.key.code) for r in ranks]
    [(1, 'CHN'), (2, 'KOR')]
    """
    if not isinstance(values, Mapping):
        raise InvalidTypeError("values", values, f"must be a mapping, not {type(values).__name__}")
    items = list(values.items())
    for key, value in items:
        check_amount(value, f"values[{key!r}]", negative=True)
    if not items:
        return ()
    scale, currency = common_unit([value for _, value in items])
    exact_values = {key: in_unit(value, scale, currency) for key, value in items}
    try:
        # Two stable sorts, not a negated key: negating a Decimal rounds in the caller's context.
        by_key = sorted(items, key=lambda kv: _sort_key(kv[0]))
        ordered = sorted(by_key, key=lambda kv: exact_values[kv[0]], reverse=True)
    except TypeError:
        raise InvalidTypeError(
            "values", list(values)[:3], "keys must be orderable (ties are listed in key order)"
        ) from None
    result: list[Ranked[K]] = []
    previous: Decimal | None = None
    current_rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if exact_values[key] != previous:
            current_rank, previous = position, exact_values[key]
        result.append(Ranked(current_rank, key, value))
    return tuple(result)


def _sort_key(key: Any) -> Any:
    # Enum members and mixed keys still need one total order for ties.
    if isinstance(key, KorusEnum):
        return (type(key).__name__, key.value)
    return key


_MEASURES: Final[dict[Measure, Callable[[Balance], Quantity]]] = {
    Measure.EXPORTS: lambda b: b.exports,
    Measure.IMPORTS: lambda b: b.imports,
    Measure.TWO_WAY_TRADE: lambda b: b.two_way,
    Measure.BALANCE: lambda b: b.net,
}


def rank_partners(
    items: Iterable[Balance] | Iterable[TradeFlow], by: Measure | str = Measure.TWO_WAY_TRADE
) -> tuple[Ranked[Economy], ...]:
    """Rank one reporter's partners by exports, imports, two-way trade or balance.

    Takes balances, or flows: by exports or imports, the flows of that direction are ranked;
    by two-way trade or balance, export and import flows are paired into balances, and a
    partner with one side only has neither, so it is not ranked by them (as in
    :func:`korus.columnar.rank_partners`). Every item must have the same reporter, scope and
    period; the world total is not a partner and is refused.

    >>> balances_2016 = [
    ...     Balance.of("USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion"),
    ...     Balance.of("USA", "JPN", "goods", 2016, exports="$63.3 billion", imports="$132.2 billion"),
    ... ]
    >>> [(r.rank, r.key.code, str(r.value)) for r in rank_partners(balances_2016)]
    [(1, 'JPN', '195.5 billion USD'), (2, 'KOR', '112.2 billion USD')]
    """
    measure = Measure.coerce(by, "by")
    entries = as_list(items, "items")
    values: dict[Economy, Quantity] = {}
    if entries and all(isinstance(e, TradeFlow) for e in entries):
        wanted = {Measure.EXPORTS: Direction.EXPORT, Measure.IMPORTS: Direction.IMPORT}
        for index, flow in enumerate(entries):
            _check_whole(flow, f"items[{index}]", "a ranking")
        if measure in wanted:
            # Exports need export flows only: a partner that sold nothing is not in doubt.
            chosen = [e for e in entries if e.direction is wanted[measure]]
            check_flows_agree(chosen, ("reporter", "scope", "period"), "a ranking")
            for index, flow in enumerate(chosen):
                _add_partner(values, flow.partner, flow.value, index)
            return rank(values)
        # A partner with one side has no two-way trade or balance: it is not ranked by them
        # (as in korus.columnar.rank_partners).
        entries = list(balances(entries, unpaired="omit"))
    for index, entry in enumerate(entries):
        check_balance(entry, f"items[{index}]")
    if entries:
        first = entries[0]
        for index, entry in enumerate(entries):
            for side in ("export_basis", "import_basis"):
                check_same(
                    getattr(first, side),
                    getattr(entry, side),
                    f"items[{index}].{side}",
                    "items[0]'s",
                    "a ranking",
                )
            for field in ("reporter", "scope", "period"):
                if getattr(entry, field) != getattr(first, field):
                    raise MismatchError(
                        f"items[{index}].{field}",
                        getattr(entry, field),
                        f"differs from items[0].{field}={getattr(first, field)!r}",
                    )
            _add_partner(values, entry.partner, _MEASURES[measure](entry), index)
    return rank(values)


def _add_partner(
    values: dict[Economy, Quantity], partner: Economy, value: Quantity, index: int
) -> None:
    if partner.is_aggregate:
        raise MismatchError(
            f"items[{index}].partner", partner, "is a total over partners, not a partner to rank"
        )
    if partner in values:
        raise MismatchError(f"items[{index}].partner", partner, "appears twice")
    values[partner] = value


def top_products(flows: Iterable[TradeFlow], n: int) -> tuple[Ranked[Product], ...]:
    """The ``n`` largest products among flows of one reporter, partner, direction and period.

    Ties at the n-th place are all kept, so more than ``n`` entries can come back. Products
    that contain one another (HS 84 and HS 8471) are refused: they are not rivals.

    >>> top = top_products([
    ...     TradeFlow.of("USA", "KOR", "export", "HS:84", 2016, "$6.1 billion"),
    ...     TradeFlow.of("USA", "KOR", "export", "HS:85", 2016, "$5.3 billion"),
    ...     TradeFlow.of("USA", "KOR", "export", "HS:88", 2016, "$5.2 billion"),
    ... ], 2)
    >>> [(r.rank, r.key.code) for r in top]
    [(1, '84'), (2, '85')]
    """
    if not isinstance(n, int) or isinstance(n, bool):
        raise InvalidTypeError("n", n, f"must be an int, not {type(n).__name__}")
    if n < 1:
        raise InvalidValueError("n", n, "must be at least 1")
    items = as_list(flows, "flows")
    for index, flow in enumerate(items):
        check_flow(flow, f"flows[{index}]")
        if not isinstance(flow.scope, Product):
            raise MismatchError(f"flows[{index}].scope", flow.scope, "must be a product")
    if not items:
        return ()
    check_flows_agree(items, ("reporter", "partner", "direction", "period"), "a ranking")
    _check_no_overlap(items)
    ranked = rank({flow.scope: flow.value for flow in items if isinstance(flow.scope, Product)})
    return tuple(r for r in ranked if r.rank <= n)
