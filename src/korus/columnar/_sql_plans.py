"""korus's table calculations as SQL, written once for every SQL engine (DuckDB, Spark).

An engine supplies how a statement runs (:class:`SqlPlans`' abstract methods) and the few
expressions its dialect spells its own way; the plans, the checks and the rules of exactness
are here. Relations are named in a statement by placeholders (``{flows}``), which each engine
binds to its own tables.

Every sum and difference is cast to DECIMAL(38, s), from operands of 37 digits (a 39-digit
type is narrowed by some engines, dropping a decimal). Ratios come from the exact integers
behind the decimals, rounded once, half to even, at RATIO_SCALE decimals: no engine's own
decimal division is used, since they disagree.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from decimal import Decimal
from typing import Any, Final

import attrs

from korus._errors import CurrencyMismatchError, InvalidValueError, MismatchError
from korus.columnar._table import (
    BASIS_COLUMNS,
    COVERAGES,
    KEYS,
    MAX_PRECISION,
    RATIO_SCALE,
    SUM_PRECISION,
    arrow_schema,
    check_codes,
    check_scale,
    not_a_value_column,
    too_many_decimals,
)

_NOT_WORLD: Final = "partner <> 'WLD'"
#: Whether any value of the rows aggregated is negative, asked one way by every plan. Counted
#: rather than ``bool_or(value < 0)``: on DuckDB no dearer (10 million flows, seven rounds:
#: 0.207 s against 0.216 s alone, 0.264 s against 0.274 s beside two columns' texts).
_ANY_NEGATIVE: Final = "count(*) FILTER (WHERE value < 0) > 0"
#: What a code korus knows is made of: the only texts a plan may write into its SQL.
_PLAIN: Final = re.compile(r"[A-Za-z0-9]+")
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


@attrs.frozen
class ColumnType:
    """What a column holds, as korus reads it: ``kind`` is "decimal" (with its ``scale``),
    "integer", "text" or "other"; ``name`` is the engine's own name of the type."""

    kind: str
    name: str
    scale: int | None = None


@attrs.frozen
class Refusal:
    """A check of a plan's table: where a row meets ``condition``, the plan is refused with
    ``error(field, <the row's columns>, reason)``, naming the first such row."""

    columns: str
    condition: str
    error: type[Exception]
    field: str
    reason: str


class Frame:
    """A table and what it lives in (a DuckDB connection, a Spark session): every plan runs
    there."""

    def __init__(self, owner: Any, table: Any) -> None:
        self.owner = owner
        self.table = table


def _sum(expression: str, s: int) -> str:
    return f"CAST({expression} AS DECIMAL({SUM_PRECISION}, {s}))"


def _operand(expression: str, s: int) -> str:
    """An operand of + or -: 37 digits, so that the result's 38 need no narrowing."""
    return f"CAST({expression} AS DECIMAL({SUM_PRECISION - 1}, {s}))"


def _currencies(
    currencies: list[str], keys: str, repeat: Refusal, reason: str, where: str = ""
) -> tuple[str, str, tuple[Refusal, ...]]:
    """A pairing's or a total's currency: the aggregates its groups keep (each followed by a
    comma, or none), the result's column, and its refusals (``repeat``, then currencies that
    differ within a group, ``reason``; ``where``: the rows a group compares).

    A table in one currency: the groups neither compare their currencies nor hold them (two
    columns of one text in every group, which cost DuckDB a tenth of the balances plan's time
    to keep); the result names it."""
    if len(currencies) == 1:
        return "", f"'{currencies[0]}' AS currency", (repeat,)
    only = f" FILTER (WHERE {where})" if where else ""
    mixed = Refusal(keys, "currency_min <> currency", CurrencyMismatchError, "currency", reason)
    aggregates = f"min(currency){only} AS currency_min, max(currency){only} AS currency,"
    return aggregates, "currency", (repeat, mixed)


def _name(row: tuple[Any, ...]) -> str:
    return " ".join(str(v) for v in row)


class SqlPlans(ABC):
    """The calculations; an engine subclasses this with how its statements run."""

    #: The type of the exact integers a ratio is computed in.
    whole: str

    @abstractmethod
    def matches(self, column: str, pattern: str) -> str:
        """The condition that a text column matches a regular expression."""

    @abstractmethod
    def sql(self, frame: Frame, query: str, **tables: Any) -> Any:
        """The statement as a lazy table of the engine, its placeholders bound to ``tables``."""

    @abstractmethod
    def fetch(self, frame: Frame, query: str, **tables: Any) -> list[tuple[Any, ...]]:
        """The statement's rows, run now; an engine error as a KorusError."""

    @abstractmethod
    def materialize(self, frame: Frame, query: str, **tables: Any) -> Frame:
        """The statement run to the end inside korus (so that an engine error is a KorusError
        here, not in the user's code later), its result kept in the engine."""

    @abstractmethod
    def project(self, frame: Frame, condition: str, columns: str) -> Frame:
        """Some rows and columns (names, or expressions named with AS) of a materialized table,
        bound to that table."""

    @abstractmethod
    def distinct_list(self, column: str) -> str:
        """An aggregate: the distinct values of ``column`` that are not null, as a list."""

    @abstractmethod
    def list_of(self, fields: tuple[str, ...]) -> str:
        """An aggregate: the rows' ``fields``, each row a struct, as a list (nulls kept)."""

    @abstractmethod
    def quotient(self, a: str, b: str) -> str:
        """``a // b`` of two non-negative whole numbers, exactly, as :attr:`whole`."""

    @abstractmethod
    def partner_count(self, partners: list[str]) -> tuple[str, str]:
        """How a group counts its distinct partners: a join that gives each row of the table
        what the count reads (or none), and the aggregate; ``partners`` are every partner in
        the table, each a plain code."""

    @abstractmethod
    def source(self, table: Any, kind: str) -> Frame:
        """The user's table as a frame of the engine."""

    #: The kind of table (see korus.columnar._kind) the engine's own results are.
    native: str

    @abstractmethod
    def to_arrow(self, result: Frame) -> Any:
        """A result as an Arrow table."""

    def deliver(self, result: Frame, kind: str) -> Any:
        """A result in the kind of table the user gave (the engine's own for a path)."""
        if kind in (self.native, "path"):
            return result.table
        arrow = self.to_arrow(result)
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

    @abstractmethod
    def from_arrow(self, table: Any) -> Any:
        """An Arrow table as a table of the engine."""

    @abstractmethod
    def result_of(self, frame: Frame, table: Any) -> Frame:
        """An Arrow table as a result of a plan over ``frame``, where ``frame`` lives."""

    @abstractmethod
    def rows(self, frame: Frame) -> list[dict[str, Any]]:
        """The rows of a frame."""

    @abstractmethod
    def column_types(self, frame: Frame) -> dict[str, ColumnType]:
        """What each column of the frame holds."""

    @abstractmethod
    def as_text(self, column: str) -> str:
        """The select item that casts a column to text under its own name."""

    # -- tables in and out --------------------------------------------------------------------

    def prepare(self, frame: Frame, scale: int | None, *, check: bool = True) -> tuple[Frame, int]:
        """The table with korus's types, after every check of its codes and values (unless the
        calculation makes them itself, in its own pass over the table)."""
        columns = self.column_types(frame)
        missing = [c for c in (*KEYS, "value") if c not in columns]
        if missing:
            raise InvalidValueError("table", ", ".join(missing), "are columns korus needs")
        value = columns["value"]
        lossy: str | None = None  # the condition of a value the cast to scale s would round
        if value.kind == "decimal":
            assert value.scale is not None
            s = value.scale if scale is None else check_scale(scale)
            if s < value.scale:
                # A smaller scale must not round: every value must already fit it.
                wide = f"DECIMAL({SUM_PRECISION}, {value.scale})"
                lossy = f"CAST(CAST(value AS DECIMAL({SUM_PRECISION}, {s})) AS {wide}) <> value"
        elif value.kind == "integer":
            s = 0 if scale is None else check_scale(scale)
        elif value.kind == "text":
            if scale is None:
                raise InvalidValueError("scale", None, "is needed to read values written as text")
            s = check_scale(scale)
            lossy = self.matches("value", too_many_decimals(s))
        else:
            raise not_a_value_column(value.name)
        if (
            lossy is not None
            and self.fetch(frame, f"SELECT bool_or({lossy}) FROM {{flows}}", flows=frame.table)[0][
                0
            ]
        ):
            raise InvalidValueError(
                "scale",
                s,
                "is smaller than the decimals of some values; korus never rounds a value",
            )
        optional = [c for c in BASIS_COLUMNS if c in columns]
        select = ", ".join(
            [
                *(self.as_text(c) for c in KEYS),
                f"CAST(value AS DECIMAL({MAX_PRECISION}, {s})) AS value",
                *(self.as_text(c) for c in optional),
            ]
        )
        typed = Frame(
            frame.owner, self.sql(frame, f"SELECT {select} FROM {{flows}}", flows=frame.table)
        )
        if check:
            self.check_values(typed)
        return typed, s

    def validated(self, frame: Frame, s: int) -> Frame:
        return frame

    def from_chunks(self, chunks: list[list[dict[str, Any]]], scale: int) -> Any:
        # Through Arrow: engines take a table in columns, where rows are sent one by one.
        import pyarrow as pa

        schema = arrow_schema(scale)
        return self.from_arrow(
            pa.concat_tables([pa.Table.from_pylist(chunk, schema=schema) for chunk in chunks])
        )

    # -- checks -------------------------------------------------------------------------------

    def check_values(self, frame: Frame, columns: tuple[str, ...] = KEYS) -> dict[str, list[Any]]:
        """Every distinct text of ``columns`` judged by korus's constructors, and no negative
        value: one pass. Returns the distinct texts of each column."""
        optional = tuple(c for c in BASIS_COLUMNS if c in frame.table.columns)
        found = self.fetch(
            frame,
            f"SELECT {self._texts((*columns, *optional))}, {_ANY_NEGATIVE} FROM {{flows}}",
            flows=frame.table,
        )[0]
        texts = self._judge(found, columns, optional)
        if found[-1]:
            self._refuse_negative(frame)
        return texts

    def _texts(self, columns: tuple[str, ...]) -> str:
        """Aggregates of each column's distinct texts and its nulls, for :meth:`_judge`. The
        nulls as ``count(*) - count(c)``: on DuckDB a third less than a filtered count (a
        pass over six columns of 10 million flows: 0.19 s against 0.28 s)."""
        return ", ".join(f"{self.distinct_list(c)}, count(*) - count({c})" for c in columns)

    @staticmethod
    def _judge(
        found: tuple[Any, ...], columns: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, list[Any]]:
        """Each column's distinct texts (as :meth:`_texts` finds them) judged, in the order of
        the columns: a null where only a basis may be missing, then the first bad text."""
        texts = {}
        for position, column in enumerate((*columns, *optional)):
            values, nulls = list(found[2 * position] or []), found[2 * position + 1]
            if nulls and column not in optional:
                raise InvalidValueError(column, None, "is null; only values may be missing")
            check_codes(column, sorted(values))
            texts[column] = values
        return texts

    def _refuse_negative(self, frame: Frame) -> None:
        (first,) = self.fetch(
            frame, "SELECT value FROM {flows} WHERE value < 0 LIMIT 1", flows=frame.table
        )
        raise InvalidValueError("value", str(first[0]), "is negative; a flow never is")

    def bases(self, frame: Frame, partners: bool) -> list[dict[str, Any]]:
        """The distinct reporters, directions (and partners) with the basis columns the table
        has; none where it has none."""
        present = [c for c in BASIS_COLUMNS if c in frame.table.columns]
        if not present:
            return []
        keys = ["reporter", *(["partner"] if partners else []), "direction", *present]
        found = self.fetch(
            frame, f"SELECT DISTINCT {', '.join(keys)} FROM {{flows}}", flows=frame.table
        )
        return [dict(zip(keys, row, strict=True)) for row in found]

    def _refuse_first(
        self,
        frame: Frame,
        query: str,
        error: type[Exception],
        field: str,
        reason: str,
        **tables: Any,
    ) -> None:
        found = self.fetch(frame, query + " LIMIT 1", **tables)
        if found:
            raise error(field, _name(found[0]), reason)

    @staticmethod
    def _flags(refusals: tuple[Refusal, ...]) -> str:
        """Aggregates, one a refusal: whether any row meets its condition. Asked in a statement
        the plan makes anyway, they spare a statement for each check of a table that passes
        (on Spark a job each)."""
        return ", ".join(f"count(*) FILTER (WHERE {r.condition}) > 0" for r in refusals)

    def _refuse_flagged(
        self,
        frame: Frame,
        source: str,
        refusals: tuple[Refusal, ...],
        flags: tuple[Any, ...],
        **tables: Any,
    ) -> None:
        """The first refusal whose flag (as :meth:`_flags` asks them) is set, naming its first
        row of ``source``; nothing where none is."""
        for refusal, flagged in zip(refusals, flags, strict=True):
            if flagged:
                self._refuse_first(
                    frame,
                    f"SELECT {refusal.columns} FROM {source} WHERE {refusal.condition}",
                    refusal.error,
                    refusal.field,
                    refusal.reason,
                    **tables,
                )

    def _ratio(self, numerator: str, denominator: str, s: int) -> str:
        """numerator / denominator in percent, rounded half to even at RATIO_SCALE decimals,
        from the exact integers of the values; NULL where either is NULL or the denominator is
        zero."""
        factor = f"CAST({10**s} AS {self.whole})"
        n = f"CAST(({numerator}) * {factor} AS {self.whole})"
        d = f"CAST(({denominator}) * {factor} AS {self.whole})"
        a = f"(abs({n}) * CAST({10 ** (RATIO_SCALE + 2)} AS {self.whole}))"
        b = f"abs(NULLIF({d}, 0))"
        q = self.quotient(a, b)
        rest = f"({a} - {q} * {b})"
        up = f"(CASE WHEN 2 * {rest} > {b} OR (2 * {rest} = {b} AND {q} % 2 = 1) THEN 1 ELSE 0 END)"
        signed = f"(CASE WHEN ({n} < 0) <> ({d} < 0) THEN -({q} + {up}) ELSE {q} + {up} END)"
        unit = format(Decimal(1).scaleb(-RATIO_SCALE), "f")
        return (
            f"CAST(CAST({signed} AS DECIMAL({SUM_PRECISION}, 0)) * {unit} "
            f"AS DECIMAL({SUM_PRECISION}, {RATIO_SCALE}))"
        )

    # -- calculations -------------------------------------------------------------------------

    def balances(self, frame: Frame, s: int, *, currencies: list[str] | None = None) -> Frame:
        """Exports beside imports, one GROUP BY over the whole table with its sums, after one
        pass that finds the distinct texts of every column with few values; the groups then
        give the sign of every value, where each row is one side of one pair, so that no second
        pass over the table reads the values (it took as long as finding every text). Every
        code is judged, and a negative value refused, in the order :meth:`check_values` and the
        keys' judgement gave before. A table in one currency spares every group the comparison
        of its currencies. ``currencies``: those of a table its caller has judged already (of
        this table or of one it was filtered from), which spares the first pass and every
        judgement."""
        keys = "reporter, partner, scope, period"
        names = ("reporter", "partner", "scope", "period")
        checked = currencies is not None
        if currencies is None:
            optional = tuple(c for c in BASIS_COLUMNS if c in frame.table.columns)
            first = ("direction", "currency", *optional)
            (found,) = self.fetch(
                frame,
                f"SELECT {self._texts((*first, *names))}, count(*) FROM {{flows}}",
                flows=frame.table,
            )
            currencies = self._judge(found[: 2 * len(first)], first[:2], optional)["currency"]
        paired = "direction IN ('export', 'import')"
        repeat = Refusal(
            keys,
            "exports_n > 1 OR imports_n > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
        )
        currency, delivered, refusals = _currencies(
            currencies, keys, repeat, "differs between the export and the import", paired
        )
        x, m = _operand("exports", s), _operand("imports", s)
        g = self.materialize(
            frame,
            f"""SELECT *, {_sum(f"{x} - {m}", s)} AS balance,
                {_sum(f"{x} + {m}", s)} AS two_way_trade
            FROM (SELECT {keys},
                count(*) FILTER (WHERE direction = 'export') AS exports_n,
                count(*) FILTER (WHERE direction = 'import') AS imports_n,
                {currency}
                {_sum("any_value(value) FILTER (WHERE direction = 'export')", s)} AS exports,
                {_sum("any_value(value) FILTER (WHERE direction = 'import')", s)} AS imports
            FROM {{flows}} GROUP BY {keys}) grouped""",
            flows=frame.table,
        )
        (found_in_groups,) = self.fetch(
            g,
            f"""SELECT {self._flags(refusals)}, bool_or(exports < 0 OR imports < 0),
                sum(exports_n + imports_n) FROM {{g}}""",
            g=g.table,
        )
        flags, (negative, sides) = found_in_groups[:-2], found_in_groups[-2:]
        repeated = flags[refusals.index(repeat)]
        if not checked:
            if repeated or (sides or 0) != found[-1]:
                # A row that is no side of a pair (another direction, a repeat): its value is
                # not in the groups, so the sign of every value is read from the table.
                ((negative,),) = self.fetch(
                    frame, f"SELECT {_ANY_NEGATIVE} FROM {{flows}}", flows=frame.table
                )
            if negative:
                self._refuse_negative(frame)
            for position, column in enumerate(names, start=len(first)):
                values, nulls = found[2 * position] or [], found[2 * position + 1]
                check_codes(column, [None] if nulls else sorted(values))
        self._refuse_flagged(g, "{g}", refusals, flags, g=g.table)
        return self.project(
            g,
            "exports_n + imports_n > 0",
            f"{keys}, {delivered}, exports, imports, balance, two_way_trade",
        )

    def shares(self, frame: Frame, s: int) -> Frame:
        keys = "reporter, direction, scope, period"
        self._refuse_first(
            frame,
            f"SELECT {keys} FROM {{flows}} WHERE NOT ({_NOT_WORLD}) GROUP BY {keys} "
            "HAVING count(*) > 1",
            MismatchError,
            "table",
            "has two world totals",
            flows=frame.table,
        )
        joined = self.materialize(
            frame,
            f"""SELECT p.reporter, p.partner, p.direction, p.scope, p.period, p.currency,
                    p.value, w.currency AS world_currency, w.value AS world
                FROM (SELECT * FROM {{flows}} WHERE {_NOT_WORLD}) p
                LEFT JOIN (SELECT * FROM {{flows}} WHERE NOT ({_NOT_WORLD})) w
                ON p.reporter = w.reporter AND p.direction = w.direction AND p.scope = w.scope
                   AND p.period = w.period""",
            flows=frame.table,
        )
        named = "reporter, partner, direction, scope, period"
        refusals = (
            Refusal(
                named,
                "world_currency IS NOT NULL AND world_currency <> currency",
                CurrencyMismatchError,
                "currency",
                "differs from the world total's",
            ),
            Refusal(
                named,
                "value > world AND world <> 0",
                MismatchError,
                "value",
                "exceeds the world total: not a part of it",
            ),
        )
        (flags,) = self.fetch(joined, f"SELECT {self._flags(refusals)} FROM {{j}}", j=joined.table)
        self._refuse_flagged(joined, "{j}", refusals, flags, j=joined.table)
        return self.materialize(
            joined,
            f"""SELECT reporter, partner, direction, scope, period, currency,
                {_sum("value", s)} AS value, {_sum("world", s)} AS world,
                {self._ratio("value", "world", s)} AS share
                FROM {{j}}""",
            j=joined.table,
        )

    def changes(self, frame: Frame, s: int) -> Frame:
        series = "reporter, partner, direction, scope"
        self._refuse_first(
            frame,
            f"SELECT {series}, period FROM {{flows}} GROUP BY {series}, period HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.table,
        )
        numbered = f"(SELECT *, {_FREQUENCY} AS frequency, {_ORDINAL} AS ordinal FROM {{flows}})"
        joined = self.materialize(
            frame,
            f"""SELECT n.reporter, n.partner, n.direction, n.scope, n.period, n.currency,
                    n.value, p.period AS previous_period, p.currency AS previous_currency,
                    p.value AS previous
                FROM {numbered} n LEFT JOIN {numbered} p ON {_NEXT}""",
            flows=frame.table,
        )
        self._refuse_first(
            joined,
            f"SELECT {series}, period FROM {{j}} "
            "WHERE previous_currency IS NOT NULL AND previous_currency <> currency",
            CurrencyMismatchError,
            "currency",
            "differs from the previous period's",
            j=joined.table,
        )
        v, p = _sum("value", s), _sum("previous", s)
        change = self._ratio(f"{_operand('value', s)} - {_operand('previous', s)}", p, s)
        return self.materialize(
            joined,
            f"""SELECT {series}, period, previous_period, currency, {v} AS value,
                {p} AS previous, {change} AS change
                FROM {{j}}""",
            j=joined.table,
        )

    def rank_partners(self, frame: Frame, s: int, by: str) -> Frame:
        texts = self.check_values(frame)
        keys = "reporter, partner, scope, period"
        if by in ("exports", "imports"):
            self._refuse_first(
                frame,
                f"SELECT {keys} FROM {{flows}} WHERE direction = '{by[:-1]}' AND {_NOT_WORLD} "
                f"GROUP BY {keys} HAVING count(*) > 1",
                MismatchError,
                "table",
                "repeats a flow already given",
                flows=frame.table,
            )
            table = self.materialize(
                frame,
                f"SELECT {keys}, currency, {_sum('value', s)} AS {by} FROM {{flows}} "
                f"WHERE direction = '{by[:-1]}' AND {_NOT_WORLD}",
                flows=frame.table,
            )
        else:
            not_world = Frame(
                frame.owner,
                self.sql(frame, f"SELECT * FROM {{flows}} WHERE {_NOT_WORLD}", flows=frame.table),
            )
            table = self.balances(not_world, s, currencies=texts["currency"])
        group = "reporter, scope, period"
        self._refuse_first(
            table,
            f"SELECT {group} FROM {{t}} WHERE {by} IS NOT NULL GROUP BY {group} "
            "HAVING count(DISTINCT currency) > 1",
            CurrencyMismatchError,
            "currency",
            "differs between partners ranked together",
            t=table.table,
        )
        return self.materialize(
            table,
            f"""SELECT {group}, currency, partner, {by} AS value,
                CAST(rank() OVER (PARTITION BY {group} ORDER BY {by} DESC) AS BIGINT) AS rank
                FROM {{t}} WHERE {by} IS NOT NULL ORDER BY {group}, rank, partner""",
            t=table.table,
        )

    def mirror(self, frame: Frame, s: int) -> Frame:
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
            self._refuse_first(
                frame,
                f"SELECT {keys} FROM {side} GROUP BY {keys} HAVING count(*) > 1",
                MismatchError,
                "table",
                "repeats a flow already given",
                flows=frame.table,
            )
        joined = self.materialize(
            frame,
            f"""SELECT coalesce(x.exporter, m.exporter) AS exporter,
                    coalesce(x.importer, m.importer) AS importer,
                    coalesce(x.scope, m.scope) AS scope, coalesce(x.period, m.period) AS period,
                    x.currency AS export_currency, m.currency AS import_currency,
                    x.value AS exports, m.value AS imports
                FROM {exports} x FULL OUTER JOIN {imports} m
                ON x.exporter = m.exporter AND x.importer = m.importer AND x.scope = m.scope
                   AND x.period = m.period""",
            flows=frame.table,
        )
        self._refuse_first(
            joined,
            f"SELECT {keys} FROM {{j}} WHERE export_currency <> import_currency",
            CurrencyMismatchError,
            "currency",
            "differs between the two sides",
            j=joined.table,
        )
        x, m = _sum("exports", s), _sum("imports", s)
        gap = f"{_operand('imports', s)} - {_operand('exports', s)}"
        return self.materialize(
            joined,
            f"""SELECT {keys}, coalesce(export_currency, import_currency) AS currency,
                {x} AS exports, {m} AS imports, {_sum(gap, s)} AS gap,
                {self._ratio(m, x, s)} AS ratio
                FROM {{j}}""",
            j=joined.table,
        )

    def grouped(
        self,
        frame: Frame,
        keys: tuple[str, ...],
        fields: tuple[str, ...],
        where: tuple[tuple[str, str], ...] = (),
    ) -> list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        columns = ", ".join(keys)
        for _, text in where:
            if not _PLAIN.fullmatch(text):
                raise InvalidValueError("where", text, "is not a code korus writes into SQL")
        condition = " AND ".join(f"{column} = '{text}'" for column, text in where) or "TRUE"
        found = self.fetch(
            frame,
            f"""SELECT {columns}, {self.list_of(fields)} AS items FROM {{flows}}
                WHERE {condition} GROUP BY {columns}""",
            flows=frame.table,
        )
        return [
            (
                tuple(row[: len(keys)]),
                [
                    tuple(item[f] for f in fields) if isinstance(item, dict) else tuple(item)
                    for item in row[-1]
                ],
            )
            for row in found
        ]

    def decompose_mirror(self, frame: Frame, s: int) -> Frame:
        """The mirror decomposition's twin: the gap, the valuation component (the importer's
        value as reported less its value at the exporter's valuation, where it gives one) and
        the rest."""
        keys = "exporter, importer, scope, period"
        valuation = "valuation" if "valuation" in frame.table.columns else "CAST(NULL AS STRING)"
        exports = (
            "(SELECT reporter AS exporter, partner AS importer, scope, period, currency, value, "
            f"{valuation} AS valuation FROM {{flows}} WHERE direction = 'export' AND {_NOT_WORLD})"
        )
        imports = (
            "(SELECT partner AS exporter, reporter AS importer, scope, period, currency, value, "
            f"{valuation} AS valuation FROM {{flows}} WHERE direction = 'import' AND {_NOT_WORLD})"
        )
        self._refuse_first(
            frame,
            f"SELECT {keys} FROM {exports} x GROUP BY {keys} HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.table,
        )
        # An import at CIF and at FOB is one report with two values; anything else twice is two.
        cif = "sum(CASE WHEN valuation = 'CIF' THEN 1 ELSE 0 END)"
        fob = "sum(CASE WHEN valuation = 'FOB' THEN 1 ELSE 0 END)"
        self._refuse_first(
            frame,
            f"""SELECT {keys} FROM {imports} m GROUP BY {keys} HAVING count(*) > 2
                OR (count(*) = 2 AND ({cif} <> 1 OR {fob} <> 1))""",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.table,
        )
        on = " AND ".join(f"x.{k} = m.{k}" for k in keys.split(", "))
        at = " AND ".join(f"a.{k} = x.{k}" for k in keys.split(", "))
        reported = f"""(SELECT i.* FROM {imports} i JOIN
            (SELECT {keys}, count(*) AS n FROM {imports} c GROUP BY {keys}) c
            ON i.exporter = c.exporter AND i.importer = c.importer AND i.scope = c.scope
               AND i.period = c.period
            WHERE c.n = 1 OR i.valuation = 'CIF')"""
        joined = self.materialize(
            frame,
            f"""SELECT coalesce(x.exporter, m.exporter) AS exporter,
                    coalesce(x.importer, m.importer) AS importer,
                    coalesce(x.scope, m.scope) AS scope, coalesce(x.period, m.period) AS period,
                    x.currency AS export_currency, m.currency AS import_currency,
                    a.currency AS at_currency, x.value AS exports, m.value AS imports,
                    a.value AS at_value, x.valuation AS exports_valuation,
                    m.valuation AS imports_valuation
                FROM {exports} x FULL OUTER JOIN {reported} m ON {on}
                LEFT JOIN {imports} a ON {at} AND a.valuation = x.valuation""",
            flows=frame.table,
        )
        self._refuse_first(
            joined,
            f"""SELECT {keys} FROM {{j}} WHERE export_currency <> import_currency
                OR at_currency <> import_currency""",
            CurrencyMismatchError,
            "currency",
            "differs between the two sides",
            j=joined.table,
        )
        gap = _sum(f"{_operand('imports', s)} - {_operand('exports', s)}", s)
        separated = _sum(f"{_operand('imports', s)} - {_operand('at_value', s)}", s)
        rest = _sum(f"{_operand('at_value', s)} - {_operand('exports', s)}", s)
        return self.materialize(
            joined,
            f"""SELECT {keys}, coalesce(export_currency, import_currency) AS currency,
                {_sum("imports", s)} AS imports, imports_valuation,
                {_sum("exports", s)} AS exports, exports_valuation, {gap} AS gap,
                {separated} AS valuation,
                CASE WHEN {separated} IS NULL THEN {gap} ELSE {rest} END AS residual
                FROM {{j}} ORDER BY {keys}""",
            j=joined.table,
        )

    def share_changes(self, frame: Frame, s: int) -> Frame:
        keys = "reporter, partner, direction, scope"
        current = self.shares(frame, s)
        self._refuse_first(
            current,
            f"SELECT {keys}, period FROM {{c}} GROUP BY {keys}, period HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            c=current.table,
        )
        numbered = f"(SELECT *, {_FREQUENCY} AS frequency, {_ORDINAL} AS ordinal FROM {{c}})"
        narrow = f"DECIMAL({SUM_PRECISION - 1}, {RATIO_SCALE})"
        ratio = f"DECIMAL({SUM_PRECISION}, {RATIO_SCALE})"
        return self.materialize(
            current,
            f"""SELECT n.reporter, n.partner, n.direction, n.scope, n.period,
                    p.period AS previous_period, n.share, p.share AS previous_share,
                    CAST(CAST(n.share AS {narrow}) - CAST(p.share AS {narrow}) AS {ratio})
                    AS change
                FROM {numbered} n LEFT JOIN {numbered} p ON {_NEXT}""",
            c=current.table,
        )

    def top_products(self, frame: Frame, s: int, n: int) -> Frame:
        group = "reporter, partner, direction, period"
        coverages = ", ".join(f"'{c}'" for c in COVERAGES)
        products = f"(SELECT * FROM {{flows}} WHERE scope NOT IN ({coverages}))"
        self._refuse_first(
            frame,
            f"SELECT {group}, scope FROM {products} GROUP BY {group}, scope HAVING count(*) > 1",
            MismatchError,
            "table",
            "repeats a flow already given",
            flows=frame.table,
        )
        ancestors = " UNION ALL ".join(
            f"SELECT {group}, scope, concat('HS:', substr(scope, 4, {length})) AS outer_scope "
            f"FROM {products} WHERE scope LIKE 'HS:%' AND length(scope) - 3 > {length}"
            for length in (2, 4)
        )
        nested = self.fetch(
            frame,
            f"""SELECT a.scope, a.outer_scope FROM ({ancestors}) a
                JOIN {products} p ON a.reporter = p.reporter AND a.partner = p.partner
                  AND a.direction = p.direction AND a.period = p.period
                  AND a.outer_scope = p.scope
                LIMIT 1""",
            flows=frame.table,
        )
        if nested:
            scope, outer = nested[0]
            raise MismatchError(
                "scope", scope, f"is part of {outer}, in the same table: not a rival"
            )
        self._refuse_first(
            frame,
            f"SELECT {group} FROM {products} WHERE value IS NOT NULL GROUP BY {group} "
            "HAVING count(DISTINCT currency) > 1",
            CurrencyMismatchError,
            "currency",
            "differs between products ranked together",
            flows=frame.table,
        )
        return self.materialize(
            frame,
            f"""SELECT * FROM (
                    SELECT {group}, currency, scope AS product, {_sum("value", s)} AS value,
                    CAST(rank() OVER (PARTITION BY {group} ORDER BY value DESC) AS BIGINT)
                    AS rank
                    FROM {products} WHERE value IS NOT NULL) ranked
                WHERE rank <= {n} ORDER BY {group}, rank, product""",
            flows=frame.table,
        )

    def totals(self, frame: Frame, s: int) -> Frame:
        """Each reporter's total over its partners, in one aggregation of the parts that also
        gives their group keys' texts and the sign of their values to judge (the world totals,
        few, judged on their own): a pass over the table for every column was most of the
        plan's time. Partners and currencies are found first, the plan needs them; every code
        is judged in the order :meth:`check_values` judges them, before any other check."""
        optional = tuple(c for c in BASIS_COLUMNS if c in frame.table.columns)
        group = "reporter, direction, scope, period"
        keys = ("reporter", "direction", "scope", "period")
        first = ("partner", "currency", *optional)
        (found,) = self.fetch(
            frame, f"SELECT {self._texts(first)} FROM {{flows}}", flows=frame.table
        )
        partners = sorted(p for p in (found[0] or []) if p != "WLD")
        currencies = list(found[2] or [])
        if not all(_PLAIN.fullmatch(t) for t in (*partners, *currencies)):
            # Partners and currencies are written into the plan's SQL: a text that is no code
            # (a quote, a space) is judged first, as every code is, and never reaches it.
            self.check_values(frame)
        join, distinct = self.partner_count(partners)
        repeat = Refusal(
            group,
            "distinct_partners < partners",
            MismatchError,
            "table",
            "repeats a partner: it would be counted twice",
        )
        currency, delivered, refusals = _currencies(
            currencies, group, repeat, "differs between partners summed"
        )
        g = self.materialize(
            frame,
            f"""SELECT {group}, CAST(count(*) AS BIGINT) AS partners,
                    {distinct} AS distinct_partners, {currency}
                    count(*) - count(value) AS missing, sum(value) AS total,
                    {_ANY_NEGATIVE} AS negative
                FROM (SELECT * FROM {{flows}} {join} WHERE {_NOT_WORLD}) parts
                GROUP BY {group}""",
            flows=frame.table,
        )
        (in_groups,) = self.fetch(
            g,
            f"SELECT {self._texts(keys)}, bool_or(negative), {self._flags(refusals)} FROM {{g}}",
            g=g.table,
        )
        negative, flags = in_groups[2 * len(keys)], in_groups[2 * len(keys) + 1 :]
        (in_world,) = self.fetch(
            frame,
            # The rows the parts leave out: world totals, and a partner missing, judged here.
            f"SELECT {self._texts(keys)}, {_ANY_NEGATIVE} FROM {{flows}} "
            "WHERE partner IS NULL OR partner = 'WLD'",
            flows=frame.table,
        )
        # The texts of every key column, in the order check_values judges them.
        by_column = dict(zip(first, zip(found[::2], found[1::2], strict=True), strict=True))
        for position, column in enumerate(keys):
            texts = {*(in_groups[2 * position] or []), *(in_world[2 * position] or [])}
            nulls = in_groups[2 * position + 1] + in_world[2 * position + 1]
            by_column[column] = (sorted(texts), nulls)
        ordered = (*KEYS, *optional)
        self._judge(tuple(part for column in ordered for part in by_column[column]), KEYS, optional)
        if negative or in_world[-1]:
            self._refuse_negative(frame)
        self._refuse_flagged(g, "{g}", refusals, flags, g=g.table)
        # A total with a missing part is missing too: the sum of the rest is not the total.
        return self.materialize(
            g,
            f"""SELECT {group}, {delivered}, partners,
                CASE WHEN missing = 0 THEN {_sum("total", s)} END AS total FROM {{g}}""",
            g=g.table,
        )
