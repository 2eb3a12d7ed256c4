"""Reading a real US Census trade API response: Korea is KOR, no grouping is a country."""

import json

import pytest
from real_files import CENSUS_PORTS

import korus
from korus import Direction, Economy, Period, Product, Valuation, quantity
from korus.readers import census_code, read_census

SAMPLE = CENSUS_PORTS
GROUPINGS = {"0003", "0014", "0017", "0020", "0021", "0022", "0023", "0024", "0025", "0026"}
GROUPINGS |= {"0027", "0028", "1XXX", "2XXX", "3XXX", "4XXX", "5XXX", "6XXX", "7XXX"}


@pytest.fixture(scope="module", params=["CNT_VAL_YR", "AIR_VAL_YR"])
def data(request):
    return read_census(SAMPLE, request.param)


def test_every_row_is_accounted_for(data):
    assert data.rows == 2365
    assert (len(data.flows), len(data.aggregates), len(data.breakdowns)) == (168, 20, 2177)
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
    # The world against 168 countries, and 188 all-ports totals against their ports.
    assert len(checks) == 189
    assert all(check.consistent for check in checks)
    world = next(c for c in checks if c.total_of.startswith("- "))
    assert world.parts == 168


def test_a_wrong_total_is_shown():
    rows = json.loads(SAMPLE.read_text())
    for row in rows:
        if row[4] == "5800" and row[6] == "1001":
            row[2] = str(int(row[2]) + 1)
    data = read_census(json.dumps(rows).encode(), "CNT_VAL_YR")
    wrong = [c for c in data.checks() if not c.consistent]
    assert [(c.total_of, str(c.difference)) for c in wrong] == [
        ("5800 (South Korea (Republic of Korea)), HS:10, 2024: breakdowns", "-1 USD")
    ]


def test_compact_json_is_read_whole():
    rows = json.loads(SAMPLE.read_text())
    compact = json.dumps(rows, separators=(",", ":")).encode()
    assert b"\n" not in compact
    whole, streamed = read_census(compact, "CNT_VAL_YR"), read_census(SAMPLE, "CNT_VAL_YR")
    assert (whole.rows, whole.flows, whole.aggregates, whole.breakdowns) == (
        streamed.rows,
        streamed.flows,
        streamed.aggregates,
        streamed.breakdowns,
    )


def test_streaming_reports_progress():
    seen = []
    records = list(
        korus.readers.iter_census(SAMPLE, "CNT_VAL_YR", progress=lambda *a: seen.append(a))
    )
    assert len(records) == 2365
    size = SAMPLE.stat().st_size
    assert seen[-1] == (2365, size, size)


@pytest.mark.parametrize("variable", ["CNT_VAL_YR", "AIR_VAL_YR"])
def test_the_table_read_in_columns_is_the_table_of_the_records(variable):
    from unittest import mock

    from korus import columnar
    from korus.columnar import _census

    fast = _census.census_frame(SAMPLE, variable, None)
    assert fast is not None, "the real response is read in columns"
    with mock.patch.object(columnar, "_census_fast", return_value=None):
        by_records = columnar.census_table(SAMPLE, variable)
    assert fast.equals(by_records)
    assert fast.schema == by_records.schema
    assert fast.height == 168
    assert columnar.census_table(SAMPLE, variable).equals(fast)


def test_every_name_the_api_writes_finds_the_economy_of_its_code():
    rows = json.loads(SAMPLE.read_text("utf-8"))
    header = rows[0]
    pairs = {(r[header.index("CTY_CODE")], r[header.index("CTY_NAME")]) for r in rows[1:]}
    economies = {(code, name) for code, name in pairs if census_code(code).economy is not None}
    assert ("5800", "KOREA, SOUTH") in economies
    assert len(economies) == 169  # every country of the response, and its total
    for code, name in economies:
        assert Economy.lookup(name) == census_code(code).economy, (code, name)
