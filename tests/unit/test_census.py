"""Reading US Census trade API responses korus writes in the API's format: Korea is KOR, no
grouping is a country. The same reader on a real response: tests/samples."""

import gzip
import json

import pytest

import korus
from korus import Direction, Economy, Period, Product, Valuation, quantity
from korus.readers import CodeKind, read_census
from korus.testing import CensusRow, census_json, census_sample

VARIABLES = ("AIR_VAL_YR", "AIR_WGT_YR", "CNT_VAL_YR", "CNT_WGT_YR")
SAMPLE = census_json(census_sample(), VARIABLES)
GROUPINGS = {"0003", "0020", "1XXX", "5XXX"}


@pytest.fixture(scope="module", params=["CNT_VAL_YR", "AIR_VAL_YR"])
def data(request):
    return read_census(SAMPLE, request.param)


def test_every_row_is_accounted_for(data):
    assert data.rows == 55
    assert (len(data.flows), len(data.aggregates), len(data.breakdowns)) == (6, 5, 44)
    assert data.rejected == ()


def test_no_grouping_is_counted_as_a_country(data):
    assert {r.country.code for r in data.aggregates} == GROUPINGS | {"-"}
    assert not any(r.is_aggregate for r in data.flows)
    assert all(r.flow is not None for r in data.flows)
    partners = [r.flow.partner for r in data.flows]
    assert len(partners) == len(set(partners)), "a country twice"
    assert all(p.code not in {"WLD"} and not p.is_aggregate for p in partners)
    # Groupings are no economy, and so carry no flow to be summed by mistake.
    assert all(r.flow is None for r in data.aggregates if r.country.code != "-")


def test_korea_5800_is_kor():
    cnt = read_census(SAMPLE, "CNT_VAL_YR").find("5800")
    air = read_census(SAMPLE, "AIR_VAL_YR").find("5800")
    assert cnt.flow.partner == Economy("KOR") == air.flow.partner
    assert cnt.flow.value == quantity("143751419", "USD")
    assert air.flow.value == quantity("78150", "USD")
    flow = cnt.flow
    assert (flow.reporter, flow.direction, flow.scope, flow.period) == (
        Economy("USA"),
        Direction.EXPORT,
        Product("HS", "10"),
        Period(2024),
    )
    assert flow.valuation is Valuation.FAS
    assert flow.provenance.publisher == "U.S. Census Bureau"
    assert "CNT_VAL_YR" in flow.provenance.document


def test_totals_equal_their_parts(data):
    checks = data.checks()
    # The world against 6 countries, and 11 all-ports totals against their ports.
    assert len(checks) == 12
    assert all(check.consistent for check in checks)
    world = next(c for c in checks if c.total_of.startswith("- "))
    assert world.parts == 6


def test_a_wrong_total_is_shown():
    rows = json.loads(SAMPLE)
    for row in rows:
        if row[4] == "5800" and row[6] == "1001":
            row[2] = str(int(row[2]) + 1)
    data = read_census(json.dumps(rows).encode(), "CNT_VAL_YR")
    wrong = [c for c in data.checks() if not c.consistent]
    assert [(c.total_of, str(c.difference)) for c in wrong] == [
        ("5800 (South Korea (Republic of Korea)), HS:10, 2024: breakdowns", "-1 USD")
    ]


def _response(*rows, header=("CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "E_COMMODITY", "time")):
    return json.dumps([list(header), *[list(r) for r in rows]]).encode()


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (("5800", "KOREA", "", "-", "2024-03"), "ALL_VAL_MO", "missing, not zero"),
        (("5800", "KOREA", "(D)", "-", "2024-03"), "ALL_VAL_MO", "whole, non-negative"),
        (("5800", "KOREA", "-5", "-", "2024-03"), "ALL_VAL_MO", "whole, non-negative"),
        (("9999", "NOWHERE", "5", "-", "2024-03"), "CTY_CODE", "not a census code"),
        (("5082", "GAZA", "5", "-", "2024-03"), "CTY_CODE", "no ISO 3166 code"),
        (("5800", "KOREA", "5", "8703230190", "2024-03"), "E_COMMODITY", "10-digit"),
        (("5800", "KOREA", "5", "-", "2024-13"), "MONTH", "01-12"),
        (("5800", "KOREA", "5", "-", "March"), "time", "YYYY"),
        (("5800", "KOREA", "5", "-", "2024"), "time", "monthly"),
        (("5800", "KOREA", 5, "-", "2024-03"), "row", "strings"),
    ],
)
def test_bad_rows_are_rejected_with_their_column(row, column, reason):
    data = read_census(_response(row), "ALL_VAL_MO", strict=False)
    (rejected,) = data.rejected
    assert (rejected.line, rejected.column) == (2, column)
    assert reason in rejected.reason
    with pytest.raises(korus.ParseError, match=f":2:{column}"):
        read_census(_response(row), "ALL_VAL_MO")


def test_year_to_date_values_are_read_for_december_only():
    header = ("CTY_CODE", "GEN_VAL_YR", "I_COMMODITY", "time")
    content = _response(
        ("5800", "7", "87", "2024-12"), ("5800", "5", "87", "2024-06"), header=header
    )
    data = read_census(content, "GEN_VAL_YR", strict=False)
    (flow,) = [r.flow for r in data.flows]
    assert (flow.direction, flow.period, flow.valuation) == (
        Direction.IMPORT,
        Period(2024),
        Valuation.CUSTOMS,
    )
    (rejected,) = data.rejected
    assert "GEN_VAL_MO" in rejected.reason


def test_monthly_cif_imports():
    header = ("CTY_CODE", "GEN_CIF_MO", "I_COMMODITY", "time")
    data = read_census(_response(("5800", "11", "87", "2017-07"), header=header), "GEN_CIF_MO")
    flow = data.flows[0].flow
    assert (flow.period, flow.valuation, flow.value) == (
        Period(2017, month=7),
        Valuation.CIF,
        quantity("11", "USD"),
    )


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: read_census(SAMPLE, "ALL_VAL_MO"), korus.InvalidValueError, "value"),
        (lambda: read_census(SAMPLE, "CTY_CODE"), korus.InvalidValueError, "value"),
        (lambda: read_census(SAMPLE, 3), korus.InvalidValueError, "value"),
        (
            lambda: read_census(SAMPLE, "CNT_VAL_YR", direction="import"),
            korus.InvalidValueError,
            "direction",
        ),
        (
            lambda: read_census(
                _response(("5800", "5", "2024-03"), header=("CTY_CODE", "ALL_VAL_MO", "time")),
                "ALL_VAL_MO",
            ),
            korus.InvalidValueError,
            "direction",
        ),
        (lambda: read_census(b"", "ALL_VAL_MO"), korus.ParseError, "source"),
        (
            lambda: read_census(
                b'[["CTY_CODE", "ALL_VAL_MO"],\n["5800", "1"],\n', "ALL_VAL_MO", direction="export"
            ),
            korus.ParseError,
            "source",
        ),
        (lambda: read_census(b'{"a": 1}', "ALL_VAL_MO"), korus.ParseError, "source"),
        (lambda: read_census("no/such/file.json", "ALL_VAL_MO"), korus.InvalidValueError, "source"),
    ],
)
def test_bad_responses_and_arguments(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_a_response_without_a_commodity_needs_its_direction():
    content = _response(("5800", "5", "2024-03"), header=("CTY_CODE", "ALL_VAL_MO", "time"))
    data = read_census(content, "ALL_VAL_MO", direction="export")
    assert data.flows[0].flow.scope is korus.Coverage.GOODS


def test_compact_json_is_read_whole():
    rows = json.loads(SAMPLE)
    compact = json.dumps(rows, separators=(",", ":")).encode()
    assert b"\n" not in compact
    whole, streamed = read_census(compact, "CNT_VAL_YR"), read_census(SAMPLE, "CNT_VAL_YR")
    assert (whole.rows, whole.flows, whole.aggregates, whole.breakdowns) == (
        streamed.rows,
        streamed.flows,
        streamed.aggregates,
        streamed.breakdowns,
    )


def _lines(count, bad=(), after_end=False):
    """A response in the API's one-row-a-line form, ``count`` rows, the rows at ``bad`` not JSON."""
    header = json.dumps(["CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "E_COMMODITY", "time"])
    rows = [
        b"not JSON" if n in bad else json.dumps(["5800", "KOREA", str(n), "-", "2024-03"]).encode()
        for n in range(count)
    ]
    text = b"[" + header.encode() + b",\n" + b",\n".join(rows) + b"]\n"
    return text + (b'["5800"]\n' if after_end else b"")


def test_rows_many_lines_apart_keep_their_lines():
    # The lines are parsed in groups of a thousand: each row keeps its own line, and a row
    # that is not JSON is rejected on its line, wherever it falls in its group.
    bad = {0, 999, 1000, 2500}
    data = read_census(_lines(2600, bad), "ALL_VAL_MO", strict=False)
    assert data.rows == 2600
    assert [r.line for r in data.rejected] == [n + 2 for n in sorted(bad)]
    assert [r.flow.value.magnitude for r in data.flows[997:999]] == [998, 1001]
    assert data.flows[-1].flow.value.magnitude == 2599


def test_rows_before_an_error_are_given_before_it():
    records = []
    with pytest.raises(korus.ParseError, match="follows the end") as caught:
        records.extend(korus.readers.iter_census(_lines(1500, after_end=True), "ALL_VAL_MO"))
    assert caught.value.field == "<bytes>:1502"
    assert len(records) == 1500
    with pytest.raises(korus.ParseError, match="not JSON"):
        korus.readers.read_census(_lines(1500, {1200}), "ALL_VAL_MO")


def test_streaming_reports_progress(tmp_path):
    path = tmp_path / "census.json"
    path.write_bytes(SAMPLE)
    seen = []
    records = list(
        korus.readers.iter_census(path, "CNT_VAL_YR", progress=lambda *a: seen.append(a))
    )
    assert len(records) == 55
    size = len(SAMPLE)
    assert seen[-1] == (55, size, size)


def test_a_gzip_response_is_read_as_the_response_it_holds(tmp_path):
    path = tmp_path / "census.json.gz"
    packed = gzip.compress(SAMPLE)
    path.write_bytes(packed)
    seen = []
    data = read_census(path, "CNT_VAL_YR", progress=lambda *a: seen.append(a))
    assert data.flows == read_census(SAMPLE, "CNT_VAL_YR").flows
    assert seen[-1] == (data.rows, len(packed), len(packed))
    with pytest.raises(korus.ParseError, match="is not a whole gzip file"):
        read_census(packed[:-20], "CNT_VAL_YR")


def test_the_writer_writes_the_apis_layout():
    lines = census_json(
        [CensusRow("5800", {"GEN_VAL_MO": "7"})],
        ["GEN_VAL_MO"],
        direction="import",
        commodity="8703",
        time="2017-07",
    ).splitlines()
    assert (
        lines[0]
        == b'[["GEN_VAL_MO", "CTY_CODE", "CTY_NAME", "PORT", "PORT_NAME", "I_COMMODITY", "YEAR", "COMM_LVL", "time"],'
    )
    assert lines[-1].endswith(b'"8703", "2017", "HS4", "2017-07"]]')
    (record,) = read_census(b"\n".join(lines), "GEN_VAL_MO").flows
    assert (record.flow.direction, record.flow.scope, record.flow.period) == (
        Direction.IMPORT,
        Product("HS", "8703"),
        Period(2017, month=7),
    )


def test_crosswalk_kinds():
    assert korus.readers.census_code("5800").economy == Economy("KOR")
    assert korus.readers.census_code("1000").economy == Economy("USA")
    assert korus.readers.census_code("4803").economy == Economy("XKX")
    assert korus.readers.census_code("7660").economy == Economy("COD")  # "rCD" in the Census list
    assert korus.readers.census_code("0003").kind is CodeKind.AGGREGATE
    assert (
        korus.readers.census_code("0099").kind is CodeKind.AGGREGATE
    )  # by the Census's convention
    assert korus.readers.census_code("5082").kind is CodeKind.AREA
    with pytest.raises(korus.InvalidTypeError):
        korus.readers.census_code(5800)
    with pytest.raises(korus.UnknownCodeError):
        korus.readers.census_code("12")
