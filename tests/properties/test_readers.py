"""The Comtrade reader on any input: flows or a KorusError, never another exception, and the
accounting identity (every row read is a record or a rejection) always."""

import pathlib

from hypothesis import given
from hypothesis import strategies as st

import korus

SAMPLE = (
    pathlib.Path(__file__).resolve().parents[1]
    / "data"
    / "comtrade"
    / "comtradeplus_2022_total_CHN-DEU-USA.csv"
)
LINES = SAMPLE.read_bytes().splitlines(keepends=True)
HEADER, ROWS = LINES[0], LINES[1:]


def accounted(data):
    """Every row read is a flow, an aggregate, a breakdown or a rejected row."""
    return data.rows == (
        len(data.flows) + len(data.aggregates) + len(data.breakdowns) + len(data.rejected)
    )


def read(content, strict):
    try:
        return korus.read_comtrade(content, strict=strict)
    except korus.KorusError:
        return None


@given(st.binary(max_size=2000), st.booleans())
def test_any_bytes_give_data_or_a_korus_error(content, strict):
    data = read(content, strict)
    if data is not None:
        assert accounted(data)


@given(st.binary(max_size=2000))
def test_any_bytes_after_a_real_header(content):
    data = read(HEADER + content, strict=False)
    if data is not None:
        assert accounted(data)


@given(
    st.lists(st.sampled_from(range(len(ROWS))), min_size=1, max_size=20),
    st.data(),
)
def test_mutated_real_rows_are_read_or_rejected_and_every_row_is_counted(indices, data):
    rows = []
    for index in indices:
        row = bytearray(ROWS[index])
        for _ in range(data.draw(st.integers(0, 3), label="mutations")):
            position = data.draw(st.integers(0, len(row) - 1), label="position")
            row[position] = data.draw(st.integers(0, 255), label="byte")
        rows.append(bytes(row))
    result = read(HEADER + b"".join(rows), strict=False)
    if result is not None:
        assert accounted(result)
        assert result.rows <= len(rows) + sum(r.count(b"\n") for r in rows)


JSON_FIELDS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@given(st.binary(max_size=500) | JSON_FIELDS.map(lambda v: __import__("json").dumps(v).encode()))
def test_any_json_gives_data_or_a_korus_error(content):
    try:
        data = korus.read_comtrade_json(content, strict=False)
    except korus.KorusError:
        return
    assert accounted(data)


API_SAMPLE = SAMPLE.with_name("comtradeplus_api_v1_CHN_2010.json")


@given(st.data())
def test_mutated_api_records_are_read_or_rejected(data):
    import json

    document = json.loads(API_SAMPLE.read_text())
    for record in document["data"]:
        for _ in range(data.draw(st.integers(0, 2), label="mutations")):
            field = data.draw(st.sampled_from(sorted(record)), label="field")
            record[field] = data.draw(JSON_FIELDS, label="value")
    try:
        result = korus.read_comtrade_json(json.dumps(document).encode(), strict=False)
    except korus.KorusError:
        return
    assert result.rows == 4
    assert accounted(result)


LEGACY = SAMPLE.with_name("comtrade_legacy_2016_hs01_world.csv")
LEGACY_LINES = LEGACY.read_bytes().splitlines(keepends=True)


@given(st.lists(st.sampled_from(LEGACY_LINES[1:]), min_size=1, max_size=10), st.data())
def test_mutated_legacy_rows_are_read_or_rejected(rows, data):
    mutated = []
    for line in rows:
        row = bytearray(line)
        for _ in range(data.draw(st.integers(0, 3), label="mutations")):
            row[data.draw(st.integers(0, len(row) - 1))] = data.draw(st.integers(0, 255))
        mutated.append(bytes(row))
    result = read(LEGACY_LINES[0] + b"".join(mutated), strict=False)
    if result is not None:
        assert accounted(result)


CENSUS = (
    pathlib.Path(__file__).resolve().parents[1]
    / "data"
    / "census"
    / "porths_exports_hs10_2024-12.json"
)
CENSUS_LINES = CENSUS.read_bytes().splitlines(keepends=True)


def read_census(content, strict=False):
    try:
        return korus.read_census(content, "CNT_VAL_YR", strict=strict)
    except korus.KorusError:
        return None


@given(st.binary(max_size=2000) | JSON_FIELDS.map(lambda v: __import__("json").dumps(v).encode()))
def test_any_bytes_give_census_data_or_a_korus_error(content):
    data = read_census(content)
    if data is not None:
        assert accounted(data)


@given(st.lists(st.sampled_from(CENSUS_LINES[1:-1]), min_size=1, max_size=15), st.data())
def test_mutated_census_rows_are_read_or_rejected(rows, data):
    mutated = []
    for line in rows:
        row = bytearray(line)
        for _ in range(data.draw(st.integers(0, 3), label="mutations")):
            row[data.draw(st.integers(0, len(row) - 1))] = data.draw(st.integers(0, 255))
        mutated.append(bytes(row))
    content = CENSUS_LINES[0] + b"".join(mutated) + CENSUS_LINES[-1]
    result = read_census(content)
    if result is not None:
        assert accounted(result)
        # One row a line at most; a mutation may have written a newline into a row.
        assert result.rows <= 1 + sum(row.count(b"\n") for row in mutated)
