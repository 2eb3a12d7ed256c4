"""korus's table calculations on Spark: the SQL plans of korus.columnar._sql_plans, run on the session
the table belongs to.

Spark's decimals need precautions that the other engines do not:

- ANSI mode (``spark.sql.ansi.enabled``, Spark 4's default) must be on: without it an overflow
  becomes a null, which korus would report as a missing value. korus refuses to run without it.
- Adding two DECIMAL(38, s) values gives a 39-digit type, which Spark narrows by dropping a
  decimal once s > 6; the plans add DECIMAL(37, s) operands, so nothing is dropped.
- Spark's integer division of decimals returns a 64-bit integer; korus divides the exact
  multiple (``a - a % b``) instead, which Spark's decimal division returns whole.

Every result is materialized (a local checkpoint) inside korus, so that an engine error is
raised as a KorusError here, not later from the user's ``collect()``.
"""

from __future__ import annotations

from typing import Any, Final

from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

from korus._errors import InvalidTypeError, InvalidValueError
from korus.columnar._sql_plans import Frame, SqlPlans
from korus.columnar._table import KEYS, MAX_PRECISION, SUM_PRECISION, check_scale

_INTEGERS: Final = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)


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


def prepare(frame: Frame, scale: int | None, *, check: bool = True) -> tuple[Frame, int]:
    """The table with korus's types, after every check of its codes and values."""
    fields = {f.name: f.dataType for f in frame.table.schema.fields}
    missing = [c for c in (*KEYS, "value") if c not in fields]
    if missing:
        raise InvalidValueError("table", ", ".join(missing), "are columns korus needs")
    kind = fields["value"]
    if isinstance(kind, T.DecimalType):
        s = kind.scale if scale is None else check_scale(scale)
        if s < kind.scale:
            # A smaller scale must not round: every value must already fit it.
            wide = f"DECIMAL({SUM_PRECISION}, {kind.scale})"
            lossy = _PLANS.fetch(
                frame,
                f"SELECT bool_or(CAST(CAST(value AS DECIMAL({SUM_PRECISION}, {s})) AS {wide}) "
                "<> value) FROM {flows}",
                flows=frame.table,
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
    typed = Frame(
        frame.owner, _PLANS.sql(frame, f"SELECT {select} FROM {{flows}}", flows=frame.table)
    )
    if check:
        check_values(typed)
    return typed, s


def deliver(result: Frame, kind: str) -> Any:
    if kind in ("spark", "path"):
        return result.table
    arrow = result.table.toArrow()
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
        return [row.asDict() for row in frame.table.collect()]
    except PySparkException as error:
        raise _engine_error(error) from None


class _SparkPlans(SqlPlans):
    whole = f"DECIMAL({SUM_PRECISION}, 0)"

    def sql(self, frame: Frame, query: str, **tables: Any) -> DataFrame:
        try:
            return frame.owner.sql(query, **tables)  # type: ignore[no-any-return]
        except PySparkException as error:
            raise _engine_error(error) from None

    def fetch(self, frame: Frame, query: str, **tables: Any) -> list[tuple[Any, ...]]:
        try:
            return [tuple(row) for row in self.sql(frame, query, **tables).collect()]
        except PySparkException as error:
            raise _engine_error(error) from None

    def materialize(self, frame: Frame, query: str, **tables: Any) -> Frame:
        try:
            checkpoint = self.sql(frame, query, **tables).localCheckpoint(eager=True)
            return Frame(frame.owner, checkpoint)
        except PySparkException as error:
            raise _engine_error(error) from None

    def project(self, frame: Frame, condition: str, columns: str) -> Frame:
        return Frame(frame.owner, frame.table.filter(condition).select(*columns.split(", ")))

    def distinct_list(self, column: str) -> str:
        return f"collect_set({column})"

    def quotient(self, a: str, b: str) -> str:
        # Spark's integer division of decimals returns 64 bits; the division of an exact
        # multiple is whole, and Spark's decimal division returns it so.
        return f"CAST(({a} - {a} % {b}) / {b} AS {self.whole})"

    def partner_count(self, partners: list[str]) -> tuple[str, str]:
        # Spark counts distinct values by a shuffle that spills to disk.
        return "0", "count(DISTINCT partner)"


_PLANS: Final = _SparkPlans()
check_values = _PLANS.check_values
balances = _PLANS.balances
totals = _PLANS.totals
shares = _PLANS.shares
changes = _PLANS.changes
share_changes = _PLANS.share_changes
rank_partners = _PLANS.rank_partners
mirror = _PLANS.mirror
top_products = _PLANS.top_products
