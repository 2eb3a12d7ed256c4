"""korus's table calculations on DuckDB: the SQL plans of korus.columnar._sql_plans, run on a
connection of korus's own, each result a temporary table of it.

Ratios are computed in HUGEINT, since DuckDB's own decimal division returns a DOUBLE and its
casts round half away from zero.
"""

from __future__ import annotations

import itertools
from typing import Any, Final

import duckdb

from korus._errors import InvalidTypeError, InvalidValueError
from korus.columnar._sql_plans import Frame, SqlPlans
from korus.columnar._table import KEYS, MAX_PRECISION, SUM_PRECISION, check_scale


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


def prepare(frame: Frame, scale: int | None, *, check: bool = True) -> tuple[Frame, int]:
    """The table with korus's types, after every check of its codes and values (unless the
    calculation makes them itself, in its own pass over the table)."""
    columns = dict(zip(frame.table.columns, frame.table.types, strict=True))
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
        frame.owner,
        _PLANS.sql(frame, f"SELECT {select} FROM {{flows}}", flows=frame.table),
    )
    if check:
        check_values(typed)
    return typed, s


def deliver(result: Frame, kind: str) -> Any:
    if kind == "duckdb" or kind == "path":
        return result.table
    arrow = result.table.to_arrow_table()
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
    relation = frame.table
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


_NAMES = itertools.count()


class _DuckDBPlans(SqlPlans):
    whole = "HUGEINT"

    def _bind(self, frame: Frame, query: str, tables: dict[str, Any]) -> str:
        # Each table under a name of its own, so no later statement rebinds an earlier one.
        names = {alias: f"korus_{next(_NAMES)}" for alias in tables}
        for alias, table in tables.items():
            frame.owner.register(names[alias], table)
        return query.format(**names)

    def sql(self, frame: Frame, query: str, **tables: Any) -> duckdb.DuckDBPyRelation:
        try:
            relation: duckdb.DuckDBPyRelation = frame.owner.sql(self._bind(frame, query, tables))
            return relation
        except duckdb.Error as error:
            raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None

    def fetch(self, frame: Frame, query: str, **tables: Any) -> list[tuple[Any, ...]]:
        try:
            return self.sql(frame, query, **tables).fetchall()
        except duckdb.Error as error:
            raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None

    def materialize(self, frame: Frame, query: str, **tables: Any) -> Frame:
        name = f"korus_{next(_NAMES)}"
        try:
            bound = self._bind(frame, query, tables)
            frame.owner.execute(f"CREATE TEMP TABLE {name} AS {bound}")
            return Frame(frame.owner, frame.owner.table(name))
        except duckdb.Error as error:
            raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None

    def project(self, frame: Frame, condition: str, columns: str) -> Frame:
        return Frame(frame.owner, frame.table.filter(condition).project(columns))

    def distinct_list(self, column: str) -> str:
        return f"list(DISTINCT {column}) FILTER (WHERE {column} IS NOT NULL)"

    def quotient(self, a: str, b: str) -> str:
        return f"({a} // {b})"

    def partner_count(self, partners: list[str]) -> tuple[str, str]:
        # A bitmask of a few 64-bit words a group, where count(DISTINCT partner) held every
        # partner of every group in memory (5.9 GB for 50 million flows).
        if not partners:
            return "0", "0"
        code = f"enum_code(CAST(partner AS ENUM({', '.join(repr(p) for p in partners)})))"
        words = " + ".join(
            f"bit_count(bit_or(CASE WHEN partner_code // 64 = {word} "
            "THEN CAST(1 AS UBIGINT) << (partner_code % 64) ELSE CAST(0 AS UBIGINT) END))"
            for word in range((len(partners) + 63) // 64)
        )
        return code, words


_PLANS: Final = _DuckDBPlans()
check_values = _PLANS.check_values
balances = _PLANS.balances
totals = _PLANS.totals
shares = _PLANS.shares
changes = _PLANS.changes
share_changes = _PLANS.share_changes
rank_partners = _PLANS.rank_partners
mirror = _PLANS.mirror
top_products = _PLANS.top_products
