"""korus's calculations over whole tables of flows, on Polars, DuckDB or Spark.

The twins of :func:`korus.balances`, :func:`korus.share`, :func:`korus.percent_change`,
:func:`korus.rank_partners` and the Comtrade mirror, for tables of millions of flows. Each runs
as one plan in the engine the table lives in, with korus's semantics: amounts stay exact
decimals, a missing value stays null, world totals are never summed with their parts, codes
korus does not know and mixed currencies are refused with a :class:`~korus.KorusError`. The
engines are optional: ``pip install "korus-trade[polars]"``, ``korus-trade[duckdb]`` or
``korus-trade[spark]``.

A table has the columns ``reporter, partner, direction, scope, period, currency, value``
(see :doc:`/explanation/columnar`); the value is a decimal column, in units of the currency.

>>> from korus import columnar
>>> import polars as pl
>>> table = columnar.from_flows([
...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion"),
...     korus.TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion"),
... ])
>>> columnar.balances(table).select("partner", "balance", "two_way_trade").row(0)
('KOR', Decimal('-27600000000'), Decimal('112200000000'))
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from korus._basis import Valuation
from korus._errors import InvalidTypeError, InvalidValueError
from korus._install import install_hint
from korus._model import Balance, TradeFlow
from korus._public import publish as _publish
from korus._validate import collector_paused
from korus._validate import items as as_list
from korus.columnar import _table
from korus.columnar._engine import Engine
from korus.columnar._table import (
    arrow_schema,
    check_bases,
    check_scale,
    decimals_of,
    flow_of,
    row_of,
    row_without_value,
)

__all__ = [
    "MAX_PRECISION",
    "RATIO_SCALE",
    "balances",
    "census_table",
    "changes",
    "complementarity",
    "comtrade_table",
    "concentration",
    "decompose_mirror",
    "from_flows",
    "mirror",
    "rank_partners",
    "rca",
    "share_changes",
    "shares",
    "to_balances",
    "to_flows",
    "to_pandas",
    "to_polars",
    "top_products",
    "totals",
    "trade_intensity",
    "validate",
]

#: The digits a value may have (``decimal(28, s)``): 28, so that sums of up to 10^10 values
#: stay within the 38 digits every engine holds.
MAX_PRECISION: Final = _table.MAX_PRECISION
#: The decimals of ratios (shares, percent changes, mirror ratios), in percent: 6, rounded
#: once, half to even, from the exact ratio.
RATIO_SCALE: Final = _table.RATIO_SCALE

_ENGINES: Final = ("polars", "duckdb", "spark")
_NATIVE: Final = {"duckdb": "duckdb", "spark": "spark"}
# Calculations that judge the table in their own pass, since they use what it finds (the
# distinct currencies and partners): the checking pass before them would be a second one.
_MEASURES: Final = ("exports", "imports", "two_way_trade", "balance")


def _kind(table: Any) -> str:
    module = type(table).__module__.split(".")[0]
    if module == "polars":
        return "polars"
    if module == "duckdb":
        return "duckdb"
    if module == "pandas":
        return "pandas"
    if module == "pyarrow":
        return "arrow"
    if module == "pyspark":
        return "spark"
    if isinstance(table, str | pathlib.Path):
        return "path"
    raise InvalidTypeError(
        "table",
        type(table).__name__,
        "must be a Polars, pandas or Spark DataFrame, an Arrow table, a DuckDB relation, or the "
        "path of a Parquet or CSV file",
    )


def _engine(name: str) -> Engine:
    try:
        if name == "polars":
            from korus.columnar._engine_polars import ENGINE as polars

            return polars
        if name == "duckdb":
            from korus.columnar._engine_duckdb import ENGINE as duckdb

            return duckdb
        if name == "spark":
            from korus.columnar._engine_spark import ENGINE as spark

            return spark
    except ImportError as error:
        raise InvalidValueError(
            "engine", name, f"is not installed ({error.name}); {install_hint(name)}"
        ) from None
    raise InvalidValueError("engine", name, f"must be one of {', '.join(_ENGINES)}")


def _run(
    table: Any,
    engine: str | None,
    scale: int | None,
    operation: Callable[[Engine, Any, int], Any],
    *,
    checks_itself: bool = False,
    pairing: str | None = None,
    bases: bool = True,
    ignore: tuple[str, ...] = (),
) -> Any:
    kind = _kind(table)
    if engine is None:
        engine = _NATIVE.get(kind, "polars")
    chosen = _engine(engine)
    frame = chosen.source(table, kind)
    # A calculation that judges the table in its own pass saves the checking pass.
    frame, s = chosen.prepare(frame, scale, check=not checks_itself)
    if bases:
        check_bases(chosen.bases(frame, pairing == "mirror"), pairing, ignore)
    return chosen.deliver(operation(chosen, frame, s), kind)


def validate(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """The table with korus's column types, after every check a calculation makes first.

    :param scale: the decimals of the values; needed where values are text (CSV).
    :raises KorusError: naming the column and the first value korus refuses.

    >>> from korus import columnar
    >>> import polars as pl
    >>> bad = pl.DataFrame({"reporter": ["USA"], "partner": ["XXK"], "direction": ["export"],
    ...     "scope": ["goods"], "period": ["2016"], "currency": ["USD"], "value": [1]})
    >>> columnar.validate(bad)
    Traceback (most recent call last):
    korus.UnknownCodeError: partner='XXK': is not an ISO 3166-1 alpha-3 country code
    """
    return _run(table, engine, scale, lambda e, f, s: e.validated(f, s), bases=False)


def balances(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """Exports, imports, balance and two-way trade, one row per reporter, partner, scope and
    period: the table twin of :func:`korus.balances`.

    Re-exports and re-imports are left out. A side that is missing leaves the balance and the
    two-way trade null (never zero); a flow given twice, or a pair in two currencies, is
    refused.

    >>> import polars as pl
    >>> from korus import columnar
    >>> flows = [
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion"),
    ...     korus.TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion"),
    ...     korus.TradeFlow.of("USA", "WLD", "export", "goods", 2016, "$1,453,721 million"),
    ... ]
    >>> result = columnar.balances(columnar.from_flows(flows))
    >>> row = result.filter(pl.col("partner") == "KOR").row(0, named=True)
    >>> row["partner"], row["exports"], row["imports"], row["balance"]
    ('KOR', Decimal('42300000000'), Decimal('69900000000'), Decimal('-27600000000'))
    """
    return _run(
        table,
        engine,
        scale,
        lambda e, f, s: e.balances(f, s),
        checks_itself=True,
        pairing="balance",
    )


def totals(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """Each reporter's total over its partners, for each direction, scope and period: the table
    twin of :func:`korus.total`. World totals (partner ``WLD``) are left out, being totals
    themselves; a partner given twice, or two currencies in one total, is refused; a total with
    a missing part is missing (null), never the sum of the rest.

    >>> from korus import columnar
    >>> table = columnar.from_flows([
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion"),
    ...     korus.TradeFlow.of("USA", "JPN", "export", "goods", 2016, "$63.3 billion"),
    ...     korus.TradeFlow.of("USA", "WLD", "export", "goods", 2016, "$1,453,721 million"),
    ... ])
    >>> columnar.totals(table).select("partners", "total").row(0)
    (2, Decimal('105600000000'))
    """
    return _run(table, engine, scale, lambda e, f, s: e.totals(f, s), checks_itself=True)


def shares(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """Each flow's share of its world total (partner ``WLD``), in percent with
    :data:`RATIO_SCALE` decimals: the table twin of :func:`korus.share`.

    The share is null where the world total is missing or zero.

    >>> import polars as pl
    >>> from korus import columnar
    >>> flows = [
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion"),
    ...     korus.TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion"),
    ...     korus.TradeFlow.of("USA", "WLD", "export", "goods", 2016, "$1,453,721 million"),
    ... ]
    >>> result = columnar.shares(columnar.from_flows(flows))
    >>> row = result.filter(pl.col("direction") == "export").row(0, named=True)
    >>> row["partner"], row["share"]
    ('KOR', Decimal('2.909774'))
    """
    return _run(table, engine, scale, lambda e, f, s: e.shares(f, s))


def changes(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """Each flow beside the same flow a period before, and the change in percent with
    :data:`RATIO_SCALE` decimals: the table twin of :func:`korus.percent_change`.

    Null where the earlier flow is missing or zero. (US goods exports to Korea, in million
    dollars: the sums of the sectors of USITC's Table KR.1, which korus ships.)

    >>> from korus import columnar
    >>> table = columnar.from_flows([
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2015, "$43,483 million"),
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42,309 million"),
    ... ])
    >>> columnar.changes(table).sort("period").select("period", "change").rows()
    [('2015', None), ('2016', Decimal('-2.699906'))]
    """
    return _run(table, engine, scale, lambda e, f, s: e.changes(f, s))


def rank_partners(
    table: Any, by: str = "two_way_trade", *, scale: int | None = None, engine: str | None = None
) -> Any:
    """Each reporter's partners ranked by ``by`` (exports, imports, two_way_trade, balance) for
    each scope and period: the table twin of :func:`korus.rank_partners`, with its tie rule
    (1, 2, 2, 4). World totals are not partners and are left out; so are partners whose
    measure is missing.

    >>> from korus import columnar
    >>> flows = [
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion"),
    ...     korus.TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion"),
    ...     korus.TradeFlow.of("USA", "WLD", "export", "goods", 2016, "$1,453,721 million"),
    ... ]
    >>> ranked = columnar.rank_partners(columnar.from_flows(flows), by="exports")
    >>> ranked.select("partner", "rank").rows()
    [('KOR', 1)]
    """
    if by not in _MEASURES:
        raise InvalidValueError("by", by, f"must be one of {', '.join(_MEASURES)}")
    return _run(
        table,
        engine,
        scale,
        lambda e, f, s: e.rank_partners(f, s, by),
        checks_itself=True,
        pairing="balance" if by in ("two_way_trade", "balance") else None,
    )


def mirror(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """Each exporter's exports to a partner beside the partner's imports from it: the gap
    (imports - exports) and the ratio (imports / exports, in percent). Rows with one side
    missing are kept, with nulls.

    >>> from korus import columnar
    >>> table = columnar.from_flows([
    ...     korus.TradeFlow.of("USA", "CHN", "import", "goods", 2022, "575688091172 USD"),
    ...     korus.TradeFlow.of("CHN", "USA", "export", "goods", 2022, "582756110047 USD"),
    ... ])
    >>> columnar.mirror(table).select("exporter", "importer", "gap", "ratio").row(0)
    ('CHN', 'USA', Decimal('-7068018875'), Decimal('98.787139'))
    """
    return _run(table, engine, scale, lambda e, f, s: e.mirror(f, s), pairing="mirror")


def decompose_mirror(
    table: Any, *, lag: int = 0, scale: int | None = None, engine: str | None = None
) -> Any:
    """The table twin of :func:`korus.analysis.decompose_mirror`: for each exporter, importer,
    scope and period, the importer's imports as reported beside the exporter's exports, the gap
    (imports - exports), its valuation component and the residual, which sum to the gap.

    An import may be given twice, at CIF and at FOB (its ``valuation`` column says which): the
    CIF row is the import as reported, and the valuation component is it less the import at the
    exporter's valuation; null where the importer gives none (the valuation then stays in the
    residual). Rows with one side missing are kept, with nulls; rows come in the order of their
    exporter, importer, scope and period.

    ``lag`` (months, 1 to 12) adds a ``timing`` column, from the exporters' monthly exports in
    the table (periods ``YYYY-MM``): each exporter's exports over the importer's months moved
    back by the lag, less those over the importer's months; null where a month it needs is
    missing (the residual then holds it). Re-exports need second partners, which a table of
    flows does not hold: see the scalar function.

    >>> from korus import columnar
    >>> import polars as pl
    >>> as_reported = columnar.comtrade_table(SAMPLE)
    >>> fob_imports = columnar.comtrade_table(SAMPLE, valuation="FOB").filter(pl.col("direction") == "import")
    >>> result = columnar.decompose_mirror(pl.concat([as_reported, fob_imports]))
    >>> result.filter(pl.col("importer") == "USA", pl.col("exporter") == "CHN").select(
    ...     "gap", "valuation", "residual").row(0)
    (Decimal('-7068018875.000'), Decimal('38955619451.000'), Decimal('-46023638326.000'))
    """
    if not isinstance(lag, int) or isinstance(lag, bool):
        raise InvalidTypeError("lag", lag, f"must be an int of months, not {type(lag).__name__}")
    if not 0 <= lag <= 12:
        raise InvalidValueError("lag", lag, "must be from 0 to 12 months")

    def operation(chosen: Engine, frame: Any, s: int) -> Any:
        result = chosen.decompose_mirror(frame, s)
        if not lag:
            return result
        import pyarrow as pa

        from korus.columnar._indices import with_timing

        decomposition = chosen.deliver(result, "arrow")
        monthly = chosen.grouped(
            frame,
            ("reporter", "partner", "scope"),
            ("period", "currency", "value"),
            (("direction", "export"),),
        )
        rows = with_timing(decomposition, monthly, lag)
        fields = [f for f in decomposition.schema if f.name != "residual"]
        money = decomposition.schema.field("residual").type
        schema = pa.schema([*fields, ("timing", money), ("residual", money)])
        return chosen.result_of(frame, pa.Table.from_pylist(rows, schema=schema))

    return _run(table, engine, scale, operation, ignore=("valuation",))


_Groups = list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]
_BOUNDS: Final = (("hhi_low", "ratio"), ("hhi_high", "ratio"))


def _index(
    table: Any,
    engine: str | None,
    scale: int | None,
    grouping: tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]],
    rows_of: Callable[[_Groups], list[dict[str, Any]]],
    columns: list[tuple[str, str]],
) -> Any:
    """An index over a table: the engine groups the rows (``grouping``: the keys, the fields
    of each row, the rows' texts to keep, as :meth:`Engine.grouped` takes them), and
    ``rows_of`` works out each group's index exactly, by the rule of the scalar function, into
    rows of ``columns`` (a name and a kind each: text, count, money or ratio)."""

    def operation(chosen: Engine, frame: Any, s: int) -> Any:
        import pyarrow as pa

        kinds = {
            "text": pa.string(),
            "count": pa.int64(),
            "money": pa.decimal128(_table.SUM_PRECISION, s),
            "ratio": pa.decimal128(_table.SUM_PRECISION, RATIO_SCALE),
        }
        schema = pa.schema([(name, kinds[kind]) for name, kind in columns])
        rows = rows_of(chosen.grouped(frame, *grouping))
        return chosen.result_of(frame, pa.Table.from_pylist(rows, schema=schema))

    return _run(table, engine, scale, operation)


def concentration(
    table: Any,
    *,
    by: str = "partner",
    unit: str = "points",
    scale: int | None = None,
    engine: str | None = None,
) -> Any:
    """The table twin of :func:`korus.analysis.concentration`: the Herfindahl-Hirschman index of
    each reporter's trade by partner (for each direction, scope and period; a world total,
    partner ``WLD``, is the denominator, never a partner) or by product (for each partner,
    direction and period; a coverage row such as ``goods`` is the denominator).

    ``hhi_low`` and ``hhi_high`` are the bounds in ``unit`` (``"points"``, 0 to 10,000, or
    ``"ratio"``, 0 to 1), written with :data:`RATIO_SCALE` decimals, each rounded outward where
    it needs more: equal where the data decide the index; apart where a world total holds
    partners the table does not name. Null where a value is missing or there is nothing to
    share. The engine groups the rows; each group's index is worked out exactly, by the rule of
    the scalar function.

    >>> from korus import columnar
    >>> flows = [korus.TradeFlow.of("KOR", p, "export", "goods", 2022, v) for p, v in
    ...          [("CHN", "$60 billion"), ("USA", "$40 billion"), ("WLD", "$125 billion")]]
    >>> columnar.concentration(columnar.from_flows(flows)).select("partners", "hhi_low", "hhi_high").row(0)
    (2, Decimal('3328.000000'), Decimal('3728.000000'))
    """
    from korus.columnar._indices import GROUPS, concentration_rows

    if by not in GROUPS:
        raise InvalidValueError("by", by, f"must be one of {', '.join(GROUPS)}")
    if unit not in ("points", "ratio"):
        raise InvalidValueError("unit", unit, "must be 'points' or 'ratio'")
    keys, item, counted = GROUPS[by]

    return _index(
        table,
        engine,
        scale,
        (keys, (item, "currency", "value"), ()),
        lambda groups: concentration_rows(groups, by, unit == "points"),
        [*((k, "text") for k in keys), ("currency", "text"), (counted, "count"), *_BOUNDS],
    )


def rca(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """The table twin of :func:`korus.analysis.rca`: each reporter's revealed comparative
    advantage in each product and period, from its exports to the world (partner ``WLD``): of
    the product (scope ``HS:...``) and of all goods (scope ``goods``). The world is the table's
    reporters: their exports summed, product by product and in all goods, so a table of a few
    reporters measures their advantage among themselves. ``rca`` has :data:`RATIO_SCALE`
    decimals, rounded once, half to even; null where a value it needs is missing or a share is
    of nothing.

    >>> from korus import columnar
    >>> flows = [korus.TradeFlow.of(r, "WLD", "export", s, 2022, v) for r, s, v in [
    ...     ("KOR", "HS:87", "$30 billion"), ("KOR", "goods", "$600 billion"),
    ...     ("USA", "HS:87", "$70 billion"), ("USA", "goods", "$2,400 billion")]]
    >>> columnar.rca(columnar.from_flows(flows)).select("reporter", "rca").rows()
    [('KOR', Decimal('1.500000')), ('USA', Decimal('0.875000'))]
    """
    from korus.columnar._indices import rca_rows

    grouping = (
        ("period",),
        ("reporter", "scope", "currency", "value"),
        (("direction", "export"), ("partner", "WLD")),
    )
    columns = [("reporter", "text"), ("product", "text"), ("period", "text")]
    columns += [("currency", "text"), ("exports", "money"), ("total", "money")]
    columns += [("world_exports", "money"), ("world_total", "money"), ("rca", "ratio")]
    return _index(table, engine, scale, grouping, rca_rows, columns)


def trade_intensity(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """The table twin of :func:`korus.analysis.trade_intensity`: for each reporter, partner,
    scope and period, the partner's share in the reporter's exports (to the partner, of its
    exports to the world, partner ``WLD``) over the partner's share in world imports (its
    imports from the world, of the table's reporters' imports from the world).
    ``intensity`` has :data:`RATIO_SCALE` decimals, rounded once, half to even; null where a
    value it needs is missing or a share is of nothing.

    >>> from korus import columnar
    >>> flows = [korus.TradeFlow.of(r, p, d, "goods", 2022, v) for r, p, d, v in [
    ...     ("KOR", "USA", "export", "$110 billion"), ("KOR", "WLD", "export", "$680 billion"),
    ...     ("USA", "WLD", "import", "$3,300 billion"), ("KOR", "WLD", "import", "$730 billion")]]
    >>> columnar.trade_intensity(columnar.from_flows(flows)).select("reporter", "partner", "intensity").rows()
    [('KOR', 'USA', Decimal('0.197549'))]
    """
    from korus.columnar._indices import intensity_rows

    grouping = (("scope", "period"), ("reporter", "partner", "direction", "currency", "value"), ())
    columns = [("reporter", "text"), ("partner", "text"), ("scope", "text"), ("period", "text")]
    columns += [("currency", "text"), ("exports", "money"), ("total_exports", "money")]
    columns += [("partner_imports", "money"), ("world_imports", "money"), ("intensity", "ratio")]
    return _index(table, engine, scale, grouping, intensity_rows, columns)


def complementarity(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """The table twin of :func:`korus.analysis.complementarity`: for each exporter, importer
    and period, how well the exporter's exports to the world by HS product match the
    importer's imports from the world by HS product, in percent with :data:`RATIO_SCALE`
    decimals (rounded once, half to even). Null where the two name different products (missing
    is not zero), a value is missing, or a side traded nothing.

    >>> from korus import columnar
    >>> flows = [korus.TradeFlow.of(r, "WLD", d, s, 2022, v) for r, d, s, v in [
    ...     ("KOR", "export", "HS:84", "$60"), ("KOR", "export", "HS:87", "$40"),
    ...     ("USA", "import", "HS:84", "$30"), ("USA", "import", "HS:87", "$70")]]
    >>> columnar.complementarity(columnar.from_flows(flows)).select("exporter", "importer", "complementarity").rows()
    [('KOR', 'USA', Decimal('70.000000'))]
    """
    from korus.columnar._indices import complementarity_rows

    grouping = (
        ("period",),
        ("reporter", "direction", "scope", "currency", "value"),
        (("partner", "WLD"),),
    )
    columns = [("exporter", "text"), ("importer", "text"), ("period", "text")]
    columns += [("currency", "text"), ("products", "count"), ("complementarity", "ratio")]
    return _index(table, engine, scale, grouping, complementarity_rows, columns)


def share_changes(table: Any, *, scale: int | None = None, engine: str | None = None) -> Any:
    """Each flow's share of its world total beside its share a period before, and the change
    in percentage points: the table twin of :func:`korus.percentage_point_change` applied to
    :func:`shares`. Null where either share is missing. (US goods exports, in million dollars:
    to Korea, the sums of the sectors of USITC's Table KR.1; to the world, USITC's Table US.1.)

    >>> import polars as pl
    >>> from korus import columnar
    >>> table = columnar.from_flows([
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2015, "$43,483 million"),
    ...     korus.TradeFlow.of("USA", "WLD", "export", "goods", 2015, "$1,502,572 million"),
    ...     korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42,309 million"),
    ...     korus.TradeFlow.of("USA", "WLD", "export", "goods", 2016, "$1,453,721 million"),
    ... ])
    >>> result = columnar.share_changes(table).sort("period")
    >>> result.select("period", "share", "change").rows()
    [('2015', Decimal('2.893905'), None), ('2016', Decimal('2.910393'), Decimal('0.016488'))]
    """
    return _run(table, engine, scale, lambda e, f, s: e.share_changes(f, s))


def top_products(table: Any, n: int, *, scale: int | None = None, engine: str | None = None) -> Any:
    """The ``n`` largest products of each reporter, partner, direction and period, with
    :func:`korus.top_products`'s rules: ties at the n-th place are all kept, and a product
    beside a group that contains it (HS 84 and HS 8471) is refused. Rows whose scope is a
    coverage (goods, services) are totals, not products, and are left out.

    >>> from korus import columnar
    >>> table = columnar.from_flows([
    ...     korus.TradeFlow.of("USA", "KOR", "export", "HS:84", 2016, "$6.1 billion"),
    ...     korus.TradeFlow.of("USA", "KOR", "export", "HS:85", 2016, "$5.3 billion"),
    ...     korus.TradeFlow.of("USA", "KOR", "export", "HS:88", 2016, "$5.2 billion"),
    ... ])
    >>> columnar.top_products(table, 2).select("rank", "product").rows()
    [(1, 'HS:84'), (2, 'HS:85')]
    """
    if not isinstance(n, int) or isinstance(n, bool):
        raise InvalidTypeError("n", n, f"must be an int, not {type(n).__name__}")
    if n < 1:
        raise InvalidValueError("n", n, "must be at least 1")
    return _run(table, engine, scale, lambda e, f, s: e.top_products(f, s, n))


def from_flows(
    flows: Iterable[TradeFlow], *, engine: str = "polars", scale: int | None = None
) -> Any:
    """A table of korus flows, in Polars (a DataFrame), DuckDB (a relation) or Spark (a
    DataFrame of the active session).

    :param scale: the decimals of the value column; by default the fewest that hold every
        value exactly. A value that would need more is refused, never rounded.

    >>> from korus import columnar
    >>> table = columnar.from_flows([korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")])
    >>> table.select("reporter", "partner", "value").row(0)
    ('USA', 'KOR', Decimal('42300000000'))
    """
    items = as_list(flows, "flows")
    for index, flow in enumerate(items):
        if not isinstance(flow, TradeFlow):
            raise InvalidTypeError(f"flows[{index}]", flow, "must be a TradeFlow")
    scale = max((decimals_of(f) for f in items), default=0) if scale is None else scale
    check_scale(scale)
    rows = [row_of(flow, scale) for flow in items]
    return _engine(engine).from_chunks([rows], scale)


_CHUNK: Final = 50_000


def _table_from(rows: Iterable[dict[str, Any]], engine: str, scale: int) -> Any:
    check_scale(scale)
    chosen = _engine(engine)
    chunks: list[list[dict[str, Any]]] = [[]]
    for row in rows:
        if len(chunks[-1]) == _CHUNK:
            chunks.append([])
        chunks[-1].append(row)
    return chosen.from_chunks(chunks, scale)


def _comtrade_row(record: Any, valuation: Valuation | None, scale: int) -> dict[str, Any]:
    if valuation is None:
        return row_of(record.flow, scale)
    value = record.cif if valuation is Valuation.CIF else record.fob
    if value is None:
        # The record holds no value at this valuation: missing (null), never zero, never the
        # other valuation's (whose decimals are then no matter).
        return row_without_value(record.flow) | {"valuation": valuation.value}
    return row_of(record.on(valuation), scale)


def comtrade_table(
    source: Any, *, engine: str = "polars", scale: int = 3, valuation: str | None = None
) -> Any:
    """A UN Comtrade file (Comtrade+ CSV or legacy CSV) read straight into a table: its flows and
    its world totals, as rows; rows broken down by customs procedure, mode of transport or
    second partner are left out, being parts of those. The file is read strictly: a bad row stops the read with a
    :class:`~korus.ParseError` (use :func:`korus.readers.read_comtrade` to see every rejected row).

    A Comtrade+ CSV at a path or in bytes is read by Arrow's CSV reader with the row checks
    vectorised, about as fast as ``polars.read_csv``, wherever korus can vouch that the table
    is the one the row-by-row reader gives; elsewhere (a legacy file, a stream, a row a check
    refuses) row by row: the same table either way (:doc:`/explanation/columnar`).

    :param scale: the decimals of the value column; Comtrade prints at most three.
    :param valuation: ``"FOB"`` or ``"CIF"`` to take every row's value at that valuation
        (:meth:`korus.readers.ComtradeRecord.on`), null (missing) where the row holds none;
        by default each row's primary value, with its valuation in the ``valuation`` column.

    >>> from korus import columnar
    >>> table = columnar.comtrade_table(SAMPLE)
    >>> table.height, table.schema["value"]
    (69, Decimal(precision=28, scale=3))
    >>> columnar.balances(table)  # the imports are CIF, the exports FOB
    Traceback (most recent call last):
    korus.MismatchError: imports.basis.valuation=Valuation.CIF: is valued CIF (with freight and insurance) but the exports are valued FOB (without freight and insurance): a balance of a value with freight and insurance against one without mixes two measures; choose one basis: filter the flows, take the other value a record holds (ComtradeRecord.on), or convert one with an explicit ValuationAdjustment
    >>> import polars as pl
    >>> fob = columnar.balances(columnar.comtrade_table(SAMPLE, valuation="FOB"))
    >>> fob.filter(pl.col("partner") == "CHN").select("reporter", "balance").rows()
    [('DEU', None), ('USA', Decimal('-382895449306.000'))]
    """
    wanted = None if valuation is None else Valuation.coerce(valuation, "valuation")
    if wanted not in (None, Valuation.FOB, Valuation.CIF):
        raise InvalidValueError("valuation", valuation, "Comtrade gives values FOB and CIF only")
    check_scale(scale)
    chosen = _engine(engine)
    fast = _comtrade_fast(source, wanted, scale)
    if fast is None:
        return _comtrade_scalar(source, wanted, scale, engine)
    if engine == "polars":
        return fast
    return chosen.from_arrow(fast.to_arrow().cast(arrow_schema(scale)))


def _comtrade_scalar(source: Any, valuation: Valuation | None, scale: int, engine: str) -> Any:
    """The table through the scalar reader, a record at a time: the definition the fast path
    is held to."""
    from korus.readers import ComtradeRecord, iter_comtrade

    # Breakdowns (by customs procedure, mode, second partner) are parts of rows already there.
    records = (
        r for r in iter_comtrade(source) if isinstance(r, ComtradeRecord) and not r.is_breakdown
    )
    return _table_from((_comtrade_row(r, valuation, scale) for r in records), engine, scale)


def _comtrade_fast(source: Any, valuation: Valuation | None, scale: int) -> Any:
    """The table read in columns, where korus can vouch for it; else None."""
    try:
        from korus.columnar._comtrade import comtrade_frame
    except ImportError:  # it needs Polars and pyarrow; the scalar reader needs neither
        return None
    return comtrade_frame(source, valuation, scale)


def census_table(
    source: Any, value: str, *, engine: str = "polars", direction: str | None = None
) -> Any:
    """The flows of a US Census trade API response as a table (countries at all ports; the
    world total, groupings and port rows are left out, being checks of these). Read strictly.
    A response at a path or in bytes is read in columns, without a record a row (with
    Polars); a stream, or a response with a row korus refuses, record by record, which names
    the row.

    >>> from korus import columnar
    >>> import polars as pl
    >>> table = columnar.census_table(CENSUS_SAMPLE, "CNT_VAL_YR")
    >>> table.height, table.filter(pl.col("partner") == "KOR")["value"].item()
    (6, Decimal('143751419'))
    """
    from korus.readers import CensusRecord, iter_census

    read = iter_census(source, value, direction=direction)  # judges value; reads nothing yet
    chosen = _engine(engine)
    with collector_paused():
        fast = _census_fast(source, value, direction)
        if fast is not None:
            if engine == "polars":
                return fast
            return chosen.from_arrow(fast.to_arrow().cast(arrow_schema(0)))
        records = (
            r
            for r in read
            if isinstance(r, CensusRecord) and not (r.is_aggregate or r.is_breakdown)
        )
        # Countries at all ports, so every record has its flow.
        rows = (row_of(r.flow, 0) for r in records if r.flow is not None)
        return _table_from(rows, engine, 0)


def _census_fast(source: Any, value: str, direction: str | None) -> Any:
    """The Census table read in columns, where korus can vouch for it; else None."""
    try:
        from korus.columnar._census import census_frame
    except ImportError:  # it needs Polars; the scalar reader does not
        return None
    return census_frame(source, value, direction)


def to_flows(table: Any, *, scale: int | None = None) -> tuple[TradeFlow, ...]:
    """The rows of a table as korus flows; a row with a missing value is refused. A table with
    provenance columns (``publisher``, ``document``, ``url``, ``released``, as
    :func:`to_polars` writes them) gives each flow its provenance back.

    >>> from korus import columnar
    >>> flows = (korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "42300000000 USD"),)
    >>> columnar.to_flows(columnar.from_flows(flows)) == flows
    True
    """
    kind = _kind(table)
    chosen = _engine(_NATIVE.get(kind, "polars"))
    source = chosen.source(table, kind)
    frame, _ = chosen.prepare(source, scale)
    flows = tuple(flow_of(row) for row in chosen.rows(frame))
    if kind in ("polars", "pandas", "arrow"):
        from korus.columnar._engine_polars import provenances

        found = provenances(source)
        if found is not None:
            flows = tuple(
                flow if p is None else attrs.evolve(flow, provenance=p)
                for flow, p in zip(flows, found, strict=True)
            )
    return flows


def to_polars(records: Iterable[Any]) -> Any:
    """Records of one kind as a Polars DataFrame, one row a record.

    Takes :class:`~korus.TradeFlow`, :class:`~korus.Balance`, the readers' records
    (:class:`~korus.readers.ComtradeRecord`, :class:`~korus.readers.CensusRecord`) and rejected
    rows (:class:`~korus.readers.RejectedRow`), :class:`~korus.claims.ClaimCheck` and
    :class:`~korus.claims.PublishedFigure`. Amounts are exact decimal columns beside a
    ``currency`` column, with the fewest decimals that hold every value; a flow's basis and
    provenance are columns of their own (null where not stated).

    >>> from korus import columnar
    >>> flow = korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    >>> frame = columnar.to_polars([flow])
    >>> frame.select("reporter", "partner", "value", "currency").row(0)
    ('USA', 'KOR', Decimal('42300000000'), 'USD')
    >>> columnar.to_flows(frame) == (flow,)
    True
    """
    return _bridge().to_polars(records)


def to_pandas(records: Iterable[Any]) -> Any:
    """Records of one kind as a pandas DataFrame: :func:`to_polars`'s table, through Arrow, so
    decimals stay exact (``ArrowDtype(decimal128)``) and missing stays missing.

    >>> from korus import columnar
    >>> flow = korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    >>> frame = columnar.to_pandas([flow])
    >>> frame.loc[0, "value"], str(frame["value"].dtype)
    (Decimal('42300000000'), 'decimal128(38, 0)[pyarrow]')
    >>> columnar.to_flows(frame) == (flow,)
    True
    """
    return _bridge().to_pandas(records)


def to_balances(table: Any) -> tuple[Balance, ...]:
    """The rows of a balance table (as :func:`to_polars` writes balances) as korus balances,
    from a Polars or pandas DataFrame or an Arrow table; a row missing a side is refused.

    >>> from korus import columnar
    >>> goods = korus.Balance.of("USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion")
    >>> columnar.to_balances(columnar.to_polars([goods])) == (goods,)
    True
    """
    frames = _bridge()
    from korus.columnar._engine_polars import source as polars_source

    kind = _kind(table)
    if kind not in ("polars", "pandas", "arrow"):
        raise InvalidTypeError(
            "table", table, "must be a Polars or pandas DataFrame or an Arrow table"
        )
    balances: tuple[Balance, ...] = frames.balances_of(
        polars_source(table, kind).collect().iter_rows(named=True)
    )
    return balances


def _bridge() -> Any:
    try:
        import korus.columnar._frames as frames
    except ImportError as error:
        raise InvalidValueError(
            "engine", "polars", f"is not installed ({error.name}); {install_hint('polars')}"
        ) from None
    return frames


_publish(globals(), __all__, "korus.columnar")
