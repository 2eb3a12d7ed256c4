"""Reading a real UN Comtrade+ export: nothing lost, nothing counted twice."""

from decimal import Decimal

import pytest
from real_files import COMTRADE_API, COMTRADE_LEGACY, COMTRADE_PLUS

import korus
from korus import Direction, Economy, Valuation, quantity
from korus.readers import read_comtrade

SAMPLE = COMTRADE_PLUS


@pytest.fixture(scope="module")
def data():
    return read_comtrade(SAMPLE)


def test_every_row_is_accounted_for(data):
    assert data.rows == 1352
    assert (len(data.flows), len(data.aggregates), len(data.rejected)) == (1346, 6, 0)
    assert all(r.flow.partner == Economy.WORLD for r in data.aggregates)
    assert not any(r.flow.partner.is_aggregate for r in data.flows)


def test_partners_sum_to_the_world_rows(data):
    checks = data.world_check()
    assert len(checks) == 6
    assert all(check.consistent for check in checks)
    exact = {
        (c.total.reporter.code, c.total.direction.value): c.difference.magnitude for c in checks
    }
    # Exact to the dollar but for Germany's imports, printed to a tenth of a cent: 0.003 apart,
    # within the rounding of 233 values printed to three decimals.
    assert exact == {
        ("CHN", "import"): 0,
        ("CHN", "export"): 0,
        ("DEU", "import"): Decimal("-0.003"),
        ("DEU", "export"): 0,
        ("USA", "import"): 0,
        ("USA", "export"): 0,
    }


def test_us_korea_flows_with_both_valuations(data):
    exports = data.find("USA", "KOR", "export")
    assert exports.flow.value == quantity("71469488662", "USD")
    assert exports.flow.valuation is Valuation.FOB
    assert exports.cif is None  # left empty by Comtrade: missing, not zero
    imports = data.find("USA", "KOR", "import")
    assert imports.flow.value == quantity("120859256396", "USD")
    assert imports.cif == quantity("120859256396", "USD")
    assert imports.fob == quantity("115325529001", "USD")
    assert imports.flow.valuation is Valuation.CIF
    assert imports.flow.reporter == Economy("USA")  # Comtrade's 842, not ISO's 840


def test_chinas_imports_from_itself_are_re_imports(data):
    record = data.find("CHN", "CHN", "re-import")
    assert record.flow.direction is Direction.RE_IMPORT
    assert record.flow_code == "M"
    assert record.flow.value == quantity("122883424107", "USD")


def test_non_economy_partners_are_areas(data):
    areas = {r.flow.partner.code for r in data.flows if r.flow.partner.is_area}
    assert areas == {"S19", "A79", "E19", "F19", "A59", "X1", "_X"}
    assert Economy("S19").name == "Other Asia, nes"
    totals = korus.total(
        [
            r.flow
            for r in data.flows
            if r.flow.reporter.code == "USA" and r.flow.direction is Direction.EXPORT
        ]
    )
    assert totals == data.find("USA", "WLD", "export").flow.value


def test_mirror_gaps(data):
    us_china = data.mirror("USA", "CHN")
    assert us_china.imports.flow.value == quantity("575688091172", "USD")
    assert us_china.exports.flow.value == quantity("582756110047", "USD")
    assert us_china.gap == quantity("-7068018875", "USD")
    germany_china = data.mirror("DEU", "CHN")
    assert germany_china.gap == quantity("90415576687.492", "USD")
    assert round(germany_china.ratio.magnitude, 1) == Decimal("177.8")
    with pytest.raises(korus.MismatchError, match="no imports from"):
        data.mirror("KOR", "USA")


def _with_line(text, line, replace):
    lines = text.splitlines(keepends=True)
    lines[line - 1] = replace(lines[line - 1])
    return "".join(lines).encode("cp1252")


def test_strict_mode_stops_at_the_first_bad_row_naming_line_column_and_value():
    text = SAMPLE.read_bytes().decode("cp1252")
    broken = _with_line(text, 5, lambda row: row.replace('"M","Import"', '"Q","Import"', 1))
    with pytest.raises(korus.ParseError) as info:
        read_comtrade(broken)
    assert info.value.field == "<bytes>:5:flowCode"
    assert info.value.value == "Q"


def test_lenient_mode_reports_every_rejected_row():
    text = SAMPLE.read_bytes().decode("cp1252")
    broken = _with_line(text, 5, lambda row: row.replace('"M","Import"', '"Q","Import"', 1))
    broken = _with_line(
        broken.decode("cp1252"),
        9,
        lambda row: row.replace(',"4","false","true",', ',"4","false","true","extra",', 1),
    )
    data = read_comtrade(broken, strict=False)
    assert data.rows == 1352
    assert [(r.line, r.column) for r in data.rejected] == [(5, "flowCode"), (9, "row")]
    assert len(data.flows) + len(data.aggregates) == 1350


def test_a_missing_value_is_rejected_not_read_as_zero():
    text = SAMPLE.read_bytes().decode("cp1252")
    broken = _with_line(text, 3, lambda row: row.replace(',"42016266","4"', ',"","4"', 1))
    data = read_comtrade(broken, strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column) == (3, "primaryValue")
    assert "missing" in rejected.reason


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "neither a Comtrade\\+ export .* nor a legacy comtrade.un.org CSV"),
    ],
)
def test_files_that_are_not_comtrade_exports(content, shown):
    with pytest.raises(korus.ParseError, match=shown):
        read_comtrade(content)


def test_digits_are_ascii_digits():
    # Found by fuzzing: "²022".isdigit() is True, int("²022") raises ValueError.
    text = SAMPLE.read_bytes().decode("cp1252")
    broken = _with_line(text, 2, lambda row: row.replace('"2022"', '"\u00b2022"', 1))
    data = read_comtrade(broken, strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column, rejected.value) == (2, "refYear", "\u00b2022")


API_SAMPLE = COMTRADE_API


def test_an_api_response():
    data = korus.readers.read_comtrade_json(API_SAMPLE)
    assert (data.rows, len(data.flows), len(data.aggregates), len(data.rejected)) == (4, 4, 0, 0)
    germany = data.find("CHN", "DEU", "import")
    assert germany.flow.value == quantity("74251272075", "USD")
    assert germany.fob is None  # null in the response: missing, not zero
    assert data.find("CHN", "ARG", "export").cif is None


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (lambda d: d.update(error="rate limit exceeded"), "reports an error"),
        (lambda d: d.update(count=5), "cut short"),
        (lambda d: d.pop("data"), 'no "data" list'),
    ],
)
def test_bad_api_responses(change, shown):
    import json

    document = json.loads(API_SAMPLE.read_text())
    change(document)
    with pytest.raises(korus.ParseError, match=shown):
        korus.readers.read_comtrade_json(json.dumps(document).encode())


def test_an_api_record_with_a_bad_field():
    import json

    document = json.loads(API_SAMPLE.read_text())
    document["data"][1]["flowCode"] = "Q"
    with pytest.raises(korus.ParseError) as info:
        korus.readers.read_comtrade_json(json.dumps(document).encode())
    assert info.value.field == "<bytes>:record 2:flowCode"
    data = korus.readers.read_comtrade_json(json.dumps(document).encode(), strict=False)
    assert [(r.line, r.column, r.value) for r in data.rejected] == [(2, "flowCode", "Q")]
    assert data.rows == 4


LEGACY = COMTRADE_LEGACY


def test_the_legacy_csv_is_read_with_its_four_flows():
    data = read_comtrade(LEGACY)
    assert (data.rows, len(data.flows), len(data.aggregates), len(data.rejected)) == (45, 0, 45, 0)
    by_key = {(r.flow.reporter.code, r.flow.direction): r for r in data.aggregates}
    usa = by_key["USA", Direction.RE_EXPORT]
    assert usa.flow.value == quantity("62133709", "USD")
    assert (usa.flow.scope, usa.flow.period, usa.flow_code) == (
        korus.Product("HS", "01"),
        korus.Period(2016),
        "RX",
    )
    assert by_key["ITA", Direction.RE_IMPORT].flow.value == quantity("943459", "USD")
    # Re-exports and re-imports stay apart from exports and imports.
    assert by_key["CAN", Direction.EXPORT].flow.value == quantity("1613876938", "USD")
    assert by_key["CAN", Direction.RE_EXPORT].flow.value == quantity("28397973", "USD")
    assert by_key["HKG", Direction.RE_IMPORT].flow.value == quantity("386", "USD")
    # Comtrade's own codes (842, 381, 757, 699, 579, 251) are read as their ISO economies.
    assert {"USA", "ITA", "CHE", "IND", "NOR", "FRA"} <= {r for r, _ in by_key}


LEGACY_HEADER = LEGACY.read_text().splitlines()[0]


def _legacy(*rows):
    return "\n".join([LEGACY_HEADER, *rows]).encode()


# A US import row as the legacy API would write it, with the values of the Comtrade+ sample.
LEGACY_ROW = (
    "HS,2022,2022,2022,0,0,1,Import,842,USA,USA,410,Rep. of Korea,KOR,,,,,,,,TOTAL,All "
    "Commodities,1,No Quantity,,,,,,,120859256396,120859256396,115325529001,0"
)


def test_a_legacy_bilateral_row():
    (record,) = read_comtrade(_legacy(LEGACY_ROW)).flows
    assert (record.flow.partner, record.cif, record.fob) == (
        Economy("KOR"),
        quantity("120859256396", "USD"),
        quantity("115325529001", "USD"),
    )
    monthly = LEGACY_ROW.replace("HS,2022,2022,2022", "HS,2022,202207,July 2022")
    assert read_comtrade(_legacy(monthly)).flows[0].flow.period == korus.Period(2022, month=7)
    # An empty ISO column is filled from Comtrade's code.
    no_iso = LEGACY_ROW.replace("842,USA,USA,", "842,USA,,")
    assert read_comtrade(_legacy(no_iso)).flows[0].flow.reporter == Economy("USA")


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        (("1,Import", "5,Import"), "Trade Flow Code", "1 (import)"),
        (("HS,2022,2022,2022", "HS,2022,2021,2021"), "Period", "year 2022"),
        (("842,USA,USA,", "842,USA,CAN,"), "Reporter ISO", "code 842 is USA"),
        (("842,USA,USA,", "123456,USA,,"), "Reporter Code", "lacks it"),
        (("0,0,1,Import", "0,0,1,Import,extra"), "row", "fields"),
        ((",120859256396,120859256396,", ",,120859256396,"), "Trade Value (US$)", "missing"),
    ],
)
def test_bad_legacy_rows_name_legacy_columns(change, column, reason):
    row = LEGACY_ROW.replace(*change)
    assert row != LEGACY_ROW
    (rejected,) = read_comtrade(_legacy(row), strict=False).rejected
    assert (rejected.line, rejected.column) == (2, column)
    assert reason in rejected.reason


def test_an_iso_code_that_contradicts_comtrades_code_is_rejected():
    text = SAMPLE.read_bytes().decode("cp1252")
    broken = _with_line(text, 2, lambda row: row.replace('"156","CHN"', '"156","JPN"', 1))
    (rejected,) = read_comtrade(broken, strict=False).rejected
    assert (rejected.column, rejected.value) == ("reporterISO", "JPN")


def test_undecodable_lines_are_rejected_not_replaced():
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    # 0x81 is undefined in cp1252, the sample's encoding.
    lines[5] = lines[5].replace(b"USA", b"US\x81", 1) if b"USA" in lines[5] else b"\x81" + lines[5]
    data = read_comtrade(b"".join(lines), strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column) == (6, "row")
    assert data.rows == 1352


def test_breakdowns_are_kept_apart_and_checked_against_their_totals():
    # The US imports from Korea, as a total and by two modes of transport.
    total = LEGACY_ROW
    air = LEGACY_ROW.replace(",,,,,,,TOTAL", ",,,,,1000,Air,TOTAL").replace(
        "120859256396,120859256396,115325529001", "20859256396,20859256396,"
    )
    sea = LEGACY_ROW.replace(",,,,,,,TOTAL", ",,,,,2000,Sea,TOTAL").replace(
        "120859256396,120859256396,115325529001", "100000000000,100000000000,"
    )
    data = read_comtrade(_legacy(total, air, sea))
    assert (data.rows, len(data.flows), len(data.breakdowns)) == (3, 1, 2)
    assert [r.breakdown for r in data.breakdowns] == ["motCode 1000", "motCode 2000"]
    (check,) = data.checks()
    assert (check.parts, str(check.difference), check.consistent) == (2, "0 USD", True)
    assert "motCode" in check.total_of
    # A part that does not add up, beyond the rounding of whole dollars, is shown by how much.
    wrong = read_comtrade(
        _legacy(total, air, sea.replace("100000000000,1000", "100000000005,1000"))
    )
    (check,) = wrong.checks()
    assert (str(check.difference), check.consistent) == ("-5 USD", False)


def test_product_totals_are_checked_against_their_chapters():
    chapters = [
        LEGACY_ROW.replace("TOTAL,All Commodities", f"{code},Chapter {code}").replace(
            "120859256396,120859256396,115325529001", f"{value},{value},"
        )
        for code, value in (("84", "100000000000"), ("85", "20859256396"))
    ]
    data = read_comtrade(_legacy(LEGACY_ROW, *chapters))
    assert len(data.flows) == 3  # a total and its chapters are all flows, of different scopes
    (check,) = data.checks()
    assert (check.parts, check.consistent) == (2, True)
    assert "HS chapters" in check.total_of
    with pytest.raises(korus.MismatchError):
        korus.total([r.flow for r in data.flows])  # never summed with its parts
