"""The layouts of UN Comtrade's CSV files: the 47 columns of Comtrade+ exports and API records,
the 35 of the legacy comtrade.un.org CSV, and each legacy row as the Comtrade+ row that says the
same."""

from __future__ import annotations

from typing import Final

from korus._errors import (
    KorusError,
    ParseError,
)
from korus.readers._crosswalk import comtrade_code
from korus.readers._reading import Reject

#: The 47 columns of a Comtrade+ CSV export and of the records of a Comtrade API response.
COLUMNS: Final = (
    "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period", "reporterCode",
    "reporterISO", "reporterDesc", "flowCode", "flowDesc", "partnerCode", "partnerISO",
    "partnerDesc", "partner2Code", "partner2ISO", "partner2Desc", "classificationCode",
    "classificationSearchCode", "isOriginalClassification", "cmdCode", "cmdDesc", "aggrLevel",
    "isLeaf", "customsCode", "customsDesc", "mosCode", "motCode", "motDesc", "qtyUnitCode",
    "qtyUnitAbbr", "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr", "altQty",
    "isAltQtyEstimated", "netWgt", "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated",
    "cifvalue", "fobvalue", "primaryValue", "legacyEstimationFlag", "isReported", "isAggregate",
)  # fmt: skip

#: The legacy comtrade.un.org CSV, as its API wrote it (35 columns; bulk downloads leave out
#: some of them, and korus needs only those in _LEGACY_REQUIRED).
LEGACY_COLUMNS: Final = (
    "Classification", "Year", "Period", "Period Desc.", "Aggregate Level", "Is Leaf Code",
    "Trade Flow Code", "Trade Flow", "Reporter Code", "Reporter", "Reporter ISO", "Partner Code",
    "Partner", "Partner ISO", "2nd Partner Code", "2nd Partner", "2nd Partner ISO",
    "Customs Proc. Code", "Customs", "Mode of Transport Code", "Mode of Transport",
    "Commodity Code", "Commodity", "Qty Unit Code", "Qty Unit", "Qty", "Alt Qty Unit Code",
    "Alt Qty Unit", "Alt Qty", "Netweight (kg)", "Gross weight (kg)", "Trade Value (US$)",
    "CIF Trade Value (US$)", "FOB Trade Value (US$)", "Flag",
)  # fmt: skip
_LEGACY_REQUIRED: Final = (
    "Classification", "Year", "Period", "Trade Flow Code", "Reporter Code", "Reporter ISO",
    "Partner Code", "Partner ISO", "Commodity Code", "Trade Value (US$)",
)  # fmt: skip
#: Each Comtrade+ column a legacy file has, by its legacy name.
_LEGACY_NAMES: Final = {
    "classificationCode": "Classification",
    "refYear": "Year",
    "period": "Period",
    "reporterCode": "Reporter Code",
    "reporterISO": "Reporter ISO",
    "partnerCode": "Partner Code",
    "partnerISO": "Partner ISO",
    "partner2Code": "2nd Partner Code",
    "customsCode": "Customs Proc. Code",
    "motCode": "Mode of Transport Code",
    "cmdCode": "Commodity Code",
    "primaryValue": "Trade Value (US$)",
    "cifvalue": "CIF Trade Value (US$)",
    "fobvalue": "FOB Trade Value (US$)",
    "flowCode": "Trade Flow Code",
}
_LEGACY_FLOWS: Final = {"1": "M", "2": "X", "3": "RX", "4": "RM"}
_LEGACY_TOTALS: Final = {"partner2Code": "0", "customsCode": "C00", "motCode": "0"}
#: The value of each breakdown column that marks a total rather than a part.
_BREAKDOWN_TOTALS: Final = {"customsCode": "C00", "motCode": "0", "partner2Code": "0"}


def _layout(header: list[str], name: str) -> tuple[dict[str, int], bool, int]:
    """Where each column is, whether the file is a legacy one, and how many columns it has."""
    header = [h.lstrip("\ufeff").strip() for h in header]
    if header and header[-1] == "":
        header = header[:-1]  # the trailing comma of every Comtrade+ row
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        # Which copy holds the value cannot be told; korus does not pick one.
        raise ParseError("source", name, f"names the column {duplicated[0]!r} more than once")
    if all(column in header for column in COLUMNS):
        return {column: header.index(column) for column in COLUMNS}, False, len(header)
    if all(column in header for column in _LEGACY_REQUIRED):
        return {c: header.index(c) for c in LEGACY_COLUMNS if c in header}, True, len(header)
    tabbed = ",".join(header).split("\t")
    if len(tabbed) > 1 and "typeCode" in tabbed:
        # UN Comtrade's bulk files (gzip, "application/TSV"): their columns hold the codes but
        # neither ISO codes nor names, a layout korus has seen only the header of.
        raise ParseError(
            "source",
            name,
            "is tab-separated, as UN Comtrade's bulk files are (no ISO codes, no names): korus "
            "reads the Comtrade+ CSV export and API responses (korus.fetch.fetch_comtrade), "
            "not that layout",
        )
    missing = [c for c in COLUMNS if c not in header]
    raise ParseError(
        "source",
        name,
        "is neither a Comtrade+ export (no columns "
        f"{', '.join(missing[:3])}) nor a legacy comtrade.un.org CSV (no columns "
        f"{', '.join(c for c in _LEGACY_REQUIRED if c not in header)})",
    )


def _from_legacy(fields: list[str], index: dict[str, int], width: int) -> list[str]:
    """A legacy row as the Comtrade+ row that says the same."""
    if len(fields) != width:
        raise Reject("row", str(len(fields)), f"has {len(fields)} fields, not {width}")
    row = dict.fromkeys(COLUMNS, "")
    for column, legacy in _LEGACY_NAMES.items():
        position = index.get(legacy)
        row[column] = "" if position is None else fields[position].strip()
    row["typeCode"] = "C"
    flow = _LEGACY_FLOWS.get(row["flowCode"])
    if flow is None:
        raise Reject(
            "Trade Flow Code",
            row["flowCode"],
            "is not 1 (import), 2 (export), 3 (re-export) or 4 (re-import)",
        )
    row["flowCode"] = flow
    period, year = row["period"], row["refYear"]
    if len(period) == 6 and period.startswith(year):
        row["freqCode"], row["refMonth"] = "M", period[4:]
    elif period == year:
        row["freqCode"] = "A"
    else:
        raise Reject("Period", period, f"is not the year {year} or a month (YYYYMM) in it")
    for column, total in _LEGACY_TOTALS.items():
        # Legacy files leave a breakdown column empty where the row is its total.
        row[column] = row[column] or total
    for side in ("reporter", "partner"):
        if not row[f"{side}ISO"]:
            row[f"{side}ISO"] = _iso_of(row[f"{side}Code"], f"{side.title()} Code")
    return [row[column] for column in COLUMNS]


def _iso_of(code: str, column: str) -> str:
    try:
        economy = comtrade_code(code).economy
    except KorusError:
        economy = None
    if economy is None:
        raise Reject(
            column, code, "has no ISO code in its row, and korus's Comtrade table lacks it"
        )
    return economy.code


_PLUS_INDEX: Final = {column: position for position, column in enumerate(COLUMNS)}
