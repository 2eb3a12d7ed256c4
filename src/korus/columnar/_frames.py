"""korus records as DataFrames and back: one row a record, amounts as exact decimal columns
beside their currency, measurement bases as columns, nothing rounded and nothing dropped.

A record type has one way to become a row (``_ROWS``); a column's type follows from its values
(decimals get the fewest decimals that hold every value exactly). pandas gets the same table
through Arrow, so its decimals stay exact (``ArrowDtype(decimal128)``), never float.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final

import polars as pl

from korus._basis import Basis
from korus._errors import InvalidTypeError, InvalidValueError
from korus._install import install_hint
from korus._model import Balance, Provenance, TradeFlow
from korus._product import scope_text
from korus._units import Quantity, currency_of, money
from korus._validate import items as as_list
from korus.claims import ClaimCheck, PublishedFigure
from korus.columnar._table import (
    BASIS_COLUMNS,
    basis_of,
    basis_row,
    decimals_needed,
    decimals_of,
    flow_of,
    row_of,
    scope_of,
)
from korus.readers import CensusRecord, ComtradeRecord, RejectedRow

_PRECISION: Final = 38


def _amount(value: Quantity | None) -> Decimal | None:
    return None if value is None else Decimal(value.m_as(currency_of(value)))


def _provenance(provenance: Provenance | None) -> dict[str, Any]:
    return {
        "publisher": provenance.publisher if provenance else None,
        "document": provenance.document if provenance else None,
        "url": provenance.url if provenance else None,
        "released": provenance.released if provenance else None,
    }


def _flow(flow: TradeFlow) -> dict[str, Any]:
    return row_of(flow, decimals_of(flow)) | _provenance(flow.provenance)


def _bases(prefix: str, basis: Basis) -> dict[str, Any]:
    return {f"{prefix}_{column}": value for column, value in basis_row(basis).items()}


def _balance(balance: Balance) -> dict[str, Any]:
    return {
        "reporter": balance.reporter.code,
        "partner": balance.partner.code,
        "scope": scope_text(balance.scope),
        "period": str(balance.period),
        "currency": balance.currency,
        "exports": _amount(balance.exports),
        "imports": _amount(balance.imports),
        "balance": _amount(balance.net),
        "two_way_trade": _amount(balance.two_way),
        **_bases("export", balance.export_basis),
        **_bases("import", balance.import_basis),
    }


def _comtrade(record: ComtradeRecord) -> dict[str, Any]:
    return {
        "line": record.line,
        "flow_code": record.flow_code,
        **_flow(record.flow),
        "cif": _amount(record.cif),
        "fob": _amount(record.fob),
        "breakdown": record.breakdown,
    }


def _census(record: CensusRecord) -> dict[str, Any]:
    return {
        "line": record.line,
        "country_code": record.country.code,
        "country_name": record.country.name,
        "country_kind": record.country.kind.value,
        "breakdown": record.breakdown,
        "reporter": None if record.flow is None else record.flow.reporter.code,
        "partner": None if record.country.economy is None else record.country.economy.code,
        "direction": None if record.flow is None else record.flow.direction.value,
        "scope": scope_text(record.scope),
        "period": str(record.period),
        "currency": currency_of(record.value),
        "value": _amount(record.value),
        **basis_row(record.flow.basis if record.flow is not None else Basis()),
    }


def _rejected(row: RejectedRow) -> dict[str, Any]:
    return {"line": row.line, "column": row.column, "value": row.value, "reason": row.reason}


def _check(check: ClaimCheck) -> dict[str, Any]:
    claim = check.claim
    return {
        "id": None if claim is None else claim.id,
        "reporter": None if claim is None else claim.reporter.code,
        "partner": None if claim is None else claim.partner.code,
        "year": None if claim is None else claim.year,
        "measure": None if claim is None else claim.measure.value,
        "scope": None if claim is None else claim.scope,
        "printed": None if claim is None else claim.text,
        "verdict": None if check.verdict is None else check.verdict.value,
        "explanation": check.explanation,
        "error": check.error,
    }


def _published(figure: PublishedFigure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "reporter": figure.reporter.code,
        "partner": figure.partner.code,
        "year": figure.year,
        "scope": figure.scope,
        "measure": figure.measure.value,
        "value": figure.figure.value,
        "unit": figure.figure.unit,
        "rounded_to": figure.figure.step,
        **_provenance(figure.figure.provenance),
    }


_ROWS: Final[dict[type, Callable[[Any], dict[str, Any]]]] = {
    TradeFlow: _flow,
    Balance: _balance,
    ComtradeRecord: _comtrade,
    CensusRecord: _census,
    RejectedRow: _rejected,
    ClaimCheck: _check,
    PublishedFigure: _published,
}


def _dtype(column: str, values: list[Any]) -> pl.DataType:
    present = [v for v in values if v is not None]
    kinds = {type(v) for v in present}
    if not kinds or kinds <= {str}:
        return pl.String()
    if kinds <= {Decimal}:
        scale = max(decimals_needed(v) for v in present)
        for value in present:
            whole = max(0, value.adjusted() + 1)  # digits before the point
            if whole + scale > _PRECISION:
                raise InvalidValueError(
                    column,
                    value,
                    f"needs {whole + scale} digits at {scale} decimals, more than the "
                    f"{_PRECISION} a decimal column holds",
                )
        return pl.Decimal(_PRECISION, scale)
    if kinds <= {int}:
        return pl.Int64()
    if kinds <= {bool}:
        return pl.Boolean()
    if kinds <= {datetime.date}:
        return pl.Date()
    raise InvalidTypeError(column, present[0], "has no column type korus writes")  # a korus bug


def to_polars(records: Iterable[Any]) -> pl.DataFrame:
    """Records of one kind as a Polars DataFrame (the public :func:`korus.columnar.to_polars`)."""
    rows = as_list(records, "records")
    if not rows:
        raise InvalidValueError("records", [], "must not be empty: a table needs its columns")
    kind = type(rows[0])
    make = _ROWS.get(kind)
    if make is None:
        raise InvalidTypeError(
            "records[0]",
            rows[0],
            f"is not a record korus writes as a table: {', '.join(t.__name__ for t in _ROWS)}",
        )
    for index, row in enumerate(rows):
        if type(row) is not kind:
            raise InvalidTypeError(
                f"records[{index}]", row, f"is a {type(row).__name__}; a table holds one kind"
            )
    table = [make(row) for row in rows]
    columns = list(table[0])
    schema = {c: _dtype(c, [row[c] for row in table]) for c in columns}
    return pl.DataFrame(table, schema=schema, orient="row")


def to_pandas(records: Iterable[Any]) -> Any:
    """Records of one kind as a pandas DataFrame (the public :func:`korus.columnar.to_pandas`)."""
    try:
        import pandas  # noqa: F401  # a clear message before Polars' own
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise InvalidValueError(
            "pandas",
            error.name,
            f"is not installed; pandas tables need pandas and pyarrow "
            f"({install_hint('polars')} brings pyarrow)",
        ) from None
    return to_polars(records).to_pandas(use_pyarrow_extension_array=True)


def balances_of(rows: Iterable[dict[str, Any]]) -> tuple[Balance, ...]:
    """Balances from rows of a balance table (as :func:`to_polars` writes them)."""
    result = []
    for row in rows:
        for column in ("exports", "imports"):
            if row.get(column) is None:
                raise InvalidValueError(
                    column, None, f"is missing in the row {row['reporter']}-{row['partner']}"
                )
        flow_keys = {k: row[k] for k in ("reporter", "partner", "scope", "period", "currency")}
        exports = flow_of(flow_keys | {"direction": "export", "value": row["exports"]} | {
            c: row.get(f"export_{c}") for c in BASIS_COLUMNS})  # fmt: skip
        result.append(
            Balance(
                exports.reporter,
                exports.partner,
                scope_of(row["scope"]),
                exports.period,
                money(Decimal(row["exports"]), None, row["currency"]),
                money(Decimal(row["imports"]), None, row["currency"]),
                export_basis=exports.basis,
                import_basis=basis_of({c: row.get(f"import_{c}") for c in BASIS_COLUMNS}),
            )
        )
    return tuple(result)
