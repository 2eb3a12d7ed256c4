"""The indices over tables: the engine groups the rows, and each group's index is worked out
exactly by the rule the scalar API uses (:mod:`korus._bounds`). The squares of 28-digit values
need 56 digits, which no engine's decimals hold; groups are few beside rows."""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from korus import _rules as rules
from korus._bounds import hhi_bounds
from korus._calc import check_products_apart
from korus._errors import CurrencyMismatchError, MismatchError, UndefinedResultError
from korus._period import Period
from korus._product import Product
from korus._units import exact
from korus.columnar._table import COVERAGES, RATIO_SCALE

#: The groups and what is concentrated in each, by what the index is over.
GROUPS: Final = {
    "partner": (("reporter", "direction", "scope", "period"), "partner", "partners"),
    "product": (("reporter", "partner", "direction", "period"), "scope", "products"),
}
_STEP: Final = Decimal(1).scaleb(-RATIO_SCALE)


def _written(value: Fraction, rounding: str) -> Decimal:
    """``value`` with RATIO_SCALE decimals, rounded exactly (Fractions round without a
    context): down, up, or half to even."""
    scaled = value * 10**RATIO_SCALE
    if rounding == "down":
        whole = math.floor(scaled)
    elif rounding == "up":
        whole = math.ceil(scaled)
    else:
        whole = round(scaled)  # half to even
    return Decimal(whole).scaleb(-RATIO_SCALE).quantize(_STEP)


def written_bounds(low: Fraction, high: Fraction) -> tuple[Decimal, Decimal]:
    """Exact bounds as the table writes them, with RATIO_SCALE decimals: an index the data
    decide rounded once, half to even, as every ratio of a table is; a range rounded outward,
    the low end down and the high end up, so that it still holds every value it held."""
    if low == high:
        point = _written(low, "even")
        return point, point
    return _written(low, "down"), _written(high, "up")


def _is_whole(by: str, item: str) -> bool:
    return item == "WLD" if by == "partner" else item in COVERAGES


def concentration_rows(
    groups: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]], by: str, points: bool
) -> list[dict[str, Any]]:
    """Each group's index, with korus.analysis.concentration's rules: one currency, at most one
    total (the denominator, never a part), no part twice, no product within another; null
    where a value is missing or nothing is shared."""
    keys, _, counted = GROUPS[by]
    rows = []
    for key, items in sorted(groups, key=lambda group: tuple(map(str, group[0]))):
        name = " ".join(str(k) for k in key)
        currencies = sorted({currency for _, currency, _ in items})
        if len(currencies) > 1:
            raise CurrencyMismatchError("currency", name, "differs between the flows of one index")
        wholes = [item for item in items if _is_whole(by, item[0])]
        parts = [item for item in items if not _is_whole(by, item[0])]
        if len(wholes) > 1:
            raise MismatchError("table", name, "holds two totals for one index")
        names = [part[0] for part in parts]
        if len(set(names)) < len(names):
            raise MismatchError("table", name, f"repeats a {by}: it would count twice")
        if by == "product":
            check_products_apart([Product.parse(code) for code in names])
        low = high = None
        values = [part[2] for part in parts]
        whole = wholes[0][2] if wholes else None
        if parts and None not in values and not (wholes and whole is None):
            exact = [(Fraction(v), Fraction(v)) for v in values]
            try:
                bounds = hhi_bounds(
                    exact, None if whole is None else (Fraction(whole), Fraction(whole))
                )
            except UndefinedResultError:
                bounds = None  # nothing to share: undefined, null as a share of nothing is
            except MismatchError:
                raise MismatchError(
                    "table",
                    name,
                    f"its {counted} sum to {_sum(values)}, more than its total {whole}: leave "
                    "the total out to share their sum, or see which is wrong",
                ) from None
            if bounds is not None:
                factor = 10_000 if points else 1
                low, high = written_bounds(bounds[0] * factor, bounds[1] * factor)
        rows.append(
            dict(zip(keys, key, strict=True))
            | {
                "currency": currencies[0] if currencies else None,
                counted: len(parts),
                "hhi_low": low,
                "hhi_high": high,
            }
        )
    return rows


def rca_rows(groups: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]) -> list[dict[str, Any]]:
    """Each reporter's revealed comparative advantage in each product, for each period, with
    korus.analysis.rca's rule: the world is the table's reporters (their exports to the world
    summed, product by product and in all goods); null where a value it needs is missing or a
    share is of nothing."""
    rows = []
    for (period,), items in sorted(groups, key=lambda group: str(group[0])):
        currencies = sorted({currency for _, _, currency, _ in items})
        if len(currencies) > 1:
            raise CurrencyMismatchError("currency", period, "differs between the exports compared")
        seen: set[tuple[str, str]] = set()
        totals: dict[str, Decimal | None] = {}
        products: dict[tuple[str, str], Decimal | None] = {}
        for reporter, scope, _, value in items:
            if (reporter, scope) in seen:
                raise MismatchError(
                    "table",
                    f"{reporter} WLD export {scope} {period}",
                    "repeats a flow already given",
                )
            seen.add((reporter, scope))
            if scope == "goods":
                totals[reporter] = value
            elif scope.startswith("HS:"):
                products[(reporter, scope)] = value
        world_total = _sum(totals.values()) if totals else None
        by_product: dict[str, list[Decimal | None]] = defaultdict(list)
        for (_, scope), value in products.items():
            by_product[scope].append(value)
        world = {scope: _sum(values) for scope, values in by_product.items()}
        for (reporter, scope), value in sorted(products.items()):
            total, world_exports = totals.get(reporter), world[scope]
            index = None
            if value is not None and total is not None and value > total:
                raise MismatchError(
                    "table",
                    f"{reporter} WLD export {scope} {period}",
                    f"exceeds the reporter's exports of all goods ({total})",
                )
            if (
                value is not None
                and total  # neither missing nor zero: a share of nothing is undefined
                and world_exports
                and world_total is not None
            ):
                exact = rules.relative_share(
                    Fraction(value), Fraction(total), Fraction(world_exports), Fraction(world_total)
                )
                index = _written(exact, "even")
            rows.append(
                {
                    "reporter": reporter,
                    "product": scope,
                    "period": period,
                    "currency": currencies[0],
                    "exports": value,
                    "total": total,
                    "world_exports": world_exports,
                    "world_total": world_total,
                    "rca": index,
                }
            )
    return rows


def _sum(values: Any) -> Decimal | None:
    """An exact sum, missing where a value is."""
    found = list(values)
    if any(v is None for v in found):
        return None
    with exact():
        return sum(found, Decimal(0))


def intensity_rows(
    groups: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]],
) -> list[dict[str, Any]]:
    """Each reporter's trade intensity with each partner, for each scope and period, with
    korus.analysis.trade_intensity's rule: its exports to the partner within its exports to the
    world, over the partner's imports from the world within the world's, the world being the
    table's reporters; null where a value it needs is missing or a share is of nothing."""
    rows = []
    for (scope, period), items in sorted(groups, key=lambda group: tuple(map(str, group[0]))):
        currencies = sorted({currency for _, _, _, currency, _ in items})
        if len(currencies) > 1:
            raise CurrencyMismatchError("currency", f"{scope} {period}", "differs between flows")
        seen: set[tuple[str, str, str]] = set()
        exports: dict[tuple[str, str], Decimal | None] = {}
        world_exports: dict[str, Decimal | None] = {}
        world_imports: dict[str, Decimal | None] = {}
        for reporter, partner, direction, _, value in items:
            if (reporter, partner, direction) in seen:
                raise MismatchError(
                    "table",
                    f"{reporter} {partner} {direction} {scope} {period}",
                    "repeats a flow already given",
                )
            seen.add((reporter, partner, direction))
            if direction == "export":
                if partner == "WLD":
                    world_exports[reporter] = value
                else:
                    exports[(reporter, partner)] = value
            elif direction == "import" and partner == "WLD":
                world_imports[reporter] = value
        imports_total = _sum(world_imports.values()) if world_imports else None
        for (reporter, partner), value in sorted(exports.items()):
            total, partner_imports = world_exports.get(reporter), world_imports.get(partner)
            if value is not None and total is not None and value > total:
                raise MismatchError(
                    "table",
                    f"{reporter} {partner} export {scope} {period}",
                    f"exceeds the reporter's exports to the world ({total})",
                )
            index = None
            if value is not None and total and partner_imports and imports_total is not None:
                exact = rules.relative_share(
                    Fraction(value),
                    Fraction(total),
                    Fraction(partner_imports),
                    Fraction(imports_total),
                )
                index = _written(exact, "even")
            rows.append(
                {
                    "reporter": reporter,
                    "partner": partner,
                    "scope": scope,
                    "period": period,
                    "currency": currencies[0],
                    "exports": value,
                    "total_exports": total,
                    "partner_imports": partner_imports,
                    "world_imports": imports_total,
                    "intensity": index,
                }
            )
    return rows


def complementarity_rows(
    groups: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]],
) -> list[dict[str, Any]]:
    """The trade complementarity of each exporter's exports with each importer's imports, for
    each period, with korus.analysis.complementarity's rule: each side's mix is its trade with
    the world by HS product; null where the two mixes do not name the same products (missing is
    not zero), a value is missing, or a mix is of nothing."""
    rows = []
    for (period,), every in sorted(groups, key=lambda group: str(group[0])):
        items = [item for item in every if str(item[2]).startswith("HS:")]  # products alone
        currencies = sorted({currency for _, _, _, currency, _ in items})
        if len(currencies) > 1:
            raise CurrencyMismatchError("currency", period, "differs between flows")
        mixes: dict[tuple[str, str], dict[str, Decimal | None]] = defaultdict(dict)
        for reporter, direction, scope, _, value in items:
            mix = mixes[(reporter, direction)]
            if scope in mix:
                raise MismatchError(
                    "table",
                    f"{reporter} WLD {direction} {scope} {period}",
                    "repeats a flow already given",
                )
            mix[scope] = value
        for (exporter, side), export_mix in sorted(mixes.items()):
            if side != "export":
                continue
            check_products_apart([Product.parse(code) for code in export_mix])
            for (importer, other), import_mix in sorted(mixes.items()):
                if other != "import" or importer == exporter:
                    continue
                rows.append(
                    {
                        "exporter": exporter,
                        "importer": importer,
                        "period": period,
                        "currency": currencies[0],
                        "products": len(export_mix),
                        "complementarity": _complementarity(export_mix, import_mix),
                    }
                )
    return rows


def _complementarity(
    exports: dict[str, Decimal | None], imports: dict[str, Decimal | None]
) -> Decimal | None:
    if set(exports) != set(imports):
        return None  # a product one side names and the other does not: missing, not zero
    x_values, m_values = list(exports.values()), [imports[k] for k in exports]
    if None in x_values or None in m_values:
        return None
    x_total = sum(Fraction(v) for v in x_values if v is not None)
    m_total = sum(Fraction(v) for v in m_values if v is not None)
    if not x_total or not m_total:
        return None
    gaps = [
        abs(Fraction(m) / m_total - Fraction(x) / x_total)
        for x, m in zip(x_values, m_values, strict=True)
        if x is not None and m is not None
    ]
    return _written(rules.complementarity(gaps), "even")


def with_timing(
    decomposition: Any, monthly: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]], lag: int
) -> list[dict[str, Any]]:
    """The rows of a decomposition (an Arrow table) with the timing component of a lag, from
    the exporters' monthly exports to their partners (``monthly``: by reporter, partner and
    scope, each month's period and value), by korus.analysis.decompose_mirror's rule: the
    exporter's exports over the importer's months moved back by the lag, less its exports over
    those months. Null where a month it needs is missing; the residual holds what is not
    separated."""
    months: dict[tuple[str, str, str], dict[Period, tuple[str, Decimal | None]]] = {}
    for (reporter, partner, scope), items in monthly:
        found = months.setdefault((reporter, partner, scope), {})
        for period, currency, value in items:
            parsed = Period.parse(period)
            if parsed.month is not None:
                found[parsed] = (currency, value)
    rows = []
    for row in decomposition.to_pylist():
        own = list(Period.parse(row["period"]).months())
        earlier = list(own)
        for _ in range(lag):
            earlier = [month.previous() for month in earlier]
        known = months.get((row["exporter"], row["importer"], row["scope"]), {})
        timing = None
        needed = [known[month] for month in (*own, *earlier) if month in known]
        for currency, _ in needed:
            if currency != row["currency"]:
                # As the scalar timing refuses it: months in one currency, a year in another.
                raise CurrencyMismatchError(
                    "currency",
                    f"{row['exporter']} {row['importer']} {row['scope']} {row['period']}",
                    f"of a month ({currency}) differs from the period's ({row['currency']})",
                )
        present = [value for _, value in needed if value is not None]
        if len(present) == len(own) + len(earlier):
            # Every month known: no month missing, no value missing.
            count = len(own)
            with exact():
                timing = sum(present[count:], Decimal(0)) - sum(present[:count], Decimal(0))
        residual = row["residual"]
        if timing is not None and residual is not None:
            with exact():
                residual = residual - timing
        rows.append(
            {
                **{k: v for k, v in row.items() if k != "residual"},
                "timing": timing,
                "residual": residual,
            }
        )
    return rows
