"""korus's table calculations on DuckDB: the SQL plans of korus.columnar._sql_plans, run on a
connection of korus's own, each result a temporary table of it.

Ratios are computed in HUGEINT, since DuckDB's own decimal division returns a DOUBLE and its
casts round half away from zero.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from typing import Any, Final

import duckdb

from korus._errors import InvalidValueError
from korus.columnar._sql_plans import ColumnType, Frame, SqlPlans

_INTEGERS: Final = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
)


_DATABASE: list[duckdb.DuckDBPyConnection] = []
_OPENING: Final = threading.Lock()


def _connection() -> duckdb.DuckDBPyConnection:
    """A connection of its own for each call, to one in-memory database korus opens once:
    opening a database costs more than most calculations on it. Each call's temporary tables
    live, and go, with its connection."""
    with _OPENING:
        if not _DATABASE:
            _DATABASE.append(duckdb.connect())
        connection = _DATABASE[0].cursor()
    # A library call does not draw progress bars on the caller's standard output.
    connection.execute("SET enable_progress_bar = false")
    return connection


_NAMES = itertools.count()
#: The name each relation a plan has bound goes by in its connection. Every relation a plan
#: binds lives on the connection of its own call (see ``_connection``), so one name serves
#: every statement of that call.
_NAMED: weakref.WeakKeyDictionary[duckdb.DuckDBPyRelation, str] = weakref.WeakKeyDictionary()


class _DuckDBPlans(SqlPlans):
    whole = "HUGEINT"

    def _bind(self, frame: Frame, query: str, tables: dict[str, Any]) -> str:
        # Each table under a name of its own, so no later statement rebinds an earlier one;
        # named once, since registering a relation costs more than a small statement runs
        # (1.7 ms against 0.7 ms), and a temporary table goes by its own name.
        names = {}
        for alias, table in tables.items():
            name = _NAMED.get(table)
            if name is None:
                name = f"korus_{next(_NAMES)}"
                frame.owner.register(name, table)
                _NAMED[table] = name
            names[alias] = name
        return query.format(**names)

    def sql(self, frame: Frame, query: str, **tables: Any) -> duckdb.DuckDBPyRelation:
        try:
            relation: duckdb.DuckDBPyRelation = frame.owner.sql(self._bind(frame, query, tables))
            return relation
        except duckdb.Error as error:
            raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None

    def fetch(self, frame: Frame, query: str, **tables: Any) -> list[tuple[Any, ...]]:
        # Run as a statement: a relation first asks the engine for its columns' types, a
        # second round trip that a fetch never reads.
        try:
            found: list[tuple[Any, ...]] = frame.owner.execute(
                self._bind(frame, query, tables)
            ).fetchall()
            return found
        except duckdb.Error as error:
            raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None

    def materialize(self, frame: Frame, query: str, **tables: Any) -> Frame:
        name = f"korus_{next(_NAMES)}"
        try:
            bound = self._bind(frame, query, tables)
            frame.owner.execute(f"CREATE TEMP TABLE {name} AS {bound}")
            table = frame.owner.table(name)
            _NAMED[table] = name
            return Frame(frame.owner, table)
        except duckdb.Error as error:
            raise InvalidValueError("table", type(error).__name__, str(error)[:300]) from None

    def project(self, frame: Frame, condition: str, columns: str) -> Frame:
        return Frame(frame.owner, frame.table.filter(condition).project(columns))

    def distinct_list(self, column: str) -> str:
        return f"list(DISTINCT {column}) FILTER (WHERE {column} IS NOT NULL)"

    def list_of(self, fields: tuple[str, ...]) -> str:
        return f"list(struct_pack({', '.join(f'{f} := {f}' for f in fields)}))"

    def quotient(self, a: str, b: str) -> str:
        return f"({a} // {b})"

    def source(self, table: Any, kind: str) -> Frame:
        connection = _connection()
        try:
            if kind == "duckdb":
                arrow = (
                    table.to_arrow_table() if hasattr(table, "to_arrow_table") else table.arrow()
                )
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

    native = "duckdb"

    def to_arrow(self, result: Frame) -> Any:
        return result.table.to_arrow_table()

    def rows(self, frame: Frame) -> list[dict[str, Any]]:
        relation = frame.table
        return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]

    def result_of(self, frame: Frame, table: Any) -> Frame:
        return Frame(frame.owner, frame.owner.from_arrow(table))

    def from_arrow(self, table: Any) -> duckdb.DuckDBPyRelation:
        return _connection().from_arrow(table)

    def column_types(self, frame: Frame) -> dict[str, ColumnType]:
        types = {}
        for column, kind in zip(frame.table.columns, frame.table.types, strict=True):
            name = str(kind).upper()
            if name.startswith("DECIMAL"):
                scale = int(name.split(",")[1].rstrip(")").strip())
                types[column] = ColumnType("decimal", name, scale)
            elif name in _INTEGERS:
                types[column] = ColumnType("integer", name)
            else:
                types[column] = ColumnType("text" if name == "VARCHAR" else "other", name)
        return types

    def matches(self, column: str, pattern: str) -> str:
        return f"regexp_matches(\"{column}\", '{pattern}')"

    def as_text(self, column: str) -> str:
        return f'CAST("{column}" AS VARCHAR) AS "{column}"'

    def partner_count(self, partners: list[str]) -> tuple[str, str]:
        # Each row's partner numbered by a join with the table's partners, and a group's
        # partners kept as one bitstring of as many bits as there are partners, where
        # count(DISTINCT partner) held every partner of every group in memory (5.9 GB for 50
        # million flows). The join numbers a row for a third of what a cast to an enumeration
        # cost (10 million flows: 0.1 s against 0.3 s); one bitstring_agg of the numbers costs
        # what a bit_or of each 64 partners' word costs when the join gives the words, and less
        # than words worked out a row. A left join: a row is never dropped, and a partner it
        # could not number (none, as the partners are the table's own) counts for none, so its
        # group is refused as a repeat rather than summed short.
        if not partners:
            return "", "0"
        codes = ", ".join(f"('{partner}', {code})" for code, partner in enumerate(partners))
        join = f"LEFT JOIN (VALUES {codes}) AS korus_codes(partner, partner_code) USING (partner)"
        distinct = f"coalesce(bit_count(bitstring_agg(partner_code, 0, {len(partners) - 1})), 0)"
        return join, distinct


ENGINE: Final = _DuckDBPlans()
