"""A US Census trade API response read in columns as a table of flows: the rows judged a group
at a time by the Census reader's own judges (:meth:`korus.readers._census._Judged.flows`), the
table's texts written by the functions :func:`korus.columnar._table.row_without_value` writes a
flow's with, without a record a row. Where the reader cannot vouch for every row, None: the
response is then read record by record, which gives the same table or says what is wrong."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import polars as pl

from korus._product import scope_text
from korus.columnar._table import (
    basis_row,
    direction_text,
    economy_text,
    period_text,
    polars_schema,
)
from korus.readers._census import census_flows


def census_frame(source: Any, value: str, direction: str | None) -> pl.DataFrame | None:
    """The table of :func:`korus.columnar.census_table` with Polars; None where the response
    must be read record by record."""
    read = census_flows(source, value, direction)
    if read is None:
        return None
    basis, (countries, directions, scopes, periods, values) = read
    n = len(values)
    schema = polars_schema(0)
    columns: dict[str, Any] = {
        "reporter": ["USA"] * n,
        "partner": _texts(countries, lambda country: economy_text(country.economy)),
        "direction": _texts(directions, direction_text),
        "scope": _texts(scopes, scope_text),
        "period": _texts(periods, period_text),
        "currency": ["USD"] * n,
        # The reader matched every value: a whole number of at most 20 digits.
        "value": list(map(Decimal, values)),
        **{column: [text] * n for column, text in basis_row(basis).items()},
    }
    return pl.DataFrame(columns, schema=schema)


def _texts(verdicts: Iterable[Any], text: Callable[[Any], str]) -> list[str]:
    """Each verdict's text, made once for each verdict: the reader gives one object for each
    distinct text it judged, so they are told apart by identity, which costs no hashing."""
    made: dict[int, str] = {}
    texts = []
    for verdict in verdicts:
        key = id(verdict)
        found = made.get(key)
        if found is None:
            found = made[key] = text(verdict)
        texts.append(found)
    return texts
