"""The readers on any input: flows or a KorusError, never another exception; a lenient read of
a file with a usable header never raises; and every row is accounted for, counted
independently of the reader (the rows of the file, not the reader's own count).

The files are korus's own (korus.testing); the same properties on real files written by
others are in tests/samples.
"""

import json

from hypothesis import given
from hypothesis import strategies as st

import korus
from korus.testing import (
    census_json,
    census_sample,
    comtrade_api_json,
    comtrade_api_sample,
    comtrade_legacy_csv,
    comtrade_legacy_sample,
    comtrade_plus_csv,
    comtrade_sample,
)

LINES = comtrade_plus_csv(comtrade_sample()).splitlines(keepends=True)
HEADER, ROWS = LINES[0], LINES[1:]
LEGACY_LINES = comtrade_legacy_csv(comtrade_legacy_sample()).splitlines(keepends=True)
CENSUS_VARIABLES = ("AIR_VAL_YR", "AIR_WGT_YR", "CNT_VAL_YR", "CNT_WGT_YR")
CENSUS_LINES = census_json(census_sample(), CENSUS_VARIABLES).splitlines(keepends=True)

# Bytes a mutation may write without changing where a row starts and ends: no line breaks,
# and no quote, which could join a row to the next.
SAFE_BYTES = st.integers(0, 255).filter(lambda b: b not in b'"\r\n')


def accounted(data):
    """Every row read is a flow, an aggregate, a breakdown or a rejected row."""
    return data.rows == (
        len(data.flows) + len(data.aggregates) + len(data.breakdowns) + len(data.rejected)
    )


def mutate(data, lines, byte=SAFE_BYTES, most=3):
    """Each line with up to ``most`` bytes overwritten; with SAFE_BYTES, never a quote or a line
    break overwritten either, so each line stays one row."""
    mutated = []
    for line in lines:
        row = bytearray(line)
        body = len(row.rstrip(b"\r\n"))
        where = (
            [i for i in range(body) if row[i] != ord('"')] if byte is SAFE_BYTES else range(body)
        )
        for _ in range(data.draw(st.integers(0, most), label="mutations")):
            position = data.draw(st.sampled_from(where), label="position")
            row[position] = data.draw(byte, label="byte")
        mutated.append(bytes(row))
    return mutated


def read_or_korus_error(read, content):
    try:
        return read(content)
    except korus.KorusError:
        return None


@given(st.binary(max_size=2000), st.booleans())
def test_any_bytes_give_data_or_a_korus_error(content, strict):
    data = read_or_korus_error(lambda c: korus.readers.read_comtrade(c, strict=strict), content)
    if data is not None:
        assert accounted(data)


@given(st.binary(max_size=2000))
def test_a_lenient_read_after_a_good_header_never_raises(content):
    data = korus.readers.read_comtrade(HEADER + content, strict=False)
    assert accounted(data)


@given(st.lists(st.sampled_from(ROWS), min_size=1, max_size=20), st.data())
def test_mutated_rows_are_each_read_or_rejected(rows, data):
    mutated = mutate(data, rows)
    result = korus.readers.read_comtrade(HEADER + b"".join(mutated), strict=False)
    assert accounted(result)
    # Counted independently: one row a line, whatever the mutations did to it.
    assert result.rows == len(mutated)
    # A row the mutations left as it was reads as it did.
    unchanged = sum(m == r for m, r in zip(mutated, rows, strict=True))
    assert len(result.flows) + len(result.aggregates) >= unchanged


@given(st.lists(st.sampled_from(ROWS), min_size=1, max_size=10), st.data())
def test_mutated_rows_with_any_bytes_are_accounted_for(rows, data):
    # Quotes and line breaks may join or split rows: the count is the reader's, but a lenient
    # read still never raises, and every row it saw is somewhere.
    mutated = mutate(data, rows, byte=st.integers(0, 255))
    result = korus.readers.read_comtrade(HEADER + b"".join(mutated), strict=False)
    assert accounted(result)


JSON_FIELDS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@given(st.binary(max_size=500) | JSON_FIELDS.map(lambda v: json.dumps(v).encode()))
def test_any_json_gives_data_or_a_korus_error(content):
    data = read_or_korus_error(lambda c: korus.readers.read_comtrade_json(c, strict=False), content)
    if data is not None:
        assert accounted(data)


API = comtrade_api_json(comtrade_api_sample())


@given(st.data())
def test_mutated_api_records_are_each_read_or_rejected(data):
    document = json.loads(API)
    for record in document["data"]:
        for _ in range(data.draw(st.integers(0, 2), label="mutations")):
            field = data.draw(st.sampled_from(sorted(record)), label="field")
            record[field] = data.draw(JSON_FIELDS, label="value")
    result = korus.readers.read_comtrade_json(json.dumps(document).encode(), strict=False)
    assert result.rows == 4
    assert accounted(result)


@given(st.lists(st.sampled_from(LEGACY_LINES[1:]), min_size=1, max_size=10), st.data())
def test_mutated_legacy_rows_are_each_read_or_rejected(rows, data):
    mutated = mutate(data, rows)
    result = korus.readers.read_comtrade(LEGACY_LINES[0] + b"".join(mutated), strict=False)
    assert accounted(result)
    assert result.rows == len(mutated)


def read_census(content):
    return korus.readers.read_census(content, "CNT_VAL_YR", strict=False)


@given(st.binary(max_size=2000) | JSON_FIELDS.map(lambda v: json.dumps(v).encode()))
def test_any_bytes_give_census_data_or_a_korus_error(content):
    data = read_or_korus_error(read_census, content)
    if data is not None:
        assert accounted(data)


@given(st.lists(st.sampled_from(CENSUS_LINES[1:-1]), min_size=1, max_size=15), st.data())
def test_mutated_census_rows_are_each_read_or_rejected(rows, data):
    mutated = mutate(data, rows)
    result = read_census(CENSUS_LINES[0] + b"".join(mutated) + CENSUS_LINES[-1])
    assert accounted(result)
    assert result.rows == len(mutated) + 1  # the last row, unchanged
