"""The Comtrade readers on real files written by others (../shared/samples): every row
accounted for, the published figures read as published. How bad rows are handled is tested on
korus's own files, in tests/unit/test_comtrade.py."""

from decimal import Decimal

import pytest
from real_files import COMTRADE_API, COMTRADE_LEGACY, COMTRADE_PLUS, PUBLISHED

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
    us_china = data.mirror("USA", "CHN")  # both sides FOB
    assert us_china.imports.flow.value == quantity("575688091172", "USD")
    assert us_china.imports.fob == quantity("536732471721", "USD")  # the US reports both
    assert us_china.exports.flow.value == quantity("582756110047", "USD")
    assert us_china.gap == quantity("-46023638326", "USD")
    assert data.mirror("USA", "CHN", valuation=None).gap == quantity("-7068018875", "USD")
    with pytest.raises(korus.MismatchError, match="holds no FOB value"):
        data.mirror("DEU", "CHN")  # Germany reports its imports CIF only
    germany_china = data.mirror("DEU", "CHN", valuation=None)
    assert germany_china.gap == quantity("90415576687.492", "USD")
    assert round(germany_china.ratio.magnitude, 1) == Decimal("177.8")
    with pytest.raises(korus.MismatchError, match="no imports from"):
        data.mirror("KOR", "USA")


def _with_line(text, line, replace):
    lines = text.splitlines(keepends=True)
    lines[line - 1] = replace(lines[line - 1])
    return "".join(lines).encode("cp1252")


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


API_SAMPLE = COMTRADE_API


def test_an_api_response():
    data = korus.readers.read_comtrade_json(API_SAMPLE)
    assert (data.rows, len(data.flows), len(data.aggregates), len(data.rejected)) == (4, 4, 0, 0)
    germany = data.find("CHN", "DEU", "import")
    assert germany.flow.value == quantity("74251272075", "USD")
    assert germany.fob is None  # null in the response: missing, not zero
    assert data.find("CHN", "ARG", "export").cif is None


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


def test_undecodable_lines_are_rejected_not_replaced():
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    # 0x81 is undefined in cp1252, the sample's encoding.
    lines[5] = lines[5].replace(b"USA", b"US\x81", 1) if b"USA" in lines[5] else b"\x81" + lines[5]
    data = read_comtrade(b"".join(lines), strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column) == (6, "row")
    assert data.rows == 1352


def test_the_published_us_china_deficit_on_its_basis(data):
    # Commerce, 2023-02-07: a goods deficit with China of $382.9 billion (Census basis: f.a.s.
    # exports, imports at customs value). Comtrade's FOB value of the imports is on that basis,
    # its primary (CIF) value is not, and korus refuses the CIF subtraction.
    exports = data.find("USA", "CHN", "export")
    imports = data.find("USA", "CHN", "import")
    assert korus.balance(exports.flow, imports.on("FOB")).net == quantity("-382895449306", "USD")
    with pytest.raises(korus.MismatchError) as caught:
        korus.balance(exports.flow, imports.flow)
    assert "valued CIF" in str(caught.value)
    assert "valued FOB" in str(caught.value)
    korea = korus.balance(
        data.find("USA", "KOR", "export").flow, data.find("USA", "KOR", "import").on("FOB")
    )
    assert korea.net == quantity("-43856040339", "USD")


def test_every_record_says_which_valuation_its_value_is(data):
    for record in (*data.flows, *data.aggregates):
        f = record.flow
        held = record.cif if f.valuation is Valuation.CIF else record.fob
        assert held == f.value
        assert f.basis.edition is None  # all commodities: a total states no edition


def test_korus_check_of_the_published_figures_against_the_file(tmp_path):
    # The commerce23.chn.* rows of ../shared/reference, as claims, checked against the file.
    import contextlib
    import csv
    import io

    from korus._cli import main

    text = PUBLISHED.read_text(encoding="utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["key"].startswith("commerce23.chn.")]
    assert {r["measure"] for r in rows} == {"deficit", "exports", "imports"}
    claims = tmp_path / "claims.toml"
    claims.write_text(
        "".join(
            f'[[claim]]\nid = "{r["key"]}"\nreporter = "{r["reporter"]}"\npartner = "{r["partner"]}"\n'
            f'year = {r["year"]}\nscope = "{r["category"]}"\nmeasure = "{r["measure"]}"\n'
            f'text = "{r["value"]} {r["unit"]}"\n\n'
            for r in rows
        )
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["check", str(claims), "--comtrade", str(SAMPLE), "--valuation", "FOB"])
    lines = {
        line.split()[1].rstrip(":"): line.split()[0]
        for line in out.getvalue().splitlines()
        if line.startswith(("CONSISTENT", "INCONSISTENT", "UNDECIDABLE"))
    }
    assert lines == {
        "commerce23.chn.goods.deficit": "CONSISTENT",
        "commerce23.chn.goods.exports": "CONSISTENT",
        # 536.8 printed, 536.73 in Comtrade: a later vintage of the statistic, 17.5 million
        # dollars beyond the printed rounding.
        "commerce23.chn.goods.imports": "INCONSISTENT",
    }
    assert status == 1
