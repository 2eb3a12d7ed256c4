"""korus's table calculations as DuckDB SQL plans.

The same plans as korus._engine_polars, written in DuckDB's SQL: sums and differences cast to
DECIMAL(38, s), ratios from HUGEINT integers with korus's rounding (half to even), since
DuckDB's own decimal division returns a DOUBLE and its casts round half away from zero.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any, Final

import duckdb

from korus._errors import CurrencyMismatchError, InvalidTypeError, InvalidValueError, MismatchError
from korus._table import (
    COVERAGES,
    KEYS,
    MAX_PRECISION,
    RATIO_SCALE,
    SUM_PRECISION,
    check_codes,
    check_scale,
)

_NOT_WORLD: Final = "partner <> 'WLD'"


class Frame:
    """A relation and the connection it lives on: every plan runs on the user's connection."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, relation: duckdb.DuckDBPyRelation
    ) -> None:
        self.connection = connection
        self.relation = relation


def _connection() -> duckdb.DuckDBPyConnection:
    # A library call does not draw progress bars on the caller's standard output.
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    return connection


def source(table: Any, kind: str) -> Frame:
    connection = _connection()
    try:
        if kind == "duckdb":
            arrow = table.to_arrow_table() if hasattr(table, "to_arrow_table") else table.arrow()
            return Frame(connection, connection.from_arrow(arrow))
        if kind in ("polars", "pandas", "arrow"):
            data = table.collect() if type(table).__name__ == "LazyFrame" else table
            if kind == "polars":
                data = data.to_arrow()
            return Frame(
                connection,
                connection.from_arrow(data) if kind != "pandas" else connection.from_df(data),
            )
        path = str(table)
        if path.endswith(".parquet"):
            return Frame(connection, connection.read_parquet(path))
        if path.endswith(".csv"):
            return Frame(connection, connection.read_csv(path, all_varchar=True))
    except duckdb.Error as error:
        raise InvalidValueError("table", str(table)[:80], f"cannot be read: {error}") from None
    raise InvalidValueError("table", str(table), "must be a .parquet or .csv file")


def _sql(frame: Frame, query: str, **relations: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    try:
        for name, relation in relations.items():
            frame.connection.register(name, relation)
        return frame.connection.sql(query)
    except duckdb.Error as error:
        raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None


def _fetch(frame: Frame, query: str, **relations: duckdb.DuckDBPyRelation) -> list[tuple[Any, ...]]:
    try:
        return _sql(frame, query, **relations).fetchall()
    except duckdb.Error as error:
        raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None


_TABLES = itertools.count()


def _materialize(frame: Frame, query: str, **relations: duckdb.DuckDBPyRelation) -> Frame:
    """Run a plan to the end inside korus, so that an engine error surfaces as a KorusError.

    The result stays in DuckDB, as a temporary table of korus's own connection: no copy out.
    """
    name = f"korus_{next(_TABLES)}"
    try:
        for alias, relation in relations.items():
            frame.connection.register(alias, relation)
        frame.connection.execute(f"CREATE TEMP TABLE {name} AS {query}")
        return Frame(frame.connection, frame.connection.table(name))
    except duckdb.Error as error:
        raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None


def prepare(frame: Frame, scale: int | None, *, check: bool = True) -> tuple[Frame, int]:
    """The table with korus's types, after every check of its codes and values (unless the
    calculation makes them itself, in its own pass over the table)."""
    columns = dict(zip(frame.relation.columns, frame.relation.types, strict=True))
    missing = [c for c in (*KEYS, "value") if c not in columns]
    if missing:
        raise InvalidValueError("table", ", ".join(missing), "are columns korus needs")
    kind = str(columns["value"]).upper()
    if kind.startswith("DECIMAL"):
        declared = int(kind.split(",")[1].rstrip(")").strip())
        s = declared if scale is None else check_scale(scale)
        if s < declared:
            # A smaller scale must not round: every value must already fit it.
            wide = f"DECIMAL({SUM_PRECISION}, {declared})"
            lossy = _fetch(
                frame,
                f"SELECT bool_or(CAST(CAST(value AS DECIMAL({SUM_PRECISION}, {s})) AS {wide}) "
                "<> value) FROM korus_input",
                korus_input=frame.relation,
            )[0][0]
            if lossy:
                raise InvalidValueError(
                    "scale",
                    s,
                    "is smaller than the decimals of some values; korus never rounds a value",
                )
    elif kind in (
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
    ):
        s = 0 if scale is None else check_scale(scale)
    elif kind == "VARCHAR":
        if scale is None:
            raise InvalidValueError("scale", None, "is needed to read values written as text")
        s = check_scale(scale)
    else:
        raise InvalidTypeError(
            "value",
            kind,
            "must be a decimal column (floats are not exact; cast them with a stated scale)",
        )
    check_scale(s)
    optional = ["valuation"] if "valuation" in columns else []
    select = ", ".join(
        [
            *(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in KEYS),
            f"CAST(value AS DECIMAL({MAX_PRECISION}, {s})) AS value",
            *(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in optional),
        ]
    )
    typed = Frame(
        frame.connection,
        _sql(frame, f"SELECT {select} FROM korus_input", korus_input=frame.relation),
    )
    if check:
        check_values(typed)
    return typed, s


def check_values(frame: Frame, columns: tuple[str, ...] = KEYS) -> dict[str, list[Any]]:
    """Every distinct text of ``columns`` judged by korus's constructors, and no negative
    value: one pass. Returns the distinct texts of each column."""
    optional = [c for c in ("valuation",) if c in frame.relation.columns]
    distinct = ", ".join(
        f'list(DISTINCT "{c}") FILTER (WHERE "{c}" IS NOT NULL), count(*) FILTER (WHERE "{c}" IS NULL)'
        for c in (*columns, *optional)
    )
    found = _fetch(
        frame, f"SELECT {distinct}, bool_or(value < 0) FROM korus_typed", korus_typed=frame.relation
    )[0]
    texts = {}
    for position, column in enumerate((*columns, *optional)):
        values, nulls = found[2 * position] or [], found[2 * position + 1]
        if nulls and column not in optional:
            raise InvalidValueError(column, None, "is null; only values may be missing")
        check_codes(column, sorted(values))
        texts[column] = values
    if found[-1]:
        _refuse_negative(frame)
    return texts


def _refuse_negative(frame: Frame) -> None:
    (first,) = _fetch(
        frame, "SELECT value FROM korus_typed WHERE value < 0 LIMIT 1", korus_typed=frame.relation
    )
    raise InvalidValueError("value", str(first[0]), "is negative; a flow never is")


def deliver(result: Frame, kind: str) -> Any:
    if kind == "duckdb" or kind == "path":
        return result.relation
    arrow = result.relation.to_arrow_table()
    if kind == "pandas":
        import pandas as pd

        return arrow.to_pandas(types_mapper=pd.ArrowDtype)
    if kind == "arrow":
        return arrow
    import polars as pl

    return pl.from_arrow(arrow)


def validated(frame: Frame, s: int) -> Frame:
    return frame


def from_rows(rows: list[dict[str, Any]], scale: int) -> duckdb.DuckDBPyRelation:
    return from_chunks([rows], scale)


def from_chunks(chunks: list[list[dict[str, Any]]], scale: int) -> duckdb.DuckDBPyRelation:
    import pyarrow as pa

    schema = pa.schema(
        [
            *((c, pa.string()) for c in KEYS),
            ("value", pa.decimal128(MAX_PRECISION, scale)),
            ("valuation", pa.string()),
        ]
    )
    connection = _connection()
    table = pa.concat_tables([pa.Table.from_pylist(chunk, schema=schema) for chunk in chunks])
    return connection.from_arrow(table)


def rows(frame: Frame) -> list[dict[str, Any]]:
    relation = frame.relation
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def _sum(expression: str, s: int) -> str:
    return f"CAST({expression} AS DECIMAL({SUM_PRECISION}, {s}))"


def _ratio(numerator: str, denominator: str, s: int) -> str:
    """numerator / denominator in percent, rounded half to even at RATIO_SCALE decimals, from
    the exact integers of the values; NULL where either is NULL or the denominator is zero."""
    factor = 10**s
    n = f"CAST(({numerator}) * {factor} AS HUGEINT)"
    d = f"CAST(({denominator}) * {factor} AS HUGEINT)"
    a = f"(abs({n}) * CAST({10 ** (RATIO_SCALE + 2)} AS HUGEINT))"
    b = f"abs(NULLIF({d}, 0))"
    q = f"({a} // {b})"
    rest = f"({a} - {q} * {b})"
    up = f"(CASE WHEN 2 * {rest} > {b} OR (2 * {rest} = {b} AND {q} % 2 = 1) THEN 1 ELSE 0 END)"
    signed = f"(CASE WHEN ({n} < 0) <> ({d} < 0) THEN -({q} + {up}) ELSE {q} + {up} END)"
    unit = format(Decimal(1).scaleb(-RATIO_SCALE), "f")
    return f"CAST(CAST({signed} AS DECIMAL(38, 0)) * {unit} AS DECIMAL({SUM_PRECISION}, {RATIO_SCALE}))"


def _name(row: tuple[Any, ...]) -> str:
    return " ".join(str(v) for v in row)


def _refuse_first(
    frame: Frame,
    query: str,
    error: type[Exception],
    field: str,
    reason: str,
    **relations: duckdb.DuckDBPyRelation,
) -> None:
    found = _fetch(frame, query + " LIMIT 1", **relations)
    if found:
        raise error(field, _name(found[0]), reason)


def balances(frame: Frame, s: int, *, checked: bool = False) -> Frame:
    """Exports beside imports, one GROUP BY over the whole table, after one pass that judges
    the columns with few values (unless ``checked``); the group keys are judged afterwards.
    A table in one currency spares every group the comparison of its currencies."""
    keys = "reporter, partner, scope, period"
    if checked:
        (currencies,) = _fetch(
            frame, "SELECT list(DISTINCT currency) FROM flows", flows=frame.relation
        )[0]
    else:
        currencies = check_values(frame, ("direction", "currency"))["currency"]
    paired = "direction IN ('export', 'import')"
    currency = (
        f"'{currencies[0]}' AS currency_min, '{currencies[0]}' AS currency"
        if len(currencies) == 1
        else f"""min(currency) FILTER (WHERE {paired}) AS currency_min,
            max(currency) FILTER (WHERE {paired}) AS currency"""
    )
    x, m = _sum("exports", s), _sum("imports", s)
    # The sums are made in the same statement as the groups: one table of results, checked
    # afterwards in one scan, of which the caller sees a projection.
    grouped = f"""
        SELECT *, {_sum(f"{x} - {m}", s)} AS balance, {_sum(f"{x} + {m}", s)} AS two_way_trade
        FROM (SELECT {keys},
            count(*) FILTER (WHERE direction = 'export') AS exports_n,
            count(*) FILTER (WHERE direction = 'import') AS imports_n,
            {currency},
            {_sum("any_value(value) FILTER (WHERE direction = 'export')", s)} AS exports,
            {_sum("any_value(value) FILTER (WHERE direction = 'import')", s)} AS imports
        FROM flows GROUP BY {keys})
    """
    g = _materialize(frame, grouped, flows=frame.relation)
    names = ("reporter", "partner", "scope", "period")
    lists = ", ".join(f"list(DISTINCT {c})" for c in names)
    found = _fetch(
        g,
        f"""SELECT {lists},
            bool_or(exports_n > 1 OR imports_n > 1), bool_or(currency_min <> currency) FROM g""",
        g=g.relation,
    )[0]
    if not checked:
        for column, values in zip(names, found[: len(names)], strict=True):
            check_codes(column, sorted(values or [], key=lambda v: (v is None, str(v))))
    if found[len(names)]:
        _refuse_first(
            g,
            f"SELECT {keys} FROM g WHERE exports_n > 1 OR imports_n > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            g=g.relation,
        )
    if found[len(names) + 1]:
        _refuse_first(
            g,
            f"SELECT {keys} FROM g WHERE currency_min <> currency",
            CurrencyMismatchError,
            "currency",
            "differs between the export and the import",
            g=g.relation,
        )
    # A projection of korus's own temporary table, bound to it, not to a registered name.
    shown = g.relation.filter("exports_n + imports_n > 0").project(
        f"{keys}, currency, exports, imports, balance, two_way_trade"
    )
    return Frame(g.connection, shown)


def shares(frame: Frame, s: int) -> Frame:
    keys = "reporter, direction, scope, period"
    _refuse_first(
        frame,
        f"SELECT {keys} FROM flows WHERE NOT ({_NOT_WORLD}) GROUP BY {keys} HAVING count(*) > 1",
        MismatchError,
        "table",
        "has two world totals",
        flows=frame.relation,
    )
    joined = _materialize(
        frame,
        f"""SELECT p.reporter, p.partner, p.direction, p.scope, p.period, p.currency, p.value,
                w.currency AS world_currency, w.value AS world
            FROM (SELECT * FROM flows WHERE {_NOT_WORLD}) p
            LEFT JOIN (SELECT * FROM flows WHERE NOT ({_NOT_WORLD})) w
            USING ({keys})""",
        flows=frame.relation,
    )
    _refuse_first(
        joined,
        "SELECT reporter, partner, direction, scope, period FROM j WHERE world_currency IS NOT NULL AND world_currency <> currency",
        CurrencyMismatchError,
        "currency",
        "differs from the world total's",
        j=joined.relation,
    )
    _refuse_first(
        joined,
        "SELECT reporter, partner, direction, scope, period FROM j WHERE value > world AND world <> 0",
        MismatchError,
        "value",
        "exceeds the world total: not a part of it",
        j=joined.relation,
    )
    return _materialize(
        joined,
        f"""SELECT reporter, partner, direction, scope, period, currency,
            {_sum("value", s)} AS value, {_sum("world", s)} AS world,
            {_ratio("value", "world", s)} AS share
            FROM j""",
        j=joined.relation,
    )


_FREQUENCY: Final = (
    "CASE WHEN length(period) = 4 THEN 'A' WHEN contains(period, 'Q') THEN 'Q' ELSE 'M' END"
)
_ORDINAL: Final = (
    "CASE WHEN length(period) = 4 THEN CAST(period AS BIGINT) "
    "WHEN contains(period, 'Q') THEN CAST(substr(period, 1, 4) AS BIGINT) * 4 + CAST(substr(period, 7, 1) AS BIGINT) - 1 "
    "ELSE CAST(substr(period, 1, 4) AS BIGINT) * 12 + CAST(substr(period, 6, 2) AS BIGINT) - 1 END"
)


def changes(frame: Frame, s: int) -> Frame:
    series = "reporter, partner, direction, scope"
    _refuse_first(
        frame,
        f"SELECT {series}, period FROM flows GROUP BY {series}, period HAVING count(*) > 1",
        MismatchError,
        "table",
        "repeats a flow already given",
        flows=frame.relation,
    )
    numbered = f"(SELECT *, {_FREQUENCY} AS frequency, {_ORDINAL} AS ordinal FROM flows)"
    joined = _materialize(
        frame,
        f"""SELECT n.*, p.period AS previous_period, p.currency AS previous_currency,
                p.value AS previous
            FROM {numbered} n LEFT JOIN {numbered} p
            ON n.reporter = p.reporter AND n.partner = p.partner AND n.direction = p.direction
               AND n.scope = p.scope AND n.frequency = p.frequency AND n.ordinal = p.ordinal + 1""",
        flows=frame.relation,
    )
    _refuse_first(
        joined,
        f"SELECT {series}, period FROM j WHERE previous_currency IS NOT NULL AND previous_currency <> currency",
        CurrencyMismatchError,
        "currency",
        "differs from the previous period's",
        j=joined.relation,
    )
    v, p = _sum("value", s), _sum("previous", s)
    return _materialize(
        joined,
        f"""SELECT {series}, period, previous_period, currency, {v} AS value, {p} AS previous,
            {_ratio(f"{v} - {p}", p, s)} AS change
            FROM j""",
        j=joined.relation,
    )


def rank_partners(frame: Frame, s: int, by: str) -> Frame:
    check_values(frame)
    keys = "reporter, partner, scope, period"
    if by in ("exports", "imports"):
        _refuse_first(
            frame,
            f"SELECT {keys} FROM flows WHERE direction = '{by[:-1]}' AND {_NOT_WORLD} "
            f"GROUP BY {keys} HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.relation,
        )
        table = _materialize(
            frame,
            f"SELECT {keys}, currency, {_sum('value', s)} AS {by} FROM flows WHERE direction = '{by[:-1]}' AND {_NOT_WORLD}",
            flows=frame.relation,
        )
    else:
        not_world = _materialize(
            frame, f"SELECT * FROM flows WHERE {_NOT_WORLD}", flows=frame.relation
        )
        table = balances(not_world, s)
    group = "reporter, scope, period"
    _refuse_first(
        table,
        f"SELECT {group} FROM t WHERE {by} IS NOT NULL GROUP BY {group} HAVING count(DISTINCT currency) > 1",
        CurrencyMismatchError,
        "currency",
        "differs between partners ranked together",
        t=table.relation,
    )
    return _materialize(
        table,
        f"""SELECT {group}, currency, partner, {by} AS value,
            CAST(rank() OVER (PARTITION BY {group} ORDER BY {by} DESC) AS BIGINT) AS rank
            FROM t WHERE {by} IS NOT NULL ORDER BY {group}, rank, partner""",
        t=table.relation,
    )


def mirror(frame: Frame, s: int) -> Frame:
    keys = "exporter, importer, scope, period"
    exports = f"(SELECT reporter AS exporter, partner AS importer, scope, period, currency, value FROM flows WHERE direction = 'export' AND {_NOT_WORLD})"
    imports = f"(SELECT partner AS exporter, reporter AS importer, scope, period, currency, value FROM flows WHERE direction = 'import' AND {_NOT_WORLD})"
    for side in (exports, imports):
        _refuse_first(
            frame,
            f"SELECT {keys} FROM {side} GROUP BY {keys} HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.relation,
        )
    joined = _materialize(
        frame,
        f"""SELECT {keys}, x.currency AS export_currency, m.currency AS import_currency,
                x.value AS exports, m.value AS imports
            FROM {exports} x FULL OUTER JOIN {imports} m USING ({keys})""",
        flows=frame.relation,
    )
    _refuse_first(
        joined,
        f"SELECT {keys} FROM j WHERE export_currency <> import_currency",
        CurrencyMismatchError,
        "currency",
        "differs between the two sides",
        j=joined.relation,
    )
    x, m = _sum("exports", s), _sum("imports", s)
    return _materialize(
        joined,
        f"""SELECT {keys}, coalesce(export_currency, import_currency) AS currency,
            {x} AS exports, {m} AS imports, {_sum(f"{m} - {x}", s)} AS gap,
            {_ratio(m, x, s)} AS ratio
            FROM j""",
        j=joined.relation,
    )


def share_changes(frame: Frame, s: int) -> Frame:
    keys = "reporter, partner, direction, scope"
    current = shares(frame, s)
    _refuse_first(
        current,
        f"SELECT {keys}, period FROM c GROUP BY {keys}, period HAVING count(*) > 1",
        MismatchError,
        "table",
        "repeats a flow already given",
        c=current.relation,
    )
    numbered = f"(SELECT *, {_FREQUENCY} AS frequency, {_ORDINAL} AS ordinal FROM c)"
    ratio = f"DECIMAL({SUM_PRECISION}, {RATIO_SCALE})"
    return _materialize(
        current,
        f"""SELECT n.reporter, n.partner, n.direction, n.scope, n.period,
                p.period AS previous_period, n.share, p.share AS previous_share,
                CAST(CAST(n.share AS {ratio}) - CAST(p.share AS {ratio}) AS {ratio}) AS change
            FROM {numbered} n LEFT JOIN {numbered} p
            ON n.reporter = p.reporter AND n.partner = p.partner AND n.direction = p.direction
               AND n.scope = p.scope AND n.frequency = p.frequency AND n.ordinal = p.ordinal + 1""",
        c=current.relation,
    )


def top_products(frame: Frame, s: int, n: int) -> Frame:
    group = "reporter, partner, direction, period"
    coverages = ", ".join(f"'{c}'" for c in COVERAGES)
    products = f"(SELECT * FROM flows WHERE scope NOT IN ({coverages}))"
    _refuse_first(
        frame,
        f"SELECT {group}, scope FROM {products} GROUP BY {group}, scope HAVING count(*) > 1",
        MismatchError,
        "table",
        "repeats a flow already given",
        flows=frame.relation,
    )
    ancestors = " UNION ALL ".join(
        f"SELECT {group}, scope, 'HS:' || substr(scope, 4, {length}) AS outer_scope "
        f"FROM {products} WHERE starts_with(scope, 'HS:') AND length(scope) - 3 > {length}"
        for length in (2, 4)
    )
    nested = _fetch(
        frame,
        f"""SELECT a.scope, a.outer_scope FROM ({ancestors}) a
            JOIN {products} p ON a.reporter = p.reporter AND a.partner = p.partner
              AND a.direction = p.direction AND a.period = p.period AND a.outer_scope = p.scope
            LIMIT 1""",
        flows=frame.relation,
    )
    if nested:
        scope, outer = nested[0]
        raise MismatchError("scope", scope, f"is part of {outer}, in the same table: not a rival")
    _refuse_first(
        frame,
        f"SELECT {group} FROM {products} WHERE value IS NOT NULL GROUP BY {group} "
        "HAVING count(DISTINCT currency) > 1",
        CurrencyMismatchError,
        "currency",
        "differs between products ranked together",
        flows=frame.relation,
    )
    return _materialize(
        frame,
        f"""SELECT * FROM (
                SELECT {group}, currency, scope AS product, {_sum("value", s)} AS value,
                CAST(rank() OVER (PARTITION BY {group} ORDER BY value DESC) AS BIGINT) AS rank
                FROM {products} WHERE value IS NOT NULL)
            WHERE rank <= {n} ORDER BY {group}, rank, product""",
        flows=frame.relation,
    )


def _distinct_partners(partners: list[str]) -> str:
    """The number of distinct partners in a group, from a bitmask of the partners it holds:
    a few 64-bit words a group, where count(DISTINCT partner) held every partner of every
    group in memory (5.9 GB for 50 million flows). Reads the column ``partner_code``."""
    words = [
        f"bit_count(bit_or(CASE WHEN partner_code // 64 = {word} "
        "THEN CAST(1 AS UBIGINT) << (partner_code % 64) ELSE CAST(0 AS UBIGINT) END))"
        for word in range((len(partners) + 63) // 64)
    ]
    return " + ".join(words) or "0"


def totals(frame: Frame, s: int) -> Frame:
    texts = check_values(frame)
    group = "reporter, direction, scope, period"
    # The partners' codes were judged by korus's constructors: letters and digits only.
    partners = sorted(p for p in texts["partner"] if p != "WLD")
    code = (
        f"enum_code(CAST(partner AS ENUM({', '.join(repr(p) for p in partners)})))"
        if partners
        else "0"
    )
    currencies = texts["currency"]
    # One currency in the table spares every group the comparison of its currencies.
    currency = (
        f"'{currencies[0]}' AS currency_min, '{currencies[0]}' AS currency"
        if len(currencies) == 1
        else "min(currency) AS currency_min, max(currency) AS currency"
    )
    g = _materialize(
        frame,
        f"""SELECT {group}, CAST(count(*) AS BIGINT) AS partners,
                {_distinct_partners(partners)} AS distinct_partners,
                {currency},
                count(*) - count(value) AS missing, sum(value) AS total
            FROM (SELECT *, {code} AS partner_code FROM flows WHERE {_NOT_WORLD})
            GROUP BY {group}""",
        flows=frame.relation,
    )
    _refuse_first(
        g,
        f"SELECT {group} FROM g WHERE distinct_partners < partners",
        MismatchError,
        "table",
        "repeats a partner: it would be counted twice",
        g=g.relation,
    )
    _refuse_first(
        g,
        f"SELECT {group} FROM g WHERE currency_min <> currency",
        CurrencyMismatchError,
        "currency",
        "differs between partners summed",
        g=g.relation,
    )
    # A total with a missing part is missing too: the sum of the rest is not the total.
    return _materialize(
        g,
        f"""SELECT {group}, currency, partners,
            CASE WHEN missing = 0 THEN {_sum("total", s)} END AS total FROM g""",
        g=g.relation,
    )
