"""Trade indices from exact shares: Herfindahl-Hirschman concentration, Balassa's revealed
comparative advantage, trade intensity and trade complementarity.

Each takes exact amounts (korus quantities) or printed figures (:class:`korus.Figure`, a value
with its rounding), or a mix, and returns a :class:`korus.Range`: one point when every input
is exact, otherwise every value the rounded inputs allow (sound: the true value is always
inside). Shares are never rounded on the way: the index is computed from the amounts in one
exact step (:mod:`korus._rules`), so the R ``comtrade`` package's HHI from shares rounded to two
decimals, for one, is not reproduced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Final

from korus import _rules as rules
from korus._basis import check_same
from korus._bounds import hhi_bounds, shares_within
from korus._calc import check_flows_agree, check_products_apart
from korus._enum import KorusEnum
from korus._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MismatchError,
    UndefinedResultError,
)
from korus._figures import PERCENT_UNIT, POINTS_UNIT, RATIO_UNIT, Figure, Range
from korus._model import TradeFlow, check_flow
from korus._product import Product
from korus._units import CURRENCIES, Quantity
from korus._validate import items as as_list

#: A value an index takes: an exact amount, a printed figure with its rounding, or a flow (its
#: value, on its basis of measurement).
Amount = Quantity | Figure | TradeFlow

_TEN_THOUSAND: Final = Fraction(10_000)


class HHIUnit(KorusEnum):
    """The two units a Herfindahl-Hirschman index is quoted in: points, 0 to 10,000 (shares in
    percent, squared and summed: the US antitrust agencies' scale), or a ratio, 0 to 1."""

    POINTS = "points"
    RATIO = "ratio"


class ConcentrationBy(KorusEnum):
    """What a concentration is measured over: a reporter's partners, or its products."""

    PARTNER = "partner"
    PRODUCT = "product"


def _interval(value: Any, field: str) -> tuple[Fraction, Fraction, str]:
    """The bounds of an amount (a point for an exact one) in its currency's units, and the
    currency; refused when negative."""
    if isinstance(value, TradeFlow):
        value = value.value
    if isinstance(value, Figure):
        allowed = value.range
    elif isinstance(value, Quantity):
        try:
            allowed = Range.exact(value)
        except InvalidValueError:
            raise InvalidValueError(field, value, "must be an amount of money") from None
    else:
        raise InvalidTypeError(
            field,
            value,
            f"must be an amount (a korus quantity, a Figure or a TradeFlow), not {type(value).__name__}",
        )
    if allowed.unit not in CURRENCIES:
        raise InvalidValueError(field, value, "must be an amount of money")
    if allowed.high < 0:
        raise InvalidValueError(field, value, "must not be negative")
    return max(allowed.low, Fraction(0)), allowed.high, allowed.unit


def _intervals(
    values: Iterable[tuple[str, Any]],
) -> tuple[list[tuple[Fraction, Fraction]], str | None]:
    """Bounds of several amounts, which must share one currency (in any scale), and that
    currency (None for no amounts); those given as flows must share one basis of measurement,
    too."""
    bounds: list[tuple[Fraction, Fraction]] = []
    currency: str | None = None
    first: tuple[str, TradeFlow] | None = None
    for field, value in values:
        if isinstance(value, TradeFlow):
            if first is None:
                first = (field, value)
            check_same(first[1].basis, value.basis, f"{field}.basis", f"{first[0]}'s", "an index")
        low, high, unit = _interval(value, field)
        if currency is None:
            currency = unit
        elif unit != currency:
            raise CurrencyMismatchError(
                field, unit, f"cannot be combined with {currency} without an exchange rate"
            )
        bounds.append((low, high))
    return bounds, currency


def _entries(values: Any, field: str) -> list[tuple[Any, Any]]:
    """The items of a mapping of amounts; its keys that are products must lie apart, as the
    table twins' products must (HS 84 and HS 8471 would count HS 8471 twice)."""
    if not isinstance(values, Mapping):
        raise InvalidTypeError(
            field, values, f"must be a mapping of keys to amounts, not {type(values).__name__}"
        )
    check_products_apart([key for key in values if isinstance(key, Product)], field)
    return list(values.items())


def in_unit_of(low: Fraction, high: Fraction, unit: HHIUnit) -> Range:
    """Bounds on the 0-1 scale as a range in ``unit``."""
    if unit is HHIUnit.POINTS:
        return Range(low * _TEN_THOUSAND, high * _TEN_THOUSAND, POINTS_UNIT)
    return Range(low, high, RATIO_UNIT)


def hhi(
    values: Mapping[Any, Amount],
    *,
    whole: Amount | None = None,
    unit: HHIUnit | str = HHIUnit.POINTS,
) -> Range:
    """The Herfindahl-Hirschman index of ``values`` (a partner's or a product's amount each):
    the sum of their squared shares, from the amounts exactly.

    The shares are of ``whole`` where given (a world total, used as the denominator only),
    else of the values' sum. Where ``whole`` exceeds the values' sum, the rest belongs to
    partners the data do not name, and missing is not zero: the index is then the range from
    that rest spread thinly (adding nothing) to that rest in one more partner. Product keys
    (:class:`korus.Product`) must lie apart: HS 84 beside HS 8471 would count HS 8471 twice.

    >>> from korus import parse_amount
    >>> print(hhi({"KOR": parse_amount("$60"), "JPN": parse_amount("$40")}))
    5200 points
    >>> print(hhi({"KOR": parse_amount("$60")}, whole=parse_amount("$100"), unit="ratio"))
    0.36 to 0.52

    :raises MismatchError: when the values exceed the whole, or a product key lies within
        another.
    :raises UndefinedResultError: when there is nothing to share (no values, or a zero whole).
    """
    chosen = HHIUnit.coerce(unit, "unit")  # judged first, as it always was
    _entries(values, "values")
    return _hhi(values, whole, chosen)


def _hhi(values: Mapping[Any, Amount], whole: Amount | None, unit: HHIUnit | str) -> Range:
    """:func:`hhi` of a mapping whose keys are held apart already (by :func:`_entries`, or
    by a caller's own check, which names its own field)."""
    chosen = HHIUnit.coerce(unit, "unit")
    entries = list(values.items())
    fields = [(f"values[{key!r}]", value) for key, value in entries]
    if whole is not None:
        fields.append(("whole", whole))
    bounds, _ = _intervals(fields)
    parts = bounds[: len(entries)]
    low, high = hhi_bounds(parts, bounds[-1] if whole is not None else None, values, whole)
    return in_unit_of(low, high, chosen)


def concentration(
    flows: Iterable[TradeFlow],
    *,
    by: ConcentrationBy | str = ConcentrationBy.PARTNER,
    unit: HHIUnit | str = HHIUnit.POINTS,
) -> Range:
    """The Herfindahl-Hirschman index of one reporter's trade by partner or by product.

    By partner: flows of one reporter, direction, scope and period, one a partner; a world
    total among them is the denominator only (never a partner). By product: flows of one
    reporter, partner, direction and period, one a product, none containing another. Every
    flow must be on the same basis of measurement: an index over CIF and FOB values mixed
    would measure the valuations, not the trade.

    >>> from korus import TradeFlow
    >>> flows = [TradeFlow.of("KOR", p, "export", "goods", 2022, v) for p, v in
    ...          [("CHN", "$156 billion"), ("USA", "$110 billion"), ("WLD", "$684 billion")]]
    >>> print(concentration(flows))
    778.7866 to 4513.3545 points

    :raises MismatchError: when the flows differ where they must agree, repeat a partner or a
        product, or hold products that contain one another.
    """
    kind = ConcentrationBy.coerce(by, "by")
    items = as_list(flows, "flows")
    for index, flow in enumerate(items):
        check_flow(flow, f"flows[{index}]")
    if not items:
        raise UndefinedResultError("flows", items, "is empty: there is nothing to concentrate")
    same = (
        ("reporter", "direction", "scope", "period")
        if kind is ConcentrationBy.PARTNER
        else (
            "reporter",
            "partner",
            "direction",
            "period",
        )
    )
    check_flows_agree(items, same, "an index")
    values: dict[Any, Quantity] = {}
    whole: Quantity | None = None
    for index, flow in enumerate(items):
        if kind is ConcentrationBy.PARTNER:
            if flow.partner.is_aggregate:
                if whole is not None:
                    raise MismatchError(
                        f"flows[{index}].partner", flow.partner, "is a second total over partners"
                    )
                whole = flow.value
                continue
            key: Any = flow.partner
        else:
            if not isinstance(flow.scope, Product):
                if whole is not None:
                    raise MismatchError(
                        f"flows[{index}].scope", flow.scope, "is a second total over products"
                    )
                whole = flow.value
                continue
            key = flow.scope
        if key in values:
            raise MismatchError(f"flows[{index}].{kind.value}", key, "appears twice")
        values[key] = flow.value
    if kind is ConcentrationBy.PRODUCT:
        check_products_apart(list(values))
    return _hhi(values, whole, unit)


def _relative(
    names: tuple[str, str, str, str],
    amounts: tuple[Any, Any, Any, Any],
    what: str,
    nested: bool,
) -> Range:
    """(part / whole) / (of_part / of_whole) over four amounts, each part within its whole,
    and where ``nested``, the first pair within the second (an economy's exports within the
    world's: for RCA, not for intensity, whose two pairs are two reporters' figures)."""
    bounds, _ = _intervals(zip(names, amounts, strict=True))
    (p_low, p_high), (w_low, w_high), (op_low, op_high), (ow_low, ow_high) = bounds
    pairs = [(0, 1), (2, 3), *([(0, 2), (1, 3)] if nested else [])]
    for (name, (low, _)), (whole_name, (_, high)) in (
        ((names[a], bounds[a]), (names[b], bounds[b])) for a, b in pairs
    ):
        if low > high:
            raise MismatchError(name, amounts[names.index(name)], f"exceeds {whole_name}")
    if w_low == 0 or op_low == 0:
        zero = names[1] if w_low == 0 else names[2]
        raise UndefinedResultError(
            zero, amounts[names.index(zero)], f"can be zero: {what} of nothing is undefined"
        )
    # The ratio rises with part and of_whole and falls with whole and of_part: its extremes
    # lie at the ends of the four ranges.
    low = rules.relative_share(p_low, w_high, op_high, ow_low)
    high = rules.relative_share(p_high, w_low, op_low, ow_high)
    return Range(low, high, RATIO_UNIT)


def rca(exports: Amount, total: Amount, world_exports: Amount, world_total: Amount) -> Range:
    """Balassa's revealed comparative advantage: an economy's share of a product in its exports
    over the world's: (exports / total) / (world_exports / world_total). Above 1, the economy
    exports relatively more of the product than the world does. The currency's scale does not
    matter; the currency must be one.

    >>> from korus import parse_amount as a
    >>> print(rca(a("$30 billion"), a("$600 billion"), a("$1,000 billion"), a("$25,000 billion")))
    1.25
    """
    return _relative(
        ("exports", "total", "world_exports", "world_total"),
        (exports, total, world_exports, world_total),
        "an advantage",
        nested=True,
    )


def trade_intensity(
    exports_to: Amount, total_exports: Amount, partner_imports: Amount, world_imports: Amount
) -> Range:
    """The trade intensity index: the share of the partner in an economy's exports over the
    partner's share in world imports: (exports_to / total_exports) / (partner_imports /
    world_imports). Above 1, the two trade more with each other than the partner's size says.

    >>> from korus import parse_amount as a
    >>> trade_intensity(a("$66 billion"), a("$600 billion"), a("$3,000 billion"), a("$25,000 billion")).low
    Fraction(11, 12)
    """
    return _relative(
        ("exports_to", "total_exports", "partner_imports", "world_imports"),
        (exports_to, total_exports, partner_imports, world_imports),
        "an intensity",
        nested=False,
    )


def complementarity(exports: Mapping[Any, Amount], imports: Mapping[Any, Amount]) -> Range:
    """The trade complementarity index of one economy's exports with another's imports, in
    percent: ``100 × (1 − Σ |m_k − x_k| / 2)`` over products k, where x_k is product k's share
    of the exports and m_k its share of the imports. 100 when the mixes match, 0 when they share no
    product.

    Both mappings are the whole mix and must name the same products: a product missing from
    one is missing, not zero (give a zero where it is zero). Product keys
    (:class:`korus.Product`) must lie apart, as in :func:`hhi`.

    >>> from korus import parse_amount as a
    >>> print(complementarity({"HS:84": a("$60"), "HS:87": a("$40")}, {"HS:84": a("$30"), "HS:87": a("$70")}))
    70 %
    """
    export_entries, import_entries = _entries(exports, "exports"), _entries(imports, "imports")
    keys = [key for key, _ in export_entries]
    missing = set(keys) ^ {key for key, _ in import_entries}
    if missing:
        first = sorted(missing, key=repr)[0]
        side = "exports" if first not in exports else "imports"
        raise MismatchError(
            side, first, "is missing here but not on the other side: give a zero where it is zero"
        )
    if not keys:
        raise UndefinedResultError("exports", exports, "is empty: there is no mix to compare")
    export_bounds, x_currency = _intervals((f"exports[{k!r}]", v) for k, v in export_entries)
    import_bounds, m_currency = _intervals((f"imports[{k!r}]", imports[k]) for k in keys)
    # Each mix on one basis; the two may differ in valuation only (exports FOB, imports CIF:
    # a mix of shares is the same either way, as far as freight is proportional).
    x_flows = [v for _, v in export_entries if isinstance(v, TradeFlow)]
    m_flows = [v for v in (imports[k] for k in keys) if isinstance(v, TradeFlow)]
    if x_flows and m_flows:
        check_same(
            x_flows[0].basis,
            m_flows[0].basis,
            "imports.basis",
            "the exports'",
            "a complementarity",
            ("valuation",),
        )
    if x_currency != m_currency:
        raise CurrencyMismatchError("imports", m_currency, "differs from the exports' currency")
    low_gaps, high_gaps = [], []
    for (x_low, x_high), (m_low, m_high) in zip(
        shares_within(export_bounds, "exports"),
        shares_within(import_bounds, "imports"),
        strict=True,
    ):
        low_gaps.append(max(Fraction(0), m_low - x_high, x_low - m_high))
        high_gaps.append(max(m_high - x_low, x_high - m_low))
    low = max(Fraction(0), rules.complementarity(high_gaps))
    return Range(low, rules.complementarity(low_gaps), PERCENT_UNIT)
