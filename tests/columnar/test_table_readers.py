"""Comtrade files read in columns (Arrow's CSV reader, the row checks vectorised) held to the
row-by-row reader: wherever the fast path answers, its table (columnar.comtrade_table) and its
records (readers.read_comtrade) are the row-by-row reader's, on the shipped samples, on generated
files and on files hypothesis mutates byte by byte and field by field; and it does answer for
the files Comtrade writes, so that the comparison is not vacuous."""

import csv
import gzip
import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import korus
from korus import columnar
from korus.readers import _comtrade as readers_comtrade
from korus.readers import sample_file
from korus.readers._comtrade_columns import _LEGACY_NAMES, COLUMNS, LEGACY_COLUMNS
from korus.testing import ComtradeRow, comtrade_legacy_csv, comtrade_plus_csv, comtrade_sample

pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")
_comtrade = pytest.importorskip("korus.columnar._comtrade")
_comtrade_arrow = pytest.importorskip("korus.readers._comtrade_arrow")

VALUATIONS = (None, korus.Valuation.FOB, korus.Valuation.CIF)

ROWS = comtrade_sample()
#: Rows the sample lacks: products of each HS level, a month, breakdowns by mode and customs
#: procedure, an import reported FOB only, a re-export, values with decimals.
MORE = (
    ComtradeRow("842", "410", "M", 2022, cif="1234.5", fob="1200", cmd="87"),
    ComtradeRow("842", "410", "X", 2022, fob="99.125", cmd="8703", classification="HS"),
    ComtradeRow("842", "410", "X", 2022, fob="7", cmd="870323", classification="H4"),
    ComtradeRow("410", "842", "M", 2022, fob="5", month=3),
    ComtradeRow("410", "842", "X", 2022, fob="6", month=12, mot="2100"),
    ComtradeRow("410", "842", "M", 2022, cif="8", customs="C01"),
    ComtradeRow("410", "842", "RX", 2022, fob="9"),
    ComtradeRow("410", "410", "RM", 2022, cif="10"),
)


def scalar(source, valuation, scale):
    """The scalar reader's table, or the error it stops with."""
    try:
        return columnar._comtrade_scalar(source, valuation, scale, "polars")
    except korus.KorusError as error:
        return error


def check(source, valuation=None, scale=3):
    """The fast path's table (None where it declines) after holding it, and the records read in
    columns, to the row-by-row reader's."""
    records = readers_comtrade._in_columns(source, None)
    if records is not None:
        assert records == readers_comtrade._read_by_rows(source, True, None)
        assert [r.line for r in records.flows] == [
            r.line for r in readers_comtrade._read_by_rows(source, True, None).flows
        ]
    fast = _comtrade.comtrade_frame(source, valuation, scale)
    if fast is not None:
        expected = scalar(source, valuation, scale)
        assert isinstance(expected, pl.DataFrame), (
            f"the fast path read what the scalar refused: {expected}"
        )
        assert fast.schema == expected.schema
        assert fast.equals(expected)
    return fast


@pytest.mark.parametrize("valuation", VALUATIONS)
def test_the_shipped_sample_is_read_fast_to_the_same_table(valuation):
    # Comtrade's own file: cp1252, a trailing comma a row, CRLF.
    assert check(sample_file("comtrade_csv"), valuation) is not None
    assert check(sample_file("comtrade_csv").read_bytes(), valuation) is not None


def test_the_legacy_sample_is_read_fast_to_the_same_table():
    # comtrade.un.org's own layout: 35 columns, unquoted, empty breakdown columns for totals.
    assert check(sample_file("comtrade_legacy")) is not None
    generated = comtrade_legacy_csv((*ROWS, *MORE))
    assert check(generated) is not None


@pytest.mark.parametrize("valuation", VALUATIONS)
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_generated_files_are_read_fast_to_the_same_table(valuation, encoding):
    table = check(comtrade_plus_csv((*ROWS, *MORE), encoding=encoding), valuation)
    assert table is not None
    assert table.height == len(ROWS) + len(MORE) - 2  # the two breakdowns are parts


def test_gzip_files_are_read_fast_to_the_same_table(tmp_path):
    plain = comtrade_plus_csv((*ROWS, *MORE))
    packed = gzip.compress(plain)
    path = tmp_path / "comtrade.csv.gz"
    path.write_bytes(packed)
    for source in (packed, path):
        table = check(source)
        assert table is not None  # read in columns, unpacked as it is read
        assert table.equals(check(plain))
    seen: list = []
    data = korus.readers.read_comtrade(path, progress=lambda *a: seen.append(a))
    assert readers_comtrade._in_columns(path, None) == data
    assert seen[-1] == (data.rows, len(packed), len(packed))
    # Two gzip members one after the other (as `cat a.gz b.gz` makes): one file, read whole.
    middle = plain.index(b"\r\n", len(plain) // 2) + 2
    members = gzip.compress(plain[:middle], mtime=0) + gzip.compress(plain[middle:], mtime=0)
    table = check(members)
    assert table is not None
    assert table.equals(check(plain))
    # Zero bytes after the end, which Python's gzip reads past and Arrow does not: declined,
    # and read whole by the scalar reader.
    padded = packed + bytes(8)
    assert _comtrade.comtrade_frame(padded, None, 3) is None
    assert columnar.comtrade_table(padded).equals(check(plain))
    # Damaged, it is the scalar reader's to refuse: by name, never read short.
    checksum = len(packed) - 8  # the trailer's CRC-32, which only the end of a read checks
    for broken in (
        packed[: len(packed) // 2],
        packed[:checksum] + bytes([packed[checksum] ^ 1]) + packed[checksum + 1 :],
    ):
        assert _comtrade.comtrade_frame(broken, None, 3) is None
        with pytest.raises(korus.ParseError, match="is not a whole gzip file"):
            columnar.comtrade_table(broken)


def test_the_fast_path_declines_what_only_the_scalar_reader_can_judge():
    good = comtrade_plus_csv(ROWS)
    header, first, rest = good.split(b"\r\n", 2)
    for declined in (
        good.replace(b'"W00"', b'"XYZ"', 1),  # a row the scalar reader rejects
        header + b"\r\n" + first + b"\r" + rest,  # a bare carriage return
        header + b"\r\n" + first.replace(b'"China"', b'"Chi\x81na"', 1) + b"\r\n" + rest,
        header + b"\r\n" + first + b"\r\n" + b"x" * 100_001 + b"\r\n" + rest,  # over-long
        header + b"\r\n" + first[:-1] + b"\r\n" + rest,  # rows of two widths
        io.BytesIO(good),  # a stream is read once, by the scalar reader
    ):
        assert _comtrade.comtrade_frame(declined, None, 3) is None
    # ... and the answer is then the scalar reader's: a table, or its error with the line.
    with pytest.raises(korus.ParseError, match=r":2"):
        columnar.comtrade_table(good.replace(b'"W00"', b'"XYZ"', 1))


def test_a_read_in_columns_reports_progress_to_the_end(tmp_path):
    path = tmp_path / "comtrade.csv"
    path.write_bytes(comtrade_plus_csv((*ROWS, *MORE)))
    seen = []
    data = korus.readers.read_comtrade(path, progress=lambda *a: seen.append(a))
    assert readers_comtrade._in_columns(path, None) == data  # it was read in columns
    size = path.stat().st_size
    assert seen[-1] == (data.rows, size, size)
    assert [s[:2] for s in seen] == sorted(s[:2] for s in seen)


def test_an_error_in_the_callers_progress_ends_the_read_and_its_threads(tmp_path):
    import threading

    path = tmp_path / "comtrade.csv"
    path.write_bytes(comtrade_plus_csv((*ROWS, *MORE)))

    class Stop(Exception):
        pass

    def stop(*_):
        raise Stop

    before = threading.active_count()
    with pytest.raises(Stop):
        korus.readers.read_comtrade(path, progress=stop)
    assert threading.active_count() == before


def test_other_engines_take_the_fast_table_through_arrow():
    duckdb = pytest.importorskip("duckdb")
    relation = columnar.comtrade_table(sample_file("comtrade_csv"), engine="duckdb")
    assert isinstance(relation, duckdb.DuckDBPyRelation)
    expected = columnar._comtrade_scalar(sample_file("comtrade_csv"), None, 3, "duckdb")
    assert relation.types == expected.types
    assert sorted(relation.fetchall()) == sorted(expected.fetchall())


# -- hypothesis: mutated files ------------------------------------------------------------------

_BASE = (*ROWS[:6], *MORE)
_USED = _comtrade_arrow._USED
#: Each layout: its lines, how they end, and where the fields the checks read are.
_LAYOUTS = {
    "plus": (
        comtrade_plus_csv(_BASE).split(b"\r\n"),
        b"\r\n",
        [COLUMNS.index(c) for c in _USED],
    ),
    "legacy": (
        comtrade_legacy_csv(_BASE).split(b"\n"),
        b"\n",
        # the Comtrade+ columns' twins, in the same order, then the legacy period
        [LEGACY_COLUMNS.index(_LEGACY_NAMES[c]) for c in _USED if c in _LEGACY_NAMES]
        + [LEGACY_COLUMNS.index("Period")],
    ),
}
#: Values that sit on either side of a check: codes korus knows and does not, totals and parts,
#: numerals exact and rounded, texts the two CSV parsers might split differently.
_VALUES = (
    "", "0", "C00", "C01", "W00", "X", "M", "RM", "RX", "DX", "A", "Q", "C", "S", "2022", "1799",
    "2201", "22", "H6", "HS", "H9", "TOTAL", "87", "8703", "870", "99", "9999", "1.5", "1.0005",
    "1.000", "0012", "1e5", "-5", " 5", "12345678901234567890", "123456789012345678901",
    "1234567890123456789.1234567891", "156", "842", "410", "999", "0", "USA", "KOR", "CHN",
    " USA", "usa", "WLD", "EUR", "S19", "490", "X1", "é", "1", "13", "01", "3", "true",
    "a,b", 'a"b', "a\nb", "a\rb", "5\n", "8\x0042", "US\x00",
)  # fmt: skip
_BYTES = (
    b"\r", b"\n", b"\r\n", b",", b'"', b"\x81", b"\xc3\xa9", b"\xe9", b" ", b"\xef\xbb\xbf", b"\x00",
)  # fmt: skip


def _with_field(line: bytes, column: int, value: str) -> bytes:
    fields = next(csv.reader(io.StringIO(line.decode("cp1252"), newline="")))
    fields[column] = value
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="").writerow(fields)
    return out.getvalue().encode("cp1252")


_fields = st.tuples(
    st.just("field"),
    st.integers(1, len(_BASE)),
    st.integers(0, 100),
    st.sampled_from(_VALUES) | st.text(st.sampled_from("0123456789.-AMXCWH é"), max_size=6),
)
_bytes = st.tuples(
    st.just("bytes"), st.integers(0, len(_BASE)), st.integers(0, 400), st.sampled_from(_BYTES)
)
_lines = st.tuples(st.sampled_from(["drop", "repeat", "blank"]), st.integers(1, len(_BASE)))


def _mutated(mutations, layout="plus") -> bytes:
    lines, ending, used = _LAYOUTS[layout]
    lines = list(lines)
    # Fields first, while every line is still one row of CSV.
    for kind, row, *rest in sorted(mutations, key=lambda m: m[0] != "field"):
        row = min(row, len(lines) - 1)
        if kind == "field":
            lines[row] = _with_field(lines[row], used[rest[0] % len(used)], rest[1])
        elif kind == "bytes":
            at = min(rest[0], len(lines[row]))
            lines[row] = lines[row][:at] + rest[1] + lines[row][at:]
        elif kind == "drop" and row:
            del lines[row]
        elif kind == "repeat":
            lines.insert(row, lines[row])
        elif kind == "blank":
            lines.insert(row, b"")
    return ending.join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_fields | _bytes | _lines, min_size=1, max_size=3),
    st.sampled_from(VALUATIONS),
    st.sampled_from([0, 3, 12]),
    st.sampled_from(sorted(_LAYOUTS)),
)
@example([("field", 1, _USED.index("primaryValue"), "1.0005")], None, 3, "plus")
@example([("field", 1, _USED.index("cifvalue"), "1.0005")], korus.Valuation.CIF, 3, "plus")
@example([("field", 2, _USED.index("reporterISO"), "WLD")], None, 3, "plus")
@example([("bytes", 3, 40, b"\r")], None, 3, "plus")
@example([("bytes", 0, 0, b"\x1f\x8b")], None, 3, "plus")  # a gzip file's first bytes
@example([("field", 7, _USED.index("fobvalue"), "99.125")], None, 0, "plus")
def test_mutated_files_read_fast_only_to_the_scalar_table(mutations, valuation, scale, layout):
    check(_mutated(mutations, layout), valuation, scale)
