"""Reading a real UN Comtrade+ export: nothing lost, nothing counted twice."""

import pathlib
from decimal import Decimal

import pytest

import korus
from korus import Direction, Economy, Valuation, quantity, read_comtrade

SAMPLE = (
    pathlib.Path(__file__).resolve().parents[1]
    / "data"
    / "comtrade"
    / "comtradeplus_2022_total_CHN-DEU-USA.csv"
)


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


API_SAMPLE = SAMPLE.with_name("comtradeplus_api_v1_CHN_2010.json")


def test_an_api_response():
    data = korus.read_comtrade_json(API_SAMPLE)
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
        korus.read_comtrade_json(json.dumps(document).encode())


def test_an_api_record_with_a_bad_field():
    import json

    document = json.loads(API_SAMPLE.read_text())
    document["data"][1]["flowCode"] = "Q"
    with pytest.raises(korus.ParseError) as info:
        korus.read_comtrade_json(json.dumps(document).encode())
    assert info.value.field == "<bytes>:record 2:flowCode"
    data = korus.read_comtrade_json(json.dumps(document).encode(), strict=False)
    assert [(r.line, r.column, r.value) for r in data.rejected] == [(2, "flowCode", "Q")]
    assert data.rows == 4
