"""The readers' properties on real files written by others: every mutated real row is read or
rejected, a lenient read never raises, and every row is counted (independently of the reader)."""

import json

from hypothesis import given
from hypothesis import strategies as st
from real_files import CENSUS_PORTS, COMTRADE_API, COMTRADE_LEGACY, COMTRADE_PLUS

import korus

LINES = COMTRADE_PLUS.read_bytes().splitlines(keepends=True)
LEGACY_LINES = COMTRADE_LEGACY.read_bytes().splitlines(keepends=True)
CENSUS_LINES = CENSUS_PORTS.read_bytes().splitlines(keepends=True)
SAFE_BYTES = st.integers(0, 255).filter(lambda b: b not in b'"\r\n')


def accounted(data):
    return data.rows == (
        len(data.flows) + len(data.aggregates) + len(data.breakdowns) + len(data.rejected)
    )


def mutate(data, lines):
    """Up to three bytes of each line overwritten, never a quote or a line break."""
    mutated = []
    for line in lines:
        row = bytearray(line)
        where = [i for i in range(len(row.rstrip(b"\r\n"))) if row[i] != ord('"')]
        for _ in range(data.draw(st.integers(0, 3), label="mutations")):
            row[data.draw(st.sampled_from(where), label="position")] = data.draw(SAFE_BYTES)
        mutated.append(bytes(row))
    return mutated


@given(st.lists(st.sampled_from(LINES[1:]), min_size=1, max_size=20), st.data())
def test_mutated_real_comtrade_rows(rows, data):
    mutated = mutate(data, rows)
    result = korus.readers.read_comtrade(LINES[0] + b"".join(mutated), strict=False)
    assert accounted(result)
    assert result.rows == len(mutated)


@given(st.lists(st.sampled_from(LEGACY_LINES[1:]), min_size=1, max_size=10), st.data())
def test_mutated_real_legacy_rows(rows, data):
    mutated = mutate(data, rows)
    result = korus.readers.read_comtrade(LEGACY_LINES[0] + b"".join(mutated), strict=False)
    assert accounted(result)
    assert result.rows == len(mutated)


JSON_VALUES = st.none() | st.booleans() | st.integers() | st.text(max_size=8)


@given(st.data())
def test_mutated_real_api_records(data):
    document = json.loads(COMTRADE_API.read_text())
    for record in document["data"]:
        for _ in range(data.draw(st.integers(0, 2), label="mutations")):
            record[data.draw(st.sampled_from(sorted(record)))] = data.draw(JSON_VALUES)
    result = korus.readers.read_comtrade_json(json.dumps(document).encode(), strict=False)
    assert (result.rows, accounted(result)) == (4, True)


@given(st.lists(st.sampled_from(CENSUS_LINES[1:-1]), min_size=1, max_size=15), st.data())
def test_mutated_real_census_rows(rows, data):
    mutated = mutate(data, rows)
    content = CENSUS_LINES[0] + b"".join(mutated) + CENSUS_LINES[-1]
    result = korus.readers.read_census(content, "CNT_VAL_YR", strict=False)
    assert accounted(result)
    assert result.rows == len(mutated) + 1


def test_real_files_gzip_compressed_are_read_as_the_files():
    # Packed, known by its first bytes, each reader on its own file.
    import gzip

    for path, read in (
        (COMTRADE_PLUS, korus.readers.read_comtrade),
        (COMTRADE_LEGACY, korus.readers.read_comtrade),
        (COMTRADE_API, korus.readers.read_comtrade_json),
        (CENSUS_PORTS, lambda source: korus.readers.read_census(source, "CNT_VAL_YR")),
    ):
        plain, packed = read(path), read(gzip.compress(path.read_bytes()))
        assert (packed.rows, packed.flows, packed.aggregates, packed.rejected) == (
            plain.rows,
            plain.flows,
            plain.aggregates,
            plain.rejected,
        ), path.name
