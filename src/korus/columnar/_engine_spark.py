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

from korus._errors import InvalidValueError
from korus.columnar._sql_plans import ColumnType, Frame, SqlPlans
from korus.columnar._table import SUM_PRECISION

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
        return Frame(frame.owner, frame.table.filter(condition).selectExpr(*columns.split(", ")))

    def distinct_list(self, column: str) -> str:
        return f"collect_set({column})"

    def list_of(self, fields: tuple[str, ...]) -> str:
        # A struct of nulls is not null: collect_list keeps the row, and its null value.
        return f"collect_list(struct({', '.join(fields)}))"

    def quotient(self, a: str, b: str) -> str:
        # Spark's integer division of decimals returns 64 bits; the division of an exact
        # multiple is whole, and Spark's decimal division returns it so.
        return f"CAST(({a} - {a} % {b}) / {b} AS {self.whole})"

    def source(self, table: Any, kind: str) -> Frame:
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

    native = "spark"

    def to_arrow(self, result: Frame) -> Any:
        return result.table.toArrow()

    def rows(self, frame: Frame) -> list[dict[str, Any]]:
        try:
            return [row.asDict() for row in frame.table.collect()]
        except PySparkException as error:
            raise _engine_error(error) from None

    def result_of(self, frame: Frame, table: Any) -> Frame:
        return Frame(frame.owner, frame.owner.createDataFrame(table))

    def from_arrow(self, table: Any) -> DataFrame:
        return _checked(_session()).createDataFrame(table)

    def column_types(self, frame: Frame) -> dict[str, ColumnType]:
        types = {}
        for field in frame.table.schema.fields:
            kind, name = field.dataType, field.dataType.simpleString()
            if isinstance(kind, T.DecimalType):
                types[field.name] = ColumnType("decimal", name, kind.scale)
            elif isinstance(kind, _INTEGERS):
                types[field.name] = ColumnType("integer", name)
            else:
                text = isinstance(kind, T.StringType)
                types[field.name] = ColumnType("text" if text else "other", name)
        return types

    def matches(self, column: str, pattern: str) -> str:
        return f"`{column}` RLIKE '{pattern}'"

    def as_text(self, column: str) -> str:
        return f"CAST(`{column}` AS STRING) AS `{column}`"

    def partner_count(self, partners: list[str]) -> tuple[str, str]:
        # Spark counts distinct values by a shuffle that spills to disk.
        return "", "count(DISTINCT partner)"


ENGINE: Final = _SparkPlans()
