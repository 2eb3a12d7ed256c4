"""Reading UN Comtrade files korus writes in the real formats: nothing lost, nothing counted
twice. The same readers on real files written by others: tests/samples."""

import gzip
import io
import json
from decimal import Decimal

import pytest

import korus
from korus import Direction, Economy, Valuation, quantity
from korus.readers import read_comtrade
from korus.testing import (
    ComtradeRow,
    comtrade_api_json,
    comtrade_api_sample,
    comtrade_legacy_csv,
    comtrade_legacy_sample,
    comtrade_plus_csv,
    comtrade_sample,
)

SAMPLE = comtrade_plus_csv(comtrade_sample())
TEXT = SAMPLE.decode("cp1252")


@pytest.fixture(scope="module")
def data():
    return read_comtrade(SAMPLE)


def _line_of(text, *needles):
    lines = text.splitlines()
    return next(i + 1 for i, line in enumerate(lines) if all(n in line for n in needles))


def _with_line(text, line, replace):
    lines = text.splitlines(keepends=True)
    new = replace(lines[line - 1])
    assert new != lines[line - 1], "the change must change the row"
    lines[line - 1] = new
    return "".join(lines).encode("cp1252")


def test_the_format_has_the_quirks_of_real_exports():
    header, first = SAMPLE.splitlines()[:2]
    assert header.count(b",") == 46
    assert first.endswith(b'",')  # the trailing comma of every row
    assert "Côte d'Ivoire".encode("cp1252") in SAMPLE  # cp1252, not UTF-8
    assert b'"X1 "' in SAMPLE
    assert b'"_X "' in SAMPLE  # pseudo-areas padded


def test_every_row_is_accounted_for(data):
    assert data.rows == len(comtrade_sample()) == 69
    assert (len(data.flows), len(data.aggregates), len(data.rejected)) == (63, 6, 0)
    assert all(r.flow.partner == Economy.WORLD for r in data.aggregates)
    assert not any(r.flow.partner.is_aggregate for r in data.flows)


def test_partners_sum_to_the_world_rows(data):
    checks = data.world_check()
    assert all(check.consistent for check in checks)
    exact = {
        (c.total.reporter.code, c.total.direction.value): c.difference.magnitude for c in checks
    }
    # Germany's values are printed to a tenth of a cent; its World row of imports is 0.003
    # below the sum, within the rounding of its parts.
    assert exact == {
        ("CHN", "import"): 0,
        ("CHN", "export"): 0,
        ("DEU", "import"): Decimal("-0.003"),
        ("DEU", "export"): 0,
        ("USA", "import"): 0,
        ("USA", "export"): 0,
    }


def test_a_world_row_beyond_the_rounding_of_its_parts_is_shown():
    rows = list(comtrade_sample())
    world = next(
        i for i, r in enumerate(rows) if (r.reporter, r.flow, r.partner) == ("842", "X", "0")
    )
    bigger = str(Decimal(rows[world].fob) + 100)
    rows[world] = ComtradeRow("842", "0", "X", 2022, fob=bigger)
    (wrong,) = [c for c in read_comtrade(comtrade_plus_csv(rows)).world_check() if not c.consistent]
    assert (wrong.total.reporter.code, str(wrong.difference)) == ("USA", "100 USD")


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
    assert areas == {"S19", "X1", "_X"}
    exports = [
        r.flow
        for r in data.flows
        if r.flow.reporter.code == "DEU" and r.flow.direction is Direction.EXPORT
    ]
    # Bunkers and "Areas, nes" are trade, in the world total.
    assert korus.total(exports) == data.find("DEU", "WLD", "export").flow.value


def test_mirror_gaps(data):
    # Both sides FOB by default: the US imports from China at their FOB value.
    us_china = data.mirror("USA", "CHN")
    assert us_china.valuation is korus.Valuation.FOB
    assert us_china.imports.fob == quantity("536732471721", "USD")
    assert us_china.exports.flow.value == quantity("582756110047", "USD")
    assert us_china.gap == quantity("-46023638326", "USD")
    # As reported (CIF against FOB) only when asked for.
    as_reported = data.mirror("USA", "CHN", valuation=None)
    assert as_reported.imports.flow.value == quantity("575688091172", "USD")
    assert as_reported.gap == quantity("-7068018875", "USD")
    assert as_reported.valuation is None
    # Germany reports its imports CIF only: no FOB comparison is possible, and korus says so.
    with pytest.raises(korus.MismatchError, match=r"holds no FOB value.*valuation=None"):
        data.mirror("DEU", "CHN")
    germany_china = data.mirror("DEU", "CHN", valuation=None)
    assert germany_china.gap == quantity("90415576687.492", "USD")
    assert round(germany_china.ratio.magnitude, 1) == Decimal("177.8")
    with pytest.raises(korus.MismatchError, match="no imports from"):
        data.mirror("KOR", "USA")


def test_strict_mode_stops_at_the_first_bad_row_naming_line_column_and_value():
    broken = _with_line(TEXT, 5, lambda row: row.replace('"M","Import"', '"Q","Import"', 1))
    with pytest.raises(korus.ParseError) as info:
        read_comtrade(broken)
    assert info.value.field == "<bytes>:5:flowCode"
    assert info.value.value == "Q"


def test_lenient_mode_reports_every_rejected_row():
    broken = _with_line(TEXT, 5, lambda row: row.replace('"M","Import"', '"Q","Import"', 1))
    broken = _with_line(
        broken.decode("cp1252"),
        9,
        lambda row: row.replace(',"4","false","true",', ',"4","false","true","extra",', 1),
    )
    data = read_comtrade(broken, strict=False)
    assert data.rows == 69
    assert [(r.line, r.column) for r in data.rejected] == [(5, "flowCode"), (9, "row")]
    assert len(data.flows) + len(data.aggregates) == 67


def test_a_missing_value_is_rejected_not_read_as_zero():
    line = _line_of(TEXT, '"842","USA","USA","X"', '"410","KOR"')
    broken = _with_line(TEXT, line, lambda row: row.replace(',"71469488662","4"', ',,"4"', 1))
    data = read_comtrade(broken, strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column) == (line, "primaryValue")
    assert "missing" in rejected.reason


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "neither a Comtrade\\+ export .* nor a legacy comtrade.un.org CSV"),
        # The first columns of a UN Comtrade bulk file, as the API sends it (gzip, TSV): seen in
        # ropensci/comtradr's recorded response tests/testthat/goods_bulk/.../file/32/...R.
        (
            gzip.compress(
                b"datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\t"
                b"reporterCode\tflowCode\tpartnerCode\n",
                mtime=0,  # the same bytes in every process that collects the tests
            ),
            "is tab-separated, as UN Comtrade's bulk files are",
        ),
    ],
    ids=["empty", "other columns", "a bulk file"],
)
def test_files_that_are_not_comtrade_exports(content, shown):
    with pytest.raises(korus.ParseError, match=shown):
        read_comtrade(content)


def test_digits_are_ascii_digits():
    # Found by fuzzing: "²022".isdigit() is True, int("²022") raises ValueError.
    broken = _with_line(TEXT, 2, lambda row: row.replace('"2022"', '"\u00b2022"', 1))
    data = read_comtrade(broken, strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column, rejected.value) == (2, "refYear", "\u00b2022")


def test_an_iso_code_that_contradicts_comtrades_code_is_rejected():
    broken = _with_line(TEXT, 2, lambda row: row.replace('"156","CHN"', '"156","JPN"', 1))
    (rejected,) = read_comtrade(broken, strict=False).rejected
    assert (rejected.column, rejected.value) == ("reporterISO", "JPN")


def test_undecodable_lines_are_rejected_not_replaced():
    lines = SAMPLE.splitlines(keepends=True)
    # 0x81 is undefined in cp1252, the file's encoding.
    lines[5] = lines[5].replace(b'"Import"', b'"Imp\x81rt"', 1)
    data = read_comtrade(b"".join(lines), strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column) == (6, "row")
    assert data.rows == 69


def test_a_gzip_file_is_read_as_the_file_it_holds(tmp_path):
    # Known by its first bytes, whatever its name.
    from korus.readers._comtrade import _read_by_rows

    packed = gzip.compress(SAMPLE)
    path = tmp_path / "comtrade.csv"  # no .gz: the bytes say it
    path.write_bytes(packed)
    expected = _read_by_rows(SAMPLE, True, None)
    with open(path, "rb") as stream:
        for source in (packed, path, io.BytesIO(packed), stream):
            by_rows = _read_by_rows(source, True, None)
            assert (by_rows.rows, by_rows.flows, by_rows.aggregates) == (
                expected.rows,
                expected.flows,
                expected.aggregates,
            )
    seen = []
    _read_by_rows(path, True, lambda *a: seen.append(a))
    # Progress counts the bytes of the file, packed: the share read is the share unpacked.
    assert seen[-1] == (expected.rows, len(packed), len(packed))
    records = list(korus.readers.iter_comtrade(io.BytesIO(packed)))
    assert len(records) == expected.rows


def _flipped(packed, at):
    return packed[:at] + bytes([packed[at] ^ 1]) + packed[at + 1 :]


@pytest.mark.parametrize(
    "damage",
    [lambda b: b[: len(b) // 2], lambda b: _flipped(b, len(b) - 8)],
    ids=["cut short", "its checksum wrong"],
)
def test_a_gzip_file_that_is_not_whole_is_refused_not_read_short(damage):
    from korus.readers._comtrade import _read_by_rows

    broken = damage(gzip.compress(SAMPLE))
    for read in (read_comtrade, lambda source: _read_by_rows(source, False, None)):
        with pytest.raises(korus.ParseError, match="is not a whole gzip file") as refused:
            read(broken)
        assert refused.value.field == "source"


def test_a_gzip_file_damaged_within_is_refused_wherever_the_damage_shows():
    # Damaged packed bytes may unpack to rows that are refused first, or to none: either way
    # the read stops with a ParseError, never with the rows before the damage as the file.
    packed = gzip.compress(SAMPLE)
    for at in range(20, len(packed) - 8, 97):  # past the header, whose time stamp is free
        with pytest.raises(korus.ParseError):
            read_comtrade(_flipped(packed, at), strict=False)


def test_utf8_exports_are_read_too():
    data = read_comtrade(comtrade_plus_csv(comtrade_sample(), encoding="utf-8"))
    assert (data.rows, len(data.rejected)) == (69, 0)
    assert data.find("USA", "CIV", "import").flow.partner.name == "Côte d'Ivoire"


def test_an_api_response():
    data = korus.readers.read_comtrade_json(comtrade_api_json(comtrade_api_sample()))
    assert (data.rows, len(data.flows), len(data.aggregates), len(data.rejected)) == (4, 4, 0, 0)
    germany = data.find("CHN", "DEU", "import")
    assert germany.flow.value == quantity("74251272075", "USD")
    assert germany.fob is None  # null in the response: missing, not zero
    assert data.find("CHN", "ARG", "export").cif is None


def _api_document():
    return json.loads(comtrade_api_json(comtrade_api_sample()))


def test_a_gzip_api_response():
    response = comtrade_api_json(comtrade_api_sample())
    packed = korus.readers.read_comtrade_json(gzip.compress(response))
    assert packed.flows == korus.readers.read_comtrade_json(response).flows


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (lambda d: d.update(error="rate limit exceeded"), "reports an error"),
        (lambda d: d.update(count=5), "cut short"),
        (lambda d: d.pop("data"), 'no "data" list'),
    ],
)
def test_bad_api_responses(change, shown):
    document = _api_document()
    change(document)
    with pytest.raises(korus.ParseError, match=shown):
        korus.readers.read_comtrade_json(json.dumps(document).encode())


def test_the_writer_says_what_the_api_says_of_errors_and_counts():
    with pytest.raises(korus.ParseError, match="reports an error"):
        korus.readers.read_comtrade_json(
            comtrade_api_json(comtrade_api_sample(), error="invalid key")
        )
    with pytest.raises(korus.ParseError, match="cut short"):
        korus.readers.read_comtrade_json(comtrade_api_json(comtrade_api_sample(), count=5))


def test_an_api_record_with_a_bad_field():
    document = _api_document()
    document["data"][1]["flowCode"] = "Q"
    with pytest.raises(korus.ParseError) as info:
        korus.readers.read_comtrade_json(json.dumps(document).encode())
    assert info.value.field == "<bytes>:record 2:flowCode"
    data = korus.readers.read_comtrade_json(json.dumps(document).encode(), strict=False)
    assert [(r.line, r.column, r.value) for r in data.rejected] == [(2, "flowCode", "Q")]
    assert data.rows == 4


LEGACY = comtrade_legacy_csv(comtrade_legacy_sample())


def test_the_legacy_csv_is_read_with_its_four_flows():
    data = read_comtrade(LEGACY)
    assert (data.rows, len(data.flows), len(data.aggregates), len(data.rejected)) == (20, 0, 20, 0)
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


LEGACY_HEADER = LEGACY.decode().splitlines()[0]


def _legacy(*rows):
    return "\n".join([LEGACY_HEADER, *rows]).encode()


# A US import row as the legacy API would write it, with the values of the Comtrade+ sample.
LEGACY_ROW = (
    comtrade_legacy_csv(
        [ComtradeRow("842", "410", "M", 2022, cif="120859256396", fob="115325529001")]
    )
    .decode()
    .splitlines()[1]
)


def test_the_legacy_row_is_what_the_legacy_api_wrote():
    assert LEGACY_ROW == (
        "H6,2022,2022,2022,0,0,1,Import,842,USA,USA,410,Rep. of Korea,KOR,,,,,,,,TOTAL,All "
        "Commodities,1,No Quantity,,,,,,,120859256396,120859256396,115325529001,0"
    )


def test_a_legacy_bilateral_row():
    (record,) = read_comtrade(_legacy(LEGACY_ROW)).flows
    assert (record.flow.partner, record.cif, record.fob) == (
        Economy("KOR"),
        quantity("120859256396", "USD"),
        quantity("115325529001", "USD"),
    )
    monthly = LEGACY_ROW.replace("H6,2022,2022,2022", "H6,2022,202207,July 2022")
    assert read_comtrade(_legacy(monthly)).flows[0].flow.period == korus.Period(2022, month=7)
    # An empty ISO column is filled from Comtrade's code.
    no_iso = LEGACY_ROW.replace("842,USA,USA,", "842,USA,,")
    assert read_comtrade(_legacy(no_iso)).flows[0].flow.reporter == Economy("USA")


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        (("1,Import", "5,Import"), "Trade Flow Code", "1 (import)"),
        (("H6,2022,2022,2022", "H6,2022,2021,2021"), "Period", "year 2022"),
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


def _breakdown(value, **where):
    return ComtradeRow("842", "410", "M", 2022, cif=value, **where)


def test_breakdowns_are_kept_apart_and_checked_against_their_totals():
    # The US imports from Korea, as a total and by two modes of transport.
    total = ComtradeRow("842", "410", "M", 2022, cif="120859256396", fob="115325529001")
    air, sea = _breakdown("20859256396", mot="1000"), _breakdown("100000000000", mot="2000")
    data = read_comtrade(comtrade_legacy_csv([total, air, sea]))
    assert (data.rows, len(data.flows), len(data.breakdowns)) == (3, 1, 2)
    assert [r.breakdown for r in data.breakdowns] == ["motCode 1000", "motCode 2000"]
    (check,) = data.checks()
    assert (check.parts, str(check.difference), check.consistent) == (2, "0 USD", True)
    assert "motCode" in check.total_of
    # A part that does not add up, beyond the rounding of whole dollars, is shown by how much.
    wrong = read_comtrade(comtrade_legacy_csv([total, air, _breakdown("100000000005", mot="2000")]))
    (check,) = wrong.checks()
    assert (str(check.difference), check.consistent) == ("-5 USD", False)


def test_a_total_broken_down_two_ways_is_checked_once_a_way():
    # The same imports by mode of transport and by customs procedure: each set of parts adds up
    # to the total on its own; together they would count the imports twice.
    total = ComtradeRow("842", "410", "M", 2022, cif="120859256396")
    by_mode = [_breakdown("20859256396", mot="1000"), _breakdown("100000000000", mot="2000")]
    by_customs = [_breakdown("859256396", customs="C01"), _breakdown("120000000000", customs="C02")]
    # A part along both at once (by air, under procedure C01) is in neither set of parts.
    both = _breakdown("59256396", mot="1000", customs="C01")
    data = read_comtrade(comtrade_plus_csv([total, *by_mode, *by_customs, both]))
    assert (len(data.flows), len(data.breakdowns)) == (1, 5)
    assert data.breakdowns[-1].breakdown == "customsCode C01, motCode 1000"
    checks = data.checks()
    assert len(checks) == 2
    assert all(c.consistent and c.parts == 2 for c in checks), checks
    assert sorted(str(c.difference) for c in checks) == ["0 USD", "0 USD"]


def test_product_totals_are_checked_against_their_chapters():
    chapters = [
        ComtradeRow("842", "410", "M", 2022, cif=value, cmd=code)
        for code, value in (("84", "100000000000"), ("85", "20859256396"))
    ]
    total = ComtradeRow("842", "410", "M", 2022, cif="120859256396")
    data = read_comtrade(comtrade_legacy_csv([total, *chapters]))
    assert len(data.flows) == 3  # a total and its chapters are all flows, of different scopes
    (check,) = data.checks()
    assert (check.parts, check.consistent) == (2, True)
    assert "HS chapters" in check.total_of
    with pytest.raises(korus.MismatchError):
        korus.total([r.flow for r in data.flows])  # never summed with its parts


def test_a_mirror_ratio_is_exact_in_any_decimal_context_and_undefined_of_nothing():
    import decimal

    data = read_comtrade(SAMPLE)
    expected = data.mirror("DEU", "CHN", valuation=None).ratio
    with decimal.localcontext(decimal.Context(prec=5, traps=[decimal.Inexact])):
        assert data.mirror("DEU", "CHN", valuation=None).ratio == expected
    assert str(expected.magnitude) == "177.7924779141849159349913718"
    rows = [
        ComtradeRow("842", "410", "M", 2022, cif="5"),
        ComtradeRow("410", "842", "X", 2022, fob="0"),
    ]
    mirror = read_comtrade(comtrade_plus_csv(rows)).mirror("USA", "KOR", valuation=None)
    assert (str(mirror.gap), mirror.ratio) == ("5 USD", None)


@pytest.mark.parametrize("write", [comtrade_api_json, comtrade_plus_csv, comtrade_legacy_csv])
def test_a_record_says_which_valuation_its_value_is(write):
    # Imports are usually reported CIF; a record whose cifvalue is empty and whose value is the
    # FOB value is FOB, in every format. Exports the other way round.
    rows = [
        ComtradeRow("842", "410", "M", 2022, cif="120859256396", fob="115325529001"),
        ComtradeRow("842", "156", "M", 2022, fob="536732471721"),
        ComtradeRow("842", "410", "X", 2022, fob="71469488662"),
        ComtradeRow("842", "156", "X", 2022, cif="160000000000"),
    ]
    read = korus.readers.read_comtrade_json if write is comtrade_api_json else read_comtrade
    data = read(write(rows))
    found = {(r.flow.partner.code, r.flow.direction.value): r.flow for r in data.flows}
    assert found["KOR", "import"].valuation is Valuation.CIF
    assert found["CHN", "import"].valuation is Valuation.FOB
    assert found["CHN", "import"].value == quantity("536732471721", "USD")
    assert found["KOR", "export"].valuation is Valuation.FOB
    assert found["CHN", "export"].valuation is Valuation.CIF
