"""korus's table calculations as Spark SQL plans.

The same plans as korus._engine_duckdb, in Spark SQL, run on the session the table belongs to.
Spark's decimals need three precautions that the other engines do not:

- ANSI mode (``spark.sql.ansi.enabled``, Spark 4's default) must be on: without it an overflow
  becomes a null, which korus would report as a missing value. korus refuses to run without it.
- Adding two DECIMAL(38, s) values gives a 39-digit type, which Spark narrows by dropping a
  decimal once s > 6; korus adds DECIMAL(37, s) operands, so nothing is dropped (a sum that
  needs all 38 digits is an overflow error instead).
- Spark's integer division of decimals returns a 64-bit integer; korus divides the exact
  multiple (``a - a % b``) instead, which Spark's decimal division returns whole.

Every result is materialized (a local checkpoint) inside korus, so that an engine error is
raised as a KorusError here, not later from the user's ``collect()``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

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
_INTEGERS: Final = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)


class Frame:
    """A DataFrame and its session: every plan runs on the session the table came from."""

    def __init__(self, session: SparkSession, frame: DataFrame) -> None:
        self.session = session
        self.frame = frame


def _session() -> SparkSession:
    active = SparkSession.getActiveSession()
    return active if active is not None else SparkSession.builder.getOrCreate()


def _checked(session: SparkSession) -> SparkSession:
    if str(session.conf.get("spark.sql.ansi.enabled")).lower() != "true":
        raise InvalidValueError(
            "spark.sql.ansi.enabled",
            session.conf.get("spark.sql.ansi.enabled"),
            "must be true: without ANSI mode Spark turns an overflow into a null",
        )
    return session


def _first_line(error: Exception) -> str:
    """Spark's messages run on with the plan and a JVM stack; their first line says it."""
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else ""


def _engine_error(error: Exception) -> InvalidValueError:
    return InvalidValueError("table", type(error).__name__, _first_line(error))


def source(table: Any, kind: str) -> Frame:
    try:
        if kind == "spark":
            return Frame(_checked(table.sparkSession), table)
        path = str(table)
        if kind == "path" and not path.endswith((".parquet", ".csv")):
            raise InvalidValueError("table", path, "must be a .parquet or .csv file")
        session = _checked(_session())
        if kind != "path":
            return Frame(session, session.createDataFrame(_arrow(table, kind)))
        if path.endswith(".parquet"):
            return Frame(session, session.read.parquet(path))
        return Frame(session, session.read.csv(path, header=True))
    except PySparkException as error:
        raise InvalidValueError(
            "table", str(table)[:80], f"cannot be read: {_first_line(error)}"
        ) from None


def _arrow(table: Any, kind: str) -> Any:
    import pyarrow as pa

    if kind == "polars":
        data = table.collect() if type(table).__name__ == "LazyFrame" else table
        return data.to_arrow()
    if kind == "pandas":
        return pa.Table.from_pandas(table, preserve_index=False)
    if kind == "duckdb":
        return table.to_arrow_table()
    return table


def _sql(frame: Frame, query: str, **frames: Any) -> DataFrame:
    try:
        return frame.session.sql(query, **frames)
    except PySparkException as error:
        raise _engine_error(error) from None


def _fetch(frame: Frame, query: str, **frames: DataFrame) -> list[tuple[Any, ...]]:
    try:
        return [tuple(row) for row in _sql(frame, query, **frames).collect()]
    except PySparkException as error:
        raise _engine_error(error) from None


def _materialize(frame: Frame, query: str, **frames: DataFrame) -> Frame:
    """Run a plan to the end inside korus, so that an engine error surfaces as a KorusError;
    the result stays in Spark, checkpointed on the executors."""
    try:
        return Frame(frame.session, _sql(frame, query, **frames).localCheckpoint(eager=True))
    except PySparkException as error:
        raise _engine_error(error) from None


def prepare(frame: Frame, scale: int | None, *, check: bool = True) -> tuple[Frame, int]:
    """The table with korus's types, after every check of its codes and values."""
    fields = {f.name: f.dataType for f in frame.frame.schema.fields}
    missing = [c for c in (*KEYS, "value") if c not in fields]
    if missing:
        raise InvalidValueError("table", ", ".join(missing), "are columns korus needs")
    kind = fields["value"]
    if isinstance(kind, T.DecimalType):
        s = kind.scale if scale is None else check_scale(scale)
        if s < kind.scale:
            # A smaller scale must not round: every value must already fit it.
            wide = f"DECIMAL({SUM_PRECISION}, {kind.scale})"
            lossy = _fetch(
                frame,
                f"SELECT bool_or(CAST(CAST(value AS DECIMAL({SUM_PRECISION}, {s})) AS {wide}) "
                "<> value) FROM {flows}",
                flows=frame.frame,
            )[0][0]
            if lossy:
                raise InvalidValueError(
                    "scale",
                    s,
                    "is smaller than the decimals of some values; korus never rounds a value",
                )
    elif isinstance(kind, _INTEGERS):
        s = 0 if scale is None else check_scale(scale)
    elif isinstance(kind, T.StringType):
        if scale is None:
            raise InvalidValueError("scale", None, "is needed to read values written as text")
        s = check_scale(scale)
    else:
        raise InvalidTypeError(
            "value",
            kind.simpleString(),
            "must be a decimal column (floats are not exact; cast them with a stated scale)",
        )
    optional = ["valuation"] if "valuation" in fields else []
    select = ", ".join(
        [
            *(f"CAST(`{c}` AS STRING) AS `{c}`" for c in KEYS),
            f"CAST(value AS DECIMAL({MAX_PRECISION}, {s})) AS value",
            *(f"CAST(`{c}` AS STRING) AS `{c}`" for c in optional),
        ]
    )
    typed = Frame(frame.session, _sql(frame, f"SELECT {select} FROM {{flows}}", flows=frame.frame))
    if check:
        check_values(typed)
    return typed, s


def check_values(frame: Frame, columns: tuple[str, ...] = KEYS) -> dict[str, list[Any]]:
    """Every distinct text of ``columns`` judged by korus's constructors, and no negative
    value: one pass. Returns the distinct texts of each column."""
    optional = [c for c in ("valuation",) if c in frame.frame.columns]
    distinct = ", ".join(
        f"collect_set(`{c}`), count_if(`{c}` IS NULL)" for c in (*columns, *optional)
    )
    found = _fetch(
        frame, f"SELECT {distinct}, bool_or(value < 0) FROM {{flows}}", flows=frame.frame
    )[0]
    texts = {}
    for position, column in enumerate((*columns, *optional)):
        values, nulls = found[2 * position] or [], found[2 * position + 1]
        if nulls and column not in optional:
            raise InvalidValueError(column, None, "is null; only values may be missing")
        check_codes(column, sorted(values))
        texts[column] = list(values)
    if found[-1]:
        (first,) = _fetch(
            frame, "SELECT value FROM {flows} WHERE value < 0 LIMIT 1", flows=frame.frame
        )
        raise InvalidValueError("value", str(first[0]), "is negative; a flow never is")
    return texts


def deliver(result: Frame, kind: str) -> Any:
    if kind in ("spark", "path"):
        return result.frame
    arrow = result.frame.toArrow()
    if kind == "pandas":
        import pandas as pd

        return arrow.to_pandas(types_mapper=pd.ArrowDtype)
    if kind == "arrow":
        return arrow
    if kind == "duckdb":
        import duckdb

        return duckdb.from_arrow(arrow)
    import polars as pl

    return pl.from_arrow(arrow)


def validated(frame: Frame, s: int) -> Frame:
    return frame


def from_rows(rows: list[dict[str, Any]], scale: int) -> DataFrame:
    return from_chunks([rows], scale)


def from_chunks(chunks: list[list[dict[str, Any]]], scale: int) -> DataFrame:
    import pyarrow as pa

    schema = pa.schema(
        [
            *((c, pa.string()) for c in KEYS),
            ("value", pa.decimal128(MAX_PRECISION, scale)),
            ("valuation", pa.string()),
        ]
    )
    # Through Arrow: Spark takes a table in columns, where rows are sent one by one.
    table = pa.concat_tables([pa.Table.from_pylist(chunk, schema=schema) for chunk in chunks])
    return _checked(_session()).createDataFrame(table)


def rows(frame: Frame) -> list[dict[str, Any]]:
    try:
        return [row.asDict() for row in frame.frame.collect()]
    except PySparkException as error:
        raise _engine_error(error) from None


def _sum(expression: str, s: int) -> str:
    return f"CAST({expression} AS DECIMAL({SUM_PRECISION}, {s}))"


def _operand(expression: str, s: int) -> str:
    """An operand of + or -: 37 digits, so that the result's 38 need no narrowing."""
    return f"CAST({expression} AS DECIMAL({SUM_PRECISION - 1}, {s}))"


def _ratio(numerator: str, denominator: str, s: int) -> str:
    """numerator / denominator in percent, rounded half to even at RATIO_SCALE decimals, from
    the exact integers of the values; NULL where either is NULL or the denominator is zero."""
    whole = f"DECIMAL({SUM_PRECISION}, 0)"
    factor = f"CAST({10**s} AS {whole})"
    n = f"CAST(({numerator}) * {factor} AS {whole})"
    d = f"CAST(({denominator}) * {factor} AS {whole})"
    a = f"(abs({n}) * CAST({10 ** (RATIO_SCALE + 2)} AS {whole}))"
    b = f"abs(NULLIF({d}, 0))"
    rest = f"({a} % {b})"
    q = f"CAST(({a} - {rest}) / {b} AS {whole})"
    up = f"(CASE WHEN 2 * {rest} > {b} OR (2 * {rest} = {b} AND {q} % 2 = 1) THEN 1 ELSE 0 END)"
    signed = f"(CASE WHEN ({n} < 0) <> ({d} < 0) THEN -({q} + {up}) ELSE {q} + {up} END)"
    unit = format(Decimal(1).scaleb(-RATIO_SCALE), "f")
    return f"CAST(CAST({signed} AS {whole}) * {unit} AS DECIMAL({SUM_PRECISION}, {RATIO_SCALE}))"


def _name(row: tuple[Any, ...]) -> str:
    return " ".join(str(v) for v in row)


def _refuse_first(
    frame: Frame, query: str, error: type[Exception], field: str, reason: str, **frames: DataFrame
) -> None:
    found = _fetch(frame, query + " LIMIT 1", **frames)
    if found:
        raise error(field, _name(found[0]), reason)


def balances(frame: Frame, s: int, *, checked: bool = False) -> Frame:
    """Exports beside imports, one GROUP BY over the whole table, after one pass that judges
    the columns with few values (unless ``checked``); the group keys are judged afterwards.
    A table in one currency spares every group the comparison of its currencies."""
    keys = "reporter, partner, scope, period"
    if checked:
        (currencies,) = _fetch(
            frame, "SELECT collect_set(currency) FROM {flows}", flows=frame.frame
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
    g = _materialize(
        frame,
        f"""SELECT {keys},
            count(*) FILTER (WHERE direction = 'export') AS exports_n,
            count(*) FILTER (WHERE direction = 'import') AS imports_n,
            {currency},
            any_value(value) FILTER (WHERE direction = 'export') AS exports,
            any_value(value) FILTER (WHERE direction = 'import') AS imports
        FROM {{flows}} GROUP BY {keys}""",
        flows=frame.frame,
    )
    if not checked:
        names = ("reporter", "partner", "scope", "period")
        lists = ", ".join(f"collect_set({c}), count_if({c} IS NULL)" for c in names)
        found = _fetch(g, f"SELECT {lists} FROM {{g}}", g=g.frame)[0]
        for position, column in enumerate(names):
            values, nulls = found[2 * position], found[2 * position + 1]
            check_codes(column, [None] if nulls else sorted(values))
    _refuse_first(
        g,
        f"SELECT {keys} FROM {{g}} WHERE exports_n > 1 OR imports_n > 1",
        MismatchError,
        "table",
        "repeats a flow already given",
        g=g.frame,
    )
    _refuse_first(
        g,
        f"SELECT {keys} FROM {{g}} WHERE currency_min <> currency",
        CurrencyMismatchError,
        "currency",
        "differs between the export and the import",
        g=g.frame,
    )
    x, m = _operand("exports", s), _operand("imports", s)
    return _materialize(
        g,
        f"""SELECT {keys}, currency, {_sum("exports", s)} AS exports,
            {_sum("imports", s)} AS imports,
            {_sum(f"{x} - {m}", s)} AS balance, {_sum(f"{x} + {m}", s)} AS two_way_trade
            FROM {{g}} WHERE exports_n + imports_n > 0""",
        g=g.frame,
    )


def shares(frame: Frame, s: int) -> Frame:
    keys = "reporter, direction, scope, period"
    _refuse_first(
        frame,
        f"SELECT {keys} FROM {{flows}} WHERE NOT ({_NOT_WORLD}) GROUP BY {keys} "
        "HAVING count(*) > 1",
        MismatchError,
        "table",
        "has two world totals",
        flows=frame.frame,
    )
    joined = _materialize(
        frame,
        f"""SELECT p.reporter, p.partner, p.direction, p.scope, p.period, p.currency, p.value,
                w.currency AS world_currency, w.value AS world
            FROM (SELECT * FROM {{flows}} WHERE {_NOT_WORLD}) p
            LEFT JOIN (SELECT * FROM {{flows}} WHERE NOT ({_NOT_WORLD})) w
            ON p.reporter = w.reporter AND p.direction = w.direction AND p.scope = w.scope
               AND p.period = w.period""",
        flows=frame.frame,
    )
    _refuse_first(
        joined,
        "SELECT reporter, partner, direction, scope, period FROM {j} "
        "WHERE world_currency IS NOT NULL AND world_currency <> currency",
        CurrencyMismatchError,
        "currency",
        "differs from the world total's",
        j=joined.frame,
    )
    _refuse_first(
        joined,
        "SELECT reporter, partner, direction, scope, period FROM {j} "
        "WHERE value > world AND world <> 0",
        MismatchError,
        "value",
        "exceeds the world total: not a part of it",
        j=joined.frame,
    )
    return _materialize(
        joined,
        f"""SELECT reporter, partner, direction, scope, period, currency,
            {_sum("value", s)} AS value, {_sum("world", s)} AS world,
            {_ratio("value", "world", s)} AS share
            FROM {{j}}""",
        j=joined.frame,
    )


_FREQUENCY: Final = (
    "CASE WHEN length(period) = 4 THEN 'A' WHEN instr(period, 'Q') > 0 THEN 'Q' ELSE 'M' END"
)
_ORDINAL: Final = (
    "CASE WHEN length(period) = 4 THEN CAST(period AS BIGINT) "
    "WHEN instr(period, 'Q') > 0 THEN CAST(substr(period, 1, 4) AS BIGINT) * 4 "
    "+ CAST(substr(period, 7, 1) AS BIGINT) - 1 "
    "ELSE CAST(substr(period, 1, 4) AS BIGINT) * 12 + CAST(substr(period, 6, 2) AS BIGINT) - 1 END"
)
_NEXT: Final = """n.reporter = p.reporter AND n.partner = p.partner AND n.direction = p.direction
    AND n.scope = p.scope AND n.frequency = p.frequency AND n.ordinal = p.ordinal + 1"""


def changes(frame: Frame, s: int) -> Frame:
    series = "reporter, partner, direction, scope"
    _refuse_first(
        frame,
        f"SELECT {series}, period FROM {{flows}} GROUP BY {series}, period HAVING count(*) > 1",
        MismatchError,
        "table",
        "repeats a flow already given",
        flows=frame.frame,
    )
    numbered = f"(SELECT *, {_FREQUENCY} AS frequency, {_ORDINAL} AS ordinal FROM {{flows}})"
    joined = _materialize(
        frame,
        f"""SELECT n.reporter, n.partner, n.direction, n.scope, n.period, n.currency, n.value,
                p.period AS previous_period, p.currency AS previous_currency,
                p.value AS previous
            FROM {numbered} n LEFT JOIN {numbered} p ON {_NEXT}""",
        flows=frame.frame,
    )
    _refuse_first(
        joined,
        f"SELECT {series}, period FROM {{j}} "
        "WHERE previous_currency IS NOT NULL AND previous_currency <> currency",
        CurrencyMismatchError,
        "currency",
        "differs from the previous period's",
        j=joined.frame,
    )
    v, p = _sum("value", s), _sum("previous", s)
    return _materialize(
        joined,
        f"""SELECT {series}, period, previous_period, currency, {v} AS value, {p} AS previous,
            {_ratio(f"{_operand('value', s)} - {_operand('previous', s)}", p, s)} AS change
            FROM {{j}}""",
        j=joined.frame,
    )


def rank_partners(frame: Frame, s: int, by: str) -> Frame:
    check_values(frame)
    keys = "reporter, partner, scope, period"
    if by in ("exports", "imports"):
        _refuse_first(
            frame,
            f"SELECT {keys} FROM {{flows}} WHERE direction = '{by[:-1]}' AND {_NOT_WORLD} "
            f"GROUP BY {keys} HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.frame,
        )
        table = _materialize(
            frame,
            f"SELECT {keys}, currency, {_sum('value', s)} AS {by} FROM {{flows}} "
            f"WHERE direction = '{by[:-1]}' AND {_NOT_WORLD}",
            flows=frame.frame,
        )
    else:
        not_world = Frame(
            frame.session,
            _sql(frame, f"SELECT * FROM {{flows}} WHERE {_NOT_WORLD}", flows=frame.frame),
        )
        table = balances(not_world, s, checked=True)
    group = "reporter, scope, period"
    _refuse_first(
        table,
        f"SELECT {group} FROM {{t}} WHERE {by} IS NOT NULL GROUP BY {group} "
        "HAVING count(DISTINCT currency) > 1",
        CurrencyMismatchError,
        "currency",
        "differs between partners ranked together",
        t=table.frame,
    )
    return _materialize(
        table,
        f"""SELECT {group}, currency, partner, {by} AS value,
            CAST(rank() OVER (PARTITION BY {group} ORDER BY {by} DESC) AS BIGINT) AS rank
            FROM {{t}} WHERE {by} IS NOT NULL ORDER BY {group}, rank, partner""",
        t=table.frame,
    )


def mirror(frame: Frame, s: int) -> Frame:
    keys = "exporter, importer, scope, period"
    exports = (
        "(SELECT reporter AS exporter, partner AS importer, scope, period, currency, value "
        f"FROM {{flows}} WHERE direction = 'export' AND {_NOT_WORLD})"
    )
    imports = (
        "(SELECT partner AS exporter, reporter AS importer, scope, period, currency, value "
        f"FROM {{flows}} WHERE direction = 'import' AND {_NOT_WORLD})"
    )
    for side in (exports, imports):
        _refuse_first(
            frame,
            f"SELECT {keys} FROM {side} GROUP BY {keys} HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.frame,
        )
    joined = _materialize(
        frame,
        f"""SELECT coalesce(x.exporter, m.exporter) AS exporter,
                coalesce(x.importer, m.importer) AS importer,
                coalesce(x.scope, m.scope) AS scope, coalesce(x.period, m.period) AS period,
                x.currency AS export_currency, m.currency AS import_currency,
                x.value AS exports, m.value AS imports
            FROM {exports} x FULL OUTER JOIN {imports} m
            ON x.exporter = m.exporter AND x.importer = m.importer AND x.scope = m.scope
               AND x.period = m.period""",
        flows=frame.frame,
    )
    _refuse_first(
        joined,
        f"SELECT {keys} FROM {{j}} WHERE export_currency <> import_currency",
        CurrencyMismatchError,
        "currency",
        "differs between the two sides",
        j=joined.frame,
    )
    x, m = _sum("exports", s), _sum("imports", s)
    gap = f"{_operand('imports', s)} - {_operand('exports', s)}"
    return _materialize(
        joined,
        f"""SELECT {keys}, coalesce(export_currency, import_currency) AS currency,
            {x} AS exports, {m} AS imports, {_sum(gap, s)} AS gap,
            {_ratio(m, x, s)} AS ratio
            FROM {{j}}""",
        j=joined.frame,
    )


def share_changes(frame: Frame, s: int) -> Frame:
    keys = "reporter, partner, direction, scope"
    current = shares(frame, s)
    _refuse_first(
        current,
        f"SELECT {keys}, period FROM {{c}} GROUP BY {keys}, period HAVING count(*) > 1",
        MismatchError,
        "table",
        "repeats a flow already given",
        c=current.frame,
    )
    numbered = f"(SELECT *, {_FREQUENCY} AS frequency, {_ORDINAL} AS ordinal FROM {{c}})"
    narrow = f"DECIMAL({SUM_PRECISION - 1}, {RATIO_SCALE})"
    ratio = f"DECIMAL({SUM_PRECISION}, {RATIO_SCALE})"
    return _materialize(
        current,
        f"""SELECT n.reporter, n.partner, n.direction, n.scope, n.period,
                p.period AS previous_period, n.share, p.share AS previous_share,
                CAST(CAST(n.share AS {narrow}) - CAST(p.share AS {narrow}) AS {ratio}) AS change
            FROM {numbered} n LEFT JOIN {numbered} p ON {_NEXT}""",
        c=current.frame,
    )


def top_products(frame: Frame, s: int, n: int) -> Frame:
    group = "reporter, partner, direction, period"
    coverages = ", ".join(f"'{c}'" for c in COVERAGES)
    products = f"(SELECT * FROM {{flows}} WHERE scope NOT IN ({coverages}))"
    _refuse_first(
        frame,
        f"SELECT {group}, scope FROM {products} GROUP BY {group}, scope HAVING count(*) > 1",
        MismatchError,
        "table",
        "repeats a flow already given",
        flows=frame.frame,
    )
    ancestors = " UNION ALL ".join(
        f"SELECT {group}, scope, concat('HS:', substr(scope, 4, {length})) AS outer_scope "
        f"FROM {products} WHERE scope LIKE 'HS:%' AND length(scope) - 3 > {length}"
        for length in (2, 4)
    )
    nested = _fetch(
        frame,
        f"""SELECT a.scope, a.outer_scope FROM ({ancestors}) a
            JOIN {products} p ON a.reporter = p.reporter AND a.partner = p.partner
              AND a.direction = p.direction AND a.period = p.period AND a.outer_scope = p.scope
            LIMIT 1""",
        flows=frame.frame,
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
        flows=frame.frame,
    )
    return _materialize(
        frame,
        f"""SELECT * FROM (
                SELECT {group}, currency, scope AS product, {_sum("value", s)} AS value,
                CAST(rank() OVER (PARTITION BY {group} ORDER BY value DESC) AS BIGINT) AS rank
                FROM {products} WHERE value IS NOT NULL)
            WHERE rank <= {n} ORDER BY {group}, rank, product""",
        flows=frame.frame,
    )


def totals(frame: Frame, s: int) -> Frame:
    group = "reporter, direction, scope, period"
    g = _materialize(
        frame,
        f"""SELECT {group}, CAST(count(*) AS BIGINT) AS partners,
                count(DISTINCT partner) AS distinct_partners,
                min(currency) AS currency_min, max(currency) AS currency,
                count(*) - count(value) AS missing, sum(value) AS total
            FROM {{flows}} WHERE {_NOT_WORLD} GROUP BY {group}""",
        flows=frame.frame,
    )
    _refuse_first(
        g,
        f"SELECT {group} FROM {{g}} WHERE distinct_partners < partners",
        MismatchError,
        "table",
        "repeats a partner: it would be counted twice",
        g=g.frame,
    )
    _refuse_first(
        g,
        f"SELECT {group} FROM {{g}} WHERE currency_min <> currency",
        CurrencyMismatchError,
        "currency",
        "differs between partners summed",
        g=g.frame,
    )
    # A total with a missing part is missing too: the sum of the rest is not the total.
    return _materialize(
        g,
        f"""SELECT {group}, currency, partners,
            CASE WHEN missing = 0 THEN {_sum("total", s)} END AS total FROM {{g}}""",
        g=g.frame,
    )
