"""One row of a UN Comtrade file into a record, or a Reject that says which column is wrong and
why: codes, period, product, values."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from korus._basis import Basis, HSEdition, Valuation
from korus._economy import Economy
from korus._errors import KorusError
from korus._model import Direction, TradeFlow
from korus._period import Period
from korus._product import Coverage, Product, Scope
from korus._units import Quantity, money, to_decimal
from korus.readers._comtrade_columns import _BREAKDOWN_TOTALS
from korus.readers._comtrade_data import ComtradeRecord
from korus.readers._crosswalk import comtrade_table
from korus.readers._reading import Reject

_FLOWS: Final = {
    "M": Direction.IMPORT,
    "X": Direction.EXPORT,
    "RM": Direction.RE_IMPORT,
    "RX": Direction.RE_EXPORT,
    "DX": Direction.DOMESTIC_EXPORT,
}
#: Comtrade's classification codes of HS editions; "HS" is "as reported", an edition not stated.
_EDITIONS: Final = {e.value: e for e in HSEdition} | {"HS": None}
_WORLD_CODES: Final = {"W00"}
_VALUE: Final = re.compile(r"[0-9]{1,20}(?:\.[0-9]{1,10})?")
_MONTHS: Final = {str(m) for m in range(1, 13)} | {f"{m:02d}" for m in range(1, 10)}


def _economy(value: str, column: str, number: str) -> Economy:
    code = value.strip()
    if code in _WORLD_CODES:
        economy = Economy.WORLD
    else:
        try:
            economy = Economy(code)
        except KorusError as error:
            raise Reject(column, value, f"is not an economy korus knows ({error.reason})") from None
    known = comtrade_table().get(number)
    if known is not None and known.economy is not None and known.economy != economy:
        # The numeric code and the ISO code disagree: one of them is wrong, and korus cannot
        # tell which.
        raise Reject(
            column, value, f"but Comtrade's code {number} is {known.economy.code} ({known.name})"
        )
    return economy


def _amount(value: str, column: str) -> Quantity | None:
    if value == "":
        return None
    if _VALUE.fullmatch(value) is None:
        raise Reject(column, value, "is not a non-negative amount in US dollars")
    return money(to_decimal(Decimal(value), column), None, "USD")


def _record(fields: list[str], index: dict[str, int], line: int, width: int) -> ComtradeRecord:
    if len(fields) not in (width, width + 1) or (len(fields) == width + 1 and fields[-1] != ""):
        raise Reject("row", str(len(fields)), f"has {len(fields)} fields, not {width}")

    def get(column: str) -> str:
        return fields[index[column]]

    parts = []
    for column, total in _BREAKDOWN_TOTALS.items():
        value = get(column)
        if value != total:
            if not (value.isascii() and value.isalnum() and len(value) <= 10):
                raise Reject(column, value, f"is not a {column} (the total is {total})")
            parts.append(f"{column} {value}")
    if get("typeCode") != "C":
        raise Reject("typeCode", get("typeCode"), "korus reads goods (C) only")
    direction = _FLOWS.get(get("flowCode"))
    if direction is None:
        raise Reject("flowCode", get("flowCode"), "is not M, X, RM, RX or DX")
    year = get("refYear")
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise Reject("refYear", year, "is not a year")
    frequency = get("freqCode")
    if not (frequency == "A" or (frequency == "M" and get("refMonth") in _MONTHS)):
        raise Reject("freqCode", frequency, "is not A (annual) or M with a month 1-12")
    try:
        month = int(get("refMonth")) if frequency == "M" else None
        period = Period(int(year), month=month)
    except KorusError as error:
        raise Reject("refYear", year, error.reason) from None
    reporter = _economy(get("reporterISO"), "reporterISO", get("reporterCode"))
    partner = _economy(get("partnerISO"), "partnerISO", get("partnerCode"))
    classification = get("classificationCode")
    if classification not in _EDITIONS:
        raise Reject(
            "classificationCode", classification, "is not an HS edition (H0-H6, or HS as reported)"
        )
    code = get("cmdCode")
    scope: Scope
    if code == "TOTAL":
        scope = Coverage.GOODS
    elif len(code) in (2, 4, 6) and code.isascii() and code.isdigit():
        try:
            scope = Product("HS", code)
        except KorusError as error:
            raise Reject("cmdCode", code, error.reason) from None
    else:
        raise Reject("cmdCode", code, "is not TOTAL or an HS code")
    primary = _amount(get("primaryValue"), "primaryValue")
    # The primary value is one of the two valuations; one immutable quantity serves both.
    cif = (
        primary if get("cifvalue") == get("primaryValue") else _amount(get("cifvalue"), "cifvalue")
    )
    fob = (
        primary if get("fobvalue") == get("primaryValue") else _amount(get("fobvalue"), "fobvalue")
    )
    if primary is None:
        raise Reject(
            "primaryValue", "", "is empty: the value is missing, and korus does not read it as zero"
        )
    if reporter == partner and direction is Direction.IMPORT:
        # A country's imports from itself are goods coming back: re-imports.
        direction = Direction.RE_IMPORT
    # The primary value is the one of the two valuations the record holds: CIF for imports and
    # FOB for exports where it holds that one (or says neither, as legacy files may), the other
    # where only the other is there (imports reported FOB, with cifvalue empty).
    imported = direction in (Direction.IMPORT, Direction.RE_IMPORT)
    usual, other = ("cifvalue", "fobvalue") if imported else ("fobvalue", "cifvalue")
    primary_text = get("primaryValue")
    if get(usual) != primary_text and get(other) == primary_text:
        valuation = Valuation.FOB if imported else Valuation.CIF
    else:
        valuation = Valuation.CIF if imported else Valuation.FOB
    if reporter.is_aggregate or reporter.is_area:
        raise Reject("reporterISO", get("reporterISO"), "a reporter is one economy")
    try:
        # An edition is a property of product codes; a total of all goods is the same trade
        # under every edition.
        edition = _EDITIONS[classification] if isinstance(scope, Product) else None
        basis = Basis(valuation=valuation, edition=edition)
        flow = TradeFlow(reporter, partner, direction, scope, period, primary, basis=basis)
    except KorusError as error:
        raise Reject(error.field, str(error.value), error.reason) from None
    return ComtradeRecord(
        line, flow, cif, fob, get("flowCode"), breakdown=", ".join(parts) if parts else None
    )
