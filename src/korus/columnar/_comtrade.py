"""A Comtrade file read in columns (:mod:`korus.readers._comtrade_arrow`) as a table of flows:
the flows and world totals (parts of totals left out), the value at the valuation asked for,
held to what the table's value column can hold exactly."""

from __future__ import annotations

from typing import Final

import polars as pl

from korus._basis import Valuation
from korus.columnar._table import MAX_PRECISION, polars_schema, too_many_decimals
from korus.readers._comtrade_arrow import comtrade_columns

_TAKEN: Final = {None: "primary", Valuation.FOB: "fob", Valuation.CIF: "cif"}


def comtrade_frame(source: object, valuation: Valuation | None, scale: int) -> pl.DataFrame | None:
    """The table of :func:`korus.columnar.comtrade_table` with Polars, read in columns, a
    group of rows at a time; None where the file must be read row by row, which then gives the
    table or says what is wrong with it (a value the table cannot hold exactly is refused
    there, by name)."""
    schema = polars_schema(scale)
    parts = comtrade_columns(
        source, lambda group: _table(group, valuation, scale, schema), numbered=False
    )
    if parts is None:
        return None
    # Chunked, not copied into one block: a copy would double the peak at the end.
    return pl.concat(parts, rechunk=False) if parts else pl.DataFrame(schema=schema)


def _table(
    read: pl.DataFrame, valuation: Valuation | None, scale: int, schema: pl.Schema
) -> pl.DataFrame | None:
    col = pl.col
    taken = col(_TAKEN[valuation])
    rows = read.filter(col("breakdown").is_null())
    # What the table's cast would round, or could not hold: the scalar path refuses it. The
    # reader's numerals have at most 20 digits before the point and 10 after it, so most
    # scales need neither check, and only numerals with a point can have too many decimals.
    checks = []
    if scale < 10:
        decimal = taken.filter(taken.str.contains(".", literal=True))
        checks.append(decimal.str.contains(too_many_decimals(scale)).any())
    if 20 + scale > MAX_PRECISION:
        digits = taken.str.split(".").list.first().str.len_bytes()
        checks.append((digits + scale > MAX_PRECISION).any())
    if checks and any(rows.select(checks).row(0)):
        return None
    table = rows.select(
        "reporter",
        "partner",
        "direction",
        "scope",
        "period",
        currency=pl.lit("USD"),
        # An empty value is missing (null), never zero, never the other valuation's.
        value=pl.when(taken == "").then(None).otherwise(taken),
        valuation="valuation" if valuation is None else pl.lit(valuation.value),
        edition="edition",
    )
    ordered = table.select(col(c) if c in table.columns else pl.lit(None).alias(c) for c in schema)
    return ordered.cast(schema)
