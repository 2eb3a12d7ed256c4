"""API responses read in columns held to the readers that take them a record at a time: wherever
the fast path answers, its records are the scalar reader's, on the shipped samples, on generated
responses and on responses hypothesis mutates field by field and token by token; and it does
answer for the responses the APIs send, so that the comparison is not vacuous."""

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import korus
from korus.readers import _comtrade as readers_comtrade
from korus.readers import sample_file
from korus.readers._comtrade_columns import COLUMNS
from korus.testing import ComtradeRow, comtrade_api_json, comtrade_sample

pytest.importorskip("polars")
_api = pytest.importorskip("korus.readers._comtrade_api_columns")

ROWS = comtrade_sample()
MORE = (
    ComtradeRow("842", "410", "M", 2022, cif="1234.5", fob="1200", cmd="87"),
    ComtradeRow("842", "410", "X", 2022, fob="99.125", cmd="8703", classification="HS"),
    ComtradeRow("410", "842", "M", 2022, fob="5", month=3),
    ComtradeRow("410", "842", "X", 2022, fob="6", month=12, mot="2100"),
    ComtradeRow("410", "842", "M", 2022, cif="8", customs="C01"),
    ComtradeRow("410", "410", "RM", 2022, cif="10"),
)


def scalar(text):
    """The record-by-record reader's data, or the error it stops with."""
    try:
        return readers_comtrade._json_by_records(text, "response.json", True)
    except korus.KorusError as error:
        return error


def check(text):
    """The data read in columns (None where the fast path declines), after holding it to the
    record-by-record reader's."""
    fast = _api.comtrade_api_data(text, "response.json")
    if fast is not None:
        expected = scalar(text)
        assert isinstance(expected, type(fast)), f"read in columns what was refused: {expected}"
        assert fast == expected
        assert [r.line for r in fast.flows] == [r.line for r in expected.flows]
        assert [r.line for r in fast.aggregates] == [r.line for r in expected.aggregates]
    return fast


def test_the_shipped_sample_is_read_in_columns_to_the_same_records():
    path = sample_file("comtrade_json")
    assert check(path.read_text()) is not None
    expected = readers_comtrade._json_by_records(path.read_text(), str(path), True)
    assert korus.readers.read_comtrade_json(path) == expected


def test_a_generated_response_is_read_in_columns_across_groups(monkeypatch):
    monkeypatch.setattr(_api, "_GROUP", 7)  # groups end mid-response, lines run on
    text = comtrade_api_json(ROWS + MORE).decode()
    data = check(text)
    assert data is not None
    assert data.rows == len(ROWS + MORE)
    assert data.breakdowns


def test_an_empty_response_is_read_in_columns():
    data = check(comtrade_api_json([]).decode())
    assert data is not None
    assert data.rows == 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('"primaryValue": 6804128143.0', '"primaryValue": 6.804128143e9'),
        ('"reporterCode": 156', '"reporterCode": 1.56E2'),
        ('"count": 4', '"count": 5'),
        ('"error": ""', '"error": "too many requests"'),
        ('"elapsedTime": "0.21 secs"', '"elapsedTime": {"a": 1, "a": 2}'),
        ('"isAggregate": true', '"isAggregate": {"b": 1, "b": 2}'),
        ('"typeCode": "C"', '"typeCode": "C", "typeCode": "C"'),
        ('"typeCode": "C", ', ""),
        ('"data": [{', '"data": [[1], {'),
        ('"error": ""', '"error": "", "data": []'),
        ('"error": ""}', '"error": "",}'),
        ('"cmdDesc": "All Commodities"', '"cmdDesc": "All {Commodities}"'),
    ],
)
def test_what_only_the_scalar_reader_can_judge_is_left_to_it(before, after):
    text = sample_file("comtrade_json").read_text()
    assert before in text
    assert _api.comtrade_api_data(text.replace(before, after, 1), "response.json") is None


#: JSON tokens on either side of a check: codes known and not, numbers as text and as numbers,
#: with an exponent, too long, not plain; a field named twice is a mutation of its own.
_TOKENS = (
    '""', "null", "true", "false", '"C"', '"S"', '"M"', '"X"', '"RM"', '"A"', '"Q"', "2022",
    '"2022"', "1799", "22", '"H6"', '"HS"', '"H9"', '"TOTAL"', '"87"', '"8703"', "8703", '"870"',
    "1.5", '"1.5"', "1.0005", "1e5", "1E2", "1.56e2", "-5", "0", "-0", "0.0",
    "12345678901234567890", "123456789012345678901", "1234567890123456789.1234567891",
    '"USA"', '"KOR"', '"WLD"', '"W00"', '"usa"', '" USA"', "842", "410", "156", '"842"', "999",
    "3", '"03"', "13", '"C00"', '"C01"', "0", '"0"', '"X1"', '"\\u0000"', '"é"', "[1]", "{}",
    '{"a": 1}', "NaN", "Infinity",
)  # fmt: skip
_BASE = json.loads(comtrade_api_json(ROWS[:6] + MORE))


def _response(mutations) -> str:
    records = [[(k, json.dumps(v)) for k, v in record.items()] for record in _BASE["data"]]
    members = {k: json.dumps(v) for k, v in _BASE.items() if k != "data"}
    for kind, at, *rest in mutations:
        fields = records[at % len(records)]
        if kind == "field":
            column, token = rest
            fields[COLUMNS.index(column)] = (column, token)
        elif kind == "twice":
            fields.append(fields[rest[0] % len(fields)])
        elif kind == "drop":
            del fields[rest[0] % len(fields)]
        elif kind == "count":
            members["count"] = str(len(records) + rest[0])
    data = ", ".join("{" + ", ".join(f'"{k}": {v}' for k, v in r) + "}" for r in records)
    return (
        "{" + ", ".join([*(f'"{k}": {v}' for k, v in members.items()), f'"data": [{data}]']) + "}"
    )


_mutations = st.lists(
    st.tuples(
        st.just("field"), st.integers(0, 99), st.sampled_from(COLUMNS), st.sampled_from(_TOKENS)
    )
    | st.tuples(st.sampled_from(["twice", "drop"]), st.integers(0, 99), st.integers(0, 99))
    | st.tuples(st.just("count"), st.integers(0, 0), st.integers(-1, 1)),
    min_size=1,
    max_size=3,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations)
@example([("field", 0, "reporterCode", "8.42e2")])
@example([("field", 1, "primaryValue", "1.0005")])
@example([("field", 2, "partnerISO", '"W00"')])
@example([("field", 3, "refMonth", "3.0")])
@example([("twice", 0, 3)])
def test_mutated_responses_read_in_columns_only_to_the_scalar_records(mutations):
    check(_response(mutations))


def test_an_unmutated_response_is_read_in_columns():
    # The mutations above would prove nothing if the base were always declined.
    assert check(_response([])) is not None


# ------------------------------------------------------------------- a Census table in columns

CENSUS = korus.testing.census_json(
    korus.testing.census_sample(), ["CNT_VAL_YR", "AIR_VAL_YR"], ports=True
)


def _by_records(source, variable, **kwargs):
    from unittest import mock

    from korus import columnar

    with mock.patch.object(columnar, "_census_fast", return_value=None):
        return columnar.census_table(source, variable, **kwargs)


def test_a_census_table_is_read_in_columns_on_every_engine():
    import io

    from korus import columnar
    from korus.columnar import _census

    assert _census.census_frame(CENSUS, "CNT_VAL_YR", None) is not None
    fast = columnar.census_table(CENSUS, "CNT_VAL_YR")
    assert fast.equals(_by_records(CENSUS, "CNT_VAL_YR"))
    # A stream cannot be read twice: it is read record by record, to the same table.
    assert _census.census_frame(io.BytesIO(CENSUS), "CNT_VAL_YR", None) is None
    assert columnar.census_table(io.BytesIO(CENSUS), "CNT_VAL_YR").equals(fast)
    on_duckdb = columnar.census_table(CENSUS, "CNT_VAL_YR", engine="duckdb")
    assert on_duckdb.fetchall() == _by_records(CENSUS, "CNT_VAL_YR", engine="duckdb").fetchall()
    assert on_duckdb.fetchall() == list(fast.iter_rows())


def test_a_census_table_refuses_what_the_records_refuse_in_their_order():
    from korus import columnar

    bad_row = CENSUS.replace(b'"143751419"', b'"(D)"')
    with pytest.raises(korus.ParseError) as caught:
        columnar.census_table(bad_row, "CNT_VAL_YR")
    assert "CNT_VAL_YR" in caught.value.field
    # The value is judged first, then the engine, then the rows.
    with pytest.raises(korus.InvalidValueError) as caught:
        columnar.census_table(bad_row, "CNT_WGT_YR", engine="nosuch")
    assert caught.value.field == "value"
    with pytest.raises(korus.InvalidValueError) as caught:
        columnar.census_table(bad_row, "CNT_VAL_YR", engine="nosuch")
    assert caught.value.field == "engine"
