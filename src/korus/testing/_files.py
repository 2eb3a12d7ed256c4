"""Files in the real formats of UN Comtrade and the US Census Bureau, written by korus itself.

The readers must meet the quirks of real files: cp1252 text, a trailing comma on every
Comtrade+ row, Comtrade's own economy codes (842 for the USA), pseudo-partners with padded codes
("X1 ", "_X "), World rows beside their partners, values with fractional dollars, nulls in API
responses, Census groupings among countries and ports beside their totals. Real files carrying
those quirks are other people's work; these writers produce the same formats from rows the caller
describes, so tests, examples and users' own projects own their fixtures.

The sample sets (:func:`comtrade_sample`, :func:`census_sample`, ...) hold a few published
figures (US–Korea and US–China trade in 2022 as UN Comtrade reported them; US exports of cereals
to Korea in 2024 as the Census Bureau reported them), quoted with their source in
``korus/data/README.md``, among made-up partners whose values are generated. World rows and
all-ports totals equal the exact sum of their parts, as in the real files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import pathlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from korus._errors import InvalidValueError
from korus._validate import instance_of
from korus.readers import COMTRADE_COLUMNS, COMTRADE_LEGACY_COLUMNS, census_code, comtrade_code

_FLOWS: Final = {
    "M": "Import",
    "X": "Export",
    "RM": "Re-import",
    "RX": "Re-export",
    "DX": "Domestic Export",
}
_LEGACY_FLOWS: Final = {"M": "1", "X": "2", "RX": "3", "RM": "4"}


def _flow_code(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in _FLOWS:
        raise InvalidValueError(attribute.name, value, f"must be one of {', '.join(_FLOWS)}")


def _legacy_flow(code: str) -> str:
    if code not in _LEGACY_FLOWS:
        raise InvalidValueError("flow", code, "the legacy format numbers M, X, RX and RM only")
    return _LEGACY_FLOWS[code]


def _amount_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidValueError(attribute.name, value, "must be a printed amount (str) or None")


@attrs.frozen
class ComtradeRow:
    """One row of a UN Comtrade file, in Comtrade's own terms: numeric economy codes, a flow
    code (M, X, RM, RX) and values as printed (text, so ``"206642208248.492"`` stays exact).

    The primary value is the CIF value of imports and the FOB value of exports unless given (or
    the other valuation, where only the other is given).

    >>> row = ComtradeRow("842", "410", "M", 2022, cif="120859256396", fob="115325529001")
    >>> row.primary, row.reporter_iso, row.partner_iso
    ('120859256396', 'USA', 'KOR')
    """

    reporter: str = attrs.field(validator=instance_of(str, "reporter"))
    partner: str = attrs.field(validator=instance_of(str, "partner"))
    flow: str = attrs.field(validator=_flow_code)
    year: int = attrs.field(validator=instance_of(int, "year"))
    cif: str | None = attrs.field(default=None, kw_only=True, validator=_amount_text)
    fob: str | None = attrs.field(default=None, kw_only=True, validator=_amount_text)
    #: The value Comtrade calls primary; by default the CIF value of imports, the FOB of exports.
    primary_value: str | None = attrs.field(default=None, kw_only=True, validator=_amount_text)
    month: int | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(int, "month", optional=True)
    )
    cmd: str = attrs.field(default="TOTAL", kw_only=True, validator=instance_of(str, "cmd"))
    classification: str = attrs.field(
        default="H6", kw_only=True, validator=instance_of(str, "classification")
    )
    customs: str = attrs.field(default="C00", kw_only=True, validator=instance_of(str, "customs"))
    mot: str = attrs.field(default="0", kw_only=True, validator=instance_of(str, "mot"))
    partner2: str = attrs.field(default="0", kw_only=True, validator=instance_of(str, "partner2"))

    @property
    def primary(self) -> str:
        """The value Comtrade calls primary, as printed: the CIF value of imports and the FOB
        value of exports, or the other where only the other is given ("" where neither is)."""
        if self.primary_value is not None:
            return self.primary_value
        usual, other = (self.cif, self.fob) if self.flow in ("M", "RM") else (self.fob, self.cif)
        chosen = usual if usual is not None else other
        return "" if chosen is None else chosen

    @property
    def reporter_iso(self) -> str:
        """The reporter's ISO code, as Comtrade writes it beside its own code."""
        return _iso(self.reporter)

    @property
    def partner_iso(self) -> str:
        """The partner's ISO code ("W00" for the world; pseudo-areas padded to three)."""
        return _iso(self.partner)


def _iso(code: str) -> str:
    if code == "0":
        return "W00"
    economy = comtrade_code(code).economy
    # Comtrade pads its pseudo-area codes to three characters ("X1 ", "_X ").
    return "" if economy is None else economy.code.ljust(3)


def _name(code: str) -> str:
    return comtrade_code(code).name


_PLUS_HEADER: Final = COMTRADE_COLUMNS


def _plus_fields(row: ComtradeRow) -> dict[str, object]:
    """The 47 fields of a Comtrade+ record, typed as the API types them."""
    monthly = row.month is not None
    period = f"{row.year}{row.month:02d}" if monthly else str(row.year)
    total = row.cmd == "TOTAL"
    return {
        "typeCode": "C",
        "freqCode": "M" if monthly else "A",
        "refPeriodId": int(f"{period}01" if monthly else f"{period}0101"),
        "refYear": row.year,
        "refMonth": row.month if monthly else 52,
        "period": period,
        "reporterCode": int(row.reporter),
        "reporterISO": row.reporter_iso,
        "reporterDesc": _name(row.reporter),
        "flowCode": row.flow,
        "flowDesc": _FLOWS[row.flow],
        "partnerCode": int(row.partner),
        "partnerISO": row.partner_iso,
        "partnerDesc": _name(row.partner),
        "partner2Code": int(row.partner2) if row.partner2.isdigit() else row.partner2,
        "partner2ISO": "W00" if row.partner2 == "0" else _iso(row.partner2),
        "partner2Desc": "World" if row.partner2 == "0" else _name(row.partner2),
        "classificationCode": row.classification,
        "classificationSearchCode": "HS",
        "isOriginalClassification": True,
        "cmdCode": row.cmd,
        "cmdDesc": "All Commodities" if total else f"HS {row.cmd}",
        "aggrLevel": 0 if total else len(row.cmd),
        "isLeaf": not total and len(row.cmd) == 6,
        "customsCode": row.customs,
        "customsDesc": "TOTAL CPC" if row.customs == "C00" else row.customs,
        "mosCode": "0",
        "motCode": int(row.mot) if row.mot.isdigit() else row.mot,
        "motDesc": "TOTAL MOT" if row.mot == "0" else f"MOT {row.mot}",
        "qtyUnitCode": -1,
        "qtyUnitAbbr": "N/A",
        "qty": None,
        "isQtyEstimated": False,
        "altQtyUnitCode": -1,
        "altQtyUnitAbbr": "N/A",
        "altQty": None,
        "isAltQtyEstimated": False,
        "netWgt": None,
        "isNetWgtEstimated": True,
        "grossWgt": None,
        "isGrossWgtEstimated": False,
        "cifvalue": row.cif,
        "fobvalue": row.fob,
        "primaryValue": row.primary or None,
        "legacyEstimationFlag": 4,
        "isReported": False,
        "isAggregate": True,
    }


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def comtrade_plus_csv(rows: Iterable[ComtradeRow], *, encoding: str = "cp1252") -> bytes:
    """A UN Comtrade+ CSV export of the rows, as the Comtrade+ site writes one: 47 columns,
    every field quoted but empty values, every row ending in a trailing comma, cp1252 text.

    >>> text = comtrade_plus_csv([ComtradeRow("842", "410", "X", 2022, fob="71469488662")])
    >>> text.splitlines()[1][:60]
    b'"C","A","20220101","2022","52","2022","842","USA","USA","X",'
    >>> text.splitlines()[1][-60:]
    b'e",,"false",,"71469488662","71469488662","4","false","true",'
    """
    out = io.StringIO(newline="")
    out.write(",".join(_PLUS_HEADER) + "\r\n")
    for row in rows:
        fields = [_csv_text(v) for v in _plus_fields(row).values()]
        out.write(",".join(f'"{f}"' if f else "" for f in fields) + ",\r\n")
    return out.getvalue().encode(encoding)


def comtrade_api_json(
    rows: Iterable[ComtradeRow], *, count: int | None = None, error: str = ""
) -> bytes:
    """A response of the UN Comtrade API (``data/v1/get``): ``elapsedTime``, ``count``, ``data``
    and ``error``, each record with the 47 fields typed (numbers for codes and values, null
    for what is missing, booleans).

    :param count: the ``count`` the response claims; by default the number of records.
    :param error: the API's error message; empty in a good answer.

    >>> import json
    >>> document = json.loads(comtrade_api_json([ComtradeRow("156", "32", "M", 2010, cif="6804128143")]))
    >>> document["count"], document["data"][0]["cifvalue"], document["data"][0]["fobvalue"]
    (1, 6804128143.0, None)
    """
    records = []
    for row in rows:
        record = _plus_fields(row)
        for field in ("cifvalue", "fobvalue", "primaryValue"):
            value = record[field]
            # The API prints values as JSON floats ("6804128143.0"); exact for what it holds.
            record[field] = None if value is None else float(Decimal(str(value)))
        records.append(record)
    document = {
        "elapsedTime": "0.21 secs",
        "count": len(records) if count is None else count,
        "data": records,
        "error": error,
    }
    return json.dumps(document).encode()


_LEGACY_HEADER: Final = ",".join(COMTRADE_LEGACY_COLUMNS)


def comtrade_legacy_csv(rows: Iterable[ComtradeRow]) -> bytes:
    """A CSV of the legacy comtrade.un.org API (35 columns): flows as 1-4, breakdown columns
    empty for totals, names quoted only where they hold a comma, UTF-8.

    >>> text = comtrade_legacy_csv([ComtradeRow("842", "0", "RX", 2016, fob="62133709", cmd="01", classification="H4")])
    >>> text.splitlines()[1].decode()
    'H4,2016,2016,2016,2,0,3,Re-export,842,USA,USA,0,World,WLD,,,,,,,,01,HS 01,1,No Quantity,,,,,,,62133709,,62133709,0'
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    out.write(_LEGACY_HEADER + "\n")
    for row in rows:
        monthly = row.month is not None
        period = f"{row.year}{row.month:02d}" if monthly else str(row.year)
        total = row.cmd == "TOTAL"
        writer.writerow(
            [
                row.classification,
                row.year,
                period,
                period,
                0 if total else len(row.cmd),
                0,
                _legacy_flow(row.flow),
                _FLOWS[row.flow],
                row.reporter,
                _name(row.reporter),
                row.reporter_iso.strip(),
                row.partner,
                _name(row.partner),
                "WLD" if row.partner == "0" else row.partner_iso.strip(),
                *(("", "", "") if row.partner2 == "0" else (row.partner2, "", "")),
                *(("", "") if row.customs == "C00" else (row.customs, "")),
                *(("", "") if row.mot == "0" else (row.mot, "")),
                row.cmd,
                "All Commodities" if total else f"HS {row.cmd}",
                1,
                "No Quantity",
                "",
                "",
                "",
                "",
                "",
                "",
                row.primary,
                row.cif or "",
                row.fob or "",
                0,
            ]
        )
    return out.getvalue().encode()


def _pairs(values: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    try:
        pairs = dict(values)
    except (TypeError, ValueError):
        raise InvalidValueError("values", values, "must map variable names to values") from None
    for variable, value in pairs.items():
        if not (isinstance(variable, str) and isinstance(value, str)):
            raise InvalidValueError("values", values, "must map variable names to printed values")
    return tuple(sorted(pairs.items()))


@attrs.frozen
class CensusRow:
    """One row of a US Census international trade API response: a Schedule C country code
    (``"5800"``, ``"-"`` for all countries, ``"0003"`` for a grouping), a port (``"-"`` for
    all ports) and the values of the response's variables, as printed.

    >>> CensusRow("5800", {"CNT_VAL_YR": "143751419"}).name
    'South Korea (Republic of Korea)'
    """

    country: str = attrs.field(validator=instance_of(str, "country"))
    #: The values by variable (``{"CNT_VAL_YR": "143751419"}``), kept as sorted pairs.
    values: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)
    port: str = attrs.field(default="-", kw_only=True, validator=instance_of(str, "port"))
    port_name: str = attrs.field(
        default="TOTAL FOR ALL PORTS", kw_only=True, validator=instance_of(str, "port_name")
    )

    @property
    def name(self) -> str:
        """The country's name in korus's Schedule C table."""
        return census_code(self.country).name


def census_json(
    rows: Iterable[CensusRow],
    variables: Iterable[str],
    *,
    direction: str = "export",
    commodity: str = "10",
    time: str = "2024-12",
    ports: bool = True,
) -> bytes:
    """A response of the Census international trade API in its own layout: a JSON list of
    lists of strings, the header first, one row a line.

    :param variables: the value columns, in order (``"CNT_VAL_YR"``, ``"GEN_VAL_MO"``, ...).
    :param direction: ``"export"`` (an ``E_COMMODITY`` column) or ``"import"`` (``I_COMMODITY``).
    :param ports: whether the response has ``PORT`` and ``PORT_NAME`` columns.

    >>> text = census_json([CensusRow("5800", {"CNT_VAL_YR": "143751419"})], ["CNT_VAL_YR"], ports=False)
    >>> print(text.decode())
    [["CNT_VAL_YR", "CTY_CODE", "CTY_NAME", "E_COMMODITY", "YEAR", "COMM_LVL", "time"],
    ["143751419", "5800", "SOUTH KOREA (REPUBLIC OF KOREA)", "10", "2024", "HS2", "2024-12"]]
    """
    names = list(variables)
    if direction not in ("export", "import"):
        raise InvalidValueError("direction", direction, "must be 'export' or 'import'")
    side = "E_COMMODITY" if direction == "export" else "I_COMMODITY"
    header = [*names, "CTY_CODE", "CTY_NAME", *(("PORT", "PORT_NAME") if ports else ()), side]
    header += ["YEAR", "COMM_LVL", "time"]
    level = "HS2" if len(commodity) == 2 else f"HS{len(commodity)}"
    lines = [json.dumps(header)]
    for row in rows:
        values = dict(row.values)
        fields = [values.get(v, "0") for v in names]
        fields += [row.country, row.name.upper()]
        fields += [row.port, row.port_name] if ports else []
        fields += [commodity, time[:4], level, time]
        lines.append(json.dumps(fields))
    return ("[" + ",\n".join(lines) + "]").encode()


def _made_up(*key: object, digits: int = 11, places: int = 0) -> str:
    """A value that looks real and is the same on every run: digits of a hash of the key."""
    number = int(hashlib.sha256(repr(key).encode()).hexdigest()[:16], 16)
    whole = number % 10**digits
    if places == 0:
        return str(whole)
    return str(Decimal(whole).scaleb(-places))


#: UN Comtrade 2022, annual, all commodities (H6), as reported by China (156), Germany (276) and
#: the USA (842): reporter, flow, partner, CIF, FOB. Quoted from a Comtrade+ export (source:
#: korus/data/README.md), for twelve partners: economies (Côte d'Ivoire, 384, for cp1252; North
#: Korea, 408, with US imports of $29,088 and no exports), "Other Asia, nes" (490), bunkers (837)
#: and "Areas, nes" (899).
_COMTRADE_2022: Final = (
    ("156", "M", "124", "42383256533", None),
    ("156", "M", "156", "122883424107", None),
    ("156", "M", "276", "111397908371", None),
    ("156", "M", "384", "970219283", None),
    ("156", "M", "392", "184496994754", None),
    ("156", "M", "408", "133677748", None),
    ("156", "M", "410", "199667117880", None),
    ("156", "M", "484", "17429580385", None),
    ("156", "M", "490", "238091842710", None),
    ("156", "M", "704", "87960625997", None),
    ("156", "M", "842", "178956829551", None),
    ("156", "M", "899", "1353880685", None),
    ("156", "X", "124", None, "53704892083"),
    ("156", "X", "276", None, "116226631561"),
    ("156", "X", "384", None, "3490895902"),
    ("156", "X", "392", None, "172927435952"),
    ("156", "X", "408", None, "894039906"),
    ("156", "X", "410", None, "162621428186"),
    ("156", "X", "484", None, "77534943659"),
    ("156", "X", "490", None, "81697006201"),
    ("156", "X", "704", None, "146959899841"),
    ("156", "X", "842", None, "582756110047"),
    ("156", "X", "899", None, "120345"),
    ("276", "M", "124", "7408475914.046", None),
    ("276", "M", "156", "206642208248.492", None),
    ("276", "M", "384", "695282769.314", None),
    ("276", "M", "392", "27408864697.694", None),
    ("276", "M", "410", "14121885217.018", None),
    ("276", "M", "484", "9886822945.7", None),
    ("276", "M", "490", "18145076301.692", None),
    ("276", "M", "704", "15437412338.364", None),
    ("276", "M", "842", "99761080104.045", None),
    ("276", "M", "899", "78036556316.494", None),
    ("276", "X", "124", None, "13530813942.948"),
    ("276", "X", "156", None, "113344146310.536"),
    ("276", "X", "384", None, "364094933.578"),
    ("276", "X", "392", None, "21837203004.786"),
    ("276", "X", "410", None, "22777361599.321"),
    ("276", "X", "484", None, "17299598349.892"),
    ("276", "X", "490", None, "11724313645.279"),
    ("276", "X", "704", None, "3613514867.433"),
    ("276", "X", "837", None, "5342259710.708"),
    ("276", "X", "842", None, "165537829219.647"),
    ("276", "X", "899", None, "12636192762.07"),
    ("842", "M", "124", "446623933605", "436018643611"),
    ("842", "M", "156", "575688091172", "536732471721"),
    ("842", "M", "276", "150408499381", "146555381930"),
    ("842", "M", "384", "1113433482", "1054978623"),
    ("842", "M", "392", "154445161543", "148329293664"),
    ("842", "M", "408", "29088", "29088"),
    ("842", "M", "410", "120859256396", "115325529001"),
    ("842", "M", "484", "459177656357", "454902693205"),
    ("842", "M", "490", "96075308469", "91844599269"),
    ("842", "M", "704", "135876540954", "127521219882"),
    ("842", "X", "124", None, "354887051264"),
    ("842", "X", "156", None, "153837022415"),
    ("842", "X", "276", None, "72549705243"),
    ("842", "X", "384", None, "504799899"),
    ("842", "X", "392", None, "80304526177"),
    ("842", "X", "410", None, "71469488662"),
    ("842", "X", "484", None, "324377768936"),
    ("842", "X", "490", None, "43710241515"),
    ("842", "X", "704", None, "11398113401"),
)


def comtrade_sample() -> tuple[ComtradeRow, ...]:
    """Rows of a Comtrade+ export for 2022 (H6, all commodities): China (156), Germany (276)
    and the USA (842) against twelve partners, imports and exports, as UN Comtrade published
    them; the US reports imports both CIF and FOB, China and Germany CIF only; China reports
    imports from itself (re-imports, in its World total of imports).

    Each reporter's World row is the exact sum of these partners (not Comtrade's world total,
    which counts every partner), but for Germany's imports, which Comtrade prints to a tenth of
    a cent: their World row is 0.003 below the sum, within the rounding of its parts, as in
    Comtrade's own file.

    >>> rows = comtrade_sample()
    >>> len(rows), sum(r.partner == "0" for r in rows)
    (69, 6)
    """
    rows: list[ComtradeRow] = []
    for reporter in ("156", "276", "842"):
        for flow in ("M", "X"):
            parts = [
                ComtradeRow(reporter, partner, flow, 2022, cif=cif, fob=fob)
                for r, f, partner, cif, fob in _COMTRADE_2022
                if (r, f) == (reporter, flow)
            ]
            world = {
                v: str(sum(Decimal(getattr(p, v)) for p in parts))
                for v in ("cif", "fob")
                if all(getattr(p, v) is not None for p in parts)
            }
            if (reporter, flow) == ("276", "M"):
                world["cif"] = str(Decimal(world["cif"]) - Decimal("0.003"))
            rows.append(
                ComtradeRow(reporter, "0", flow, 2022, cif=world.get("cif"), fob=world.get("fob"))
            )
            rows.extend(parts)
    return tuple(rows)


def comtrade_api_sample() -> tuple[ComtradeRow, ...]:
    """Rows of a UN Comtrade API response: China's trade with Argentina and Germany in 2010
    (H3, all commodities), as UN Comtrade reported it; imports CIF with no FOB value, exports
    the reverse.

    >>> [(r.flow, r.partner_iso, r.primary) for r in comtrade_api_sample()][:2]
    [('M', 'ARG', '6804128143'), ('M', 'DEU', '74251272075')]
    """
    return (
        ComtradeRow("156", "32", "M", 2010, cif="6804128143", classification="H3"),
        ComtradeRow("156", "276", "M", 2010, cif="74251272075", classification="H3"),
        ComtradeRow("156", "32", "X", 2010, fob="6115764185", classification="H3"),
        ComtradeRow("156", "276", "X", 2010, fob="68047133397", classification="H3"),
    )


#: Legacy comtrade.un.org, HS chapter 01 (live animals), 2016, against the World:
#: reporter, classification, flow, value. Source: korus/data/README.md.
_LEGACY_2016: Final = (
    ("36", "H4", "M", "91128858"),
    ("36", "H4", "X", "1398835890"),
    ("36", "H4", "RM", "4934172"),
    ("124", "H4", "M", "205383926"),
    ("124", "H4", "X", "1613876938"),
    ("124", "H4", "RX", "28397973"),
    ("124", "H4", "RM", "243064"),
    ("251", "H4", "M", "247952638"),
    ("251", "H4", "X", "2152628452"),
    ("344", "H4", "RM", "386"),
    ("381", "H4", "M", "1578000310"),
    ("381", "H4", "RM", "943459"),
    ("579", "H4", "M", "20875578"),
    ("699", "H4", "X", "37142091"),
    ("757", "H4", "M", "88730320"),
    ("842", "H4", "M", "2826080850"),
    ("842", "H4", "X", "784223079"),
    ("842", "H4", "RX", "62133709"),
    ("28", "H3", "RX", "10351"),
    ("52", "H2", "RX", "100"),
)


def comtrade_legacy_sample() -> tuple[ComtradeRow, ...]:
    """Rows of a legacy comtrade.un.org download: HS chapter 01 (live animals) in 2016, each
    reporter against the World, in the four flows (re-exports and re-imports apart), under
    the HS editions the reporters used (H2, H3, H4), as UN Comtrade reported them.

    >>> rows = comtrade_legacy_sample()
    >>> len(rows), {r.flow for r in rows} == {"M", "X", "RM", "RX"}
    (20, True)
    """
    return tuple(
        ComtradeRow(
            reporter,
            "0",
            flow,
            2016,
            primary_value=value,
            cmd="01",
            classification=classification,
        )
        for reporter, classification, flow, value in _LEGACY_2016
    )


#: US exports of cereals (HS 10) to Korea in 2024, year to date through December, by air and
#: by containerized vessel, as the Census Bureau reported them. Source: korus/data/README.md.
_KOREA_2024: Final = {"AIR_VAL_YR": "78150", "CNT_VAL_YR": "143751419"}
_CENSUS_COUNTRIES: Final = ("1220", "2010", "4280", "5700", "5800", "5880")
_CENSUS_GROUPINGS: Final = {
    "0003": ("4280",),
    "0020": ("1220", "2010"),
    "1XXX": ("1220", "2010"),
    "5XXX": ("5700", "5800", "5880"),
}
_PORTS: Final = (
    ("1001", "NEW YORK, NY"),
    ("2704", "LOS ANGELES, CA"),
    ("3002", "TACOMA, WA"),
    ("8000", "MAIL SHIPMENTS"),
)
CENSUS_VARIABLES: Final = ("AIR_VAL_YR", "AIR_WGT_YR", "CNT_VAL_YR", "CNT_WGT_YR")


def census_sample() -> tuple[CensusRow, ...]:
    """Rows of a Census response like ``timeseries/intltrade/exports/porths`` for HS 10
    (cereals), 2024 year to date through December, with the variables ``AIR_VAL_YR``,
    ``AIR_WGT_YR``, ``CNT_VAL_YR`` and ``CNT_WGT_YR``: groupings first (the EU, USMCA, North
    America, Asia), then the countries, the world (``"-"``), and every one of them by port.

    Each all-ports row equals the sum of its ports, and the world the sum of the countries
    (mail shipments are zero, as in real responses). Korea's (5800) totals are the Census's
    published figures; the rest are made up.

    >>> rows = census_sample()
    >>> len(rows), [r.country for r in rows if r.port == "-"][:5]
    (55, ['0003', '0020', '1XXX', '5XXX', '1220'])
    """
    by_port: dict[str, list[dict[str, str]]] = {}
    for country in _CENSUS_COUNTRIES:
        ports = []
        for number, (port, _) in enumerate(_PORTS):
            values = {}
            for variable in CENSUS_VARIABLES:
                if port == "8000":
                    values[variable] = "0"
                elif country == "5800" and variable in _KOREA_2024:
                    # The published total, split between the first two ports.
                    whole = int(_KOREA_2024[variable])
                    first = whole // 3
                    values[variable] = str((first, whole - first, 0)[number])
                else:
                    values[variable] = _made_up(country, port, variable, digits=8)
            ports.append(values)
        by_port[country] = ports

    def total(countries: Iterable[str], index: int | None) -> dict[str, str]:
        sums: dict[str, int] = defaultdict(int)
        for country in countries:
            for number, values in enumerate(by_port[country]):
                if index is None or number == index:
                    for variable, value in values.items():
                        sums[variable] += int(value)
        return {variable: str(value) for variable, value in sums.items()}

    groups = {**_CENSUS_GROUPINGS, **{c: (c,) for c in _CENSUS_COUNTRIES}}
    groups["-"] = _CENSUS_COUNTRIES
    rows = [CensusRow(code, total(members, None)) for code, members in groups.items()]
    for number, (port, name) in enumerate(_PORTS):
        rows += [
            CensusRow(code, total(members, number), port=port, port_name=name)
            for code, members in groups.items()
        ]
    return tuple(rows)


@attrs.frozen
class SampleFiles:
    """The paths of the sample files :func:`write_sample_files` wrote.

    >>> import tempfile
    >>> files = write_sample_files(tempfile.mkdtemp())
    >>> files.census_json.name
    'census_exports_porths_HS10_2024-12.json'
    """

    #: A Comtrade+ CSV export (cp1252): :func:`comtrade_sample`.
    comtrade_csv: pathlib.Path
    #: A Comtrade API response: :func:`comtrade_api_sample`.
    comtrade_json: pathlib.Path
    #: A legacy comtrade.un.org CSV: :func:`comtrade_legacy_sample`.
    comtrade_legacy: pathlib.Path
    #: A Census API response with ports: :func:`census_sample`.
    census_json: pathlib.Path


def write_sample_files(directory: str | pathlib.Path) -> SampleFiles:
    """Write korus's sample files, one of each format the readers read, into a directory.

    >>> import tempfile, korus
    >>> files = write_sample_files(tempfile.mkdtemp())
    >>> korus.readers.read_comtrade(files.comtrade_csv).find("USA", "KOR", "export").flow.value
    quantity('71469488662', 'USD')
    """
    folder = pathlib.Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    files = SampleFiles(
        folder / "comtradeplus_2022_TOTAL_CHN-DEU-USA.csv",
        folder / "comtrade_api_2010_CHN.json",
        folder / "comtrade_legacy_2016_HS01.csv",
        folder / "census_exports_porths_HS10_2024-12.json",
    )
    files.comtrade_csv.write_bytes(comtrade_plus_csv(comtrade_sample()))
    files.comtrade_json.write_bytes(comtrade_api_json(comtrade_api_sample()))
    files.comtrade_legacy.write_bytes(comtrade_legacy_csv(comtrade_legacy_sample()))
    files.census_json.write_bytes(census_json(census_sample(), CENSUS_VARIABLES))
    return files
