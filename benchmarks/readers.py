"""Benchmarks of the Comtrade+ readers, each beside its anchor measured in the same run on the
same file (medians of alternating rounds, so both meet the same machine), with peak memory:

- records: ``korus.readers.read_comtrade`` (every row a checked ComtradeRecord, read in
  columns) and ``iter_comtrade`` (the same records streamed, row by row) beside
  ``pandas.read_csv(dtype=str)`` (pandas only here, never a korus dependency);
- a table: ``korus.columnar.comtrade_table`` beside ``polars.read_csv`` of the same file (all
  columns as text, as korus's checks read them);
- gzip (``--gzip``): the same file gzip-compressed, ``read_comtrade`` beside
  ``pandas.read_csv(compression="gzip")`` and ``comtrade_table`` beside ``polars.read_csv``,
  which unpacks it too;
- streaming: peak memory of ``comtrade_table`` on a much larger file (``--big``, 10 million rows
  by default) beside the size of the table it returns and of a process that only imports korus:
  what the read holds besides its result must not grow with the file;
- API responses (``--json``, 100,000 records by default, the most one Comtrade+ call returns):
  ``read_comtrade_json``, ``read_census`` and ``columnar.census_table`` (the API's
  one-row-a-line layout) beside ``json.loads`` of the same text, numbers kept as text, into
  ``pandas.DataFrame(dtype=str)``.

The file is the shipped Comtrade+ sample (cp1252, a trailing comma a row, CRLF), its rows
repeated over distinct years.

    python benchmarks/readers.py [--rows 1000000] [--big 10000000] [--json 100000] [--gzip 1]
        [--rounds 3]
"""

import argparse
import gzip
import json
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial

from json_memory import census_lines, comtrade_document

import korus
from korus.readers import sample_file


def generate(path, rows):
    """A Comtrade+ file of ``rows`` data rows: the sample's rows, repeated over distinct years."""
    lines = sample_file("comtrade_csv").read_bytes().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    years = [
        [
            line.replace(b'"2022"', f'"{year}"'.encode()).replace(
                b'"20220101"', f'"{year}0101"'.encode()
            )
            for line in body
        ]
        for year in range(1900, 2201)
    ]
    written = 0
    with open(path, "wb") as out:
        out.write(header)
        while written < rows:
            for block in years:
                take = block[: rows - written]
                out.writelines(take)
                written += len(take)
                if written == rows:
                    break
    return written


# VmHWM, not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's size at fork.
PEAK = """
import resource, sys
{body}
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def peak_mb(body):
    out = subprocess.run(
        [sys.executable, "-c", PEAK.format(body=body)], capture_output=True, text=True, check=True
    )
    lines = out.stdout.split()
    return int(lines[-1]) / 1024, lines[:-1]


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def alternating(pairs, rounds):
    """Median seconds of each function of ``pairs``, run in turn, ``rounds`` times."""
    times = {name: [] for name, _ in pairs}
    for _ in range(rounds):
        for name, function in pairs:
            times[name].append(timed(function))
    return {name: statistics.median(values) for name, values in times.items()}


def responses(folder, n, rounds):
    """The API readers beside json.loads into pandas, on responses of ``n`` records."""
    import pandas

    comtrade = folder / "comtrade.json"
    comtrade.write_bytes(comtrade_document(n))
    census = folder / "census.json"
    census.write_bytes(census_lines(n))

    def comtrade_records():
        assert korus.readers.read_comtrade_json(comtrade).rows == n

    def comtrade_pandas():
        document = json.loads(comtrade.read_bytes(), parse_float=str, parse_int=str)
        assert len(pandas.DataFrame(document["data"], dtype=str)) == n

    def census_records():
        assert korus.readers.read_census(census, "GEN_VAL_MO").rows == n

    def census_pandas(path):
        """The anchor for a Census response: its rows as a pandas frame of text."""
        rows = json.loads(path.read_bytes())
        assert len(pandas.DataFrame(rows[1:], columns=rows[0], dtype=str)) == n

    got = alternating([("korus", comtrade_records), ("pandas", comtrade_pandas)], rounds)
    yield ("API: read_comtrade_json / json+pandas", n, got["korus"], got["pandas"])
    got = alternating(
        [("korus", census_records), ("pandas", lambda: census_pandas(census))], rounds
    )
    yield ("API: read_census / json+pandas", n, got["korus"], got["pandas"])

    # A table of flows: every row a country's total at all ports.
    flows = folder / "census_flows.json"
    flows.write_bytes(census_lines(n, ports=False))

    def census_table():
        assert korus.columnar.census_table(flows, "GEN_VAL_MO").height == n

    got = alternating([("korus", census_table), ("pandas", lambda: census_pandas(flows))], rounds)
    yield ("API: census_table / json+pandas", n, got["korus"], got["pandas"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000, help="0 to leave it out")
    parser.add_argument("--json", type=int, default=100_000, help="0 to leave it out")
    parser.add_argument("--gzip", type=int, default=1, help="0 to leave it out")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import pandas
    import polars

    from korus import columnar

    print(f"korus {korus.__version__}, Python {sys.version.split()[0]}, {args.rows:,} rows")
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "comtrade.csv"
        n = generate(path, args.rows)
        size = path.stat().st_size / 1e6
        print(f"file: {size:.0f} MB")

        # Each of a file, plain or gzip (pandas unpacks a .gz by its name, Polars by its bytes).
        def records(file=path):
            assert korus.readers.read_comtrade(file).rows == n

        def by_pandas(file=path):
            frame = pandas.read_csv(file, encoding="cp1252", index_col=False, dtype=str)
            assert len(frame) == n

        def table(file=path):
            assert columnar.comtrade_table(file).height == n

        def by_polars(file=path):
            frame = polars.read_csv(
                file, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
            )
            assert frame.height == n

        # The streaming reader goes row by row: a tenth of the file, in rows a second.
        tenth = pathlib.Path(tmp) / "tenth.csv"
        small = generate(tenth, max(n // 10, 1))

        def streamed_tenth():
            assert sum(1 for _ in korus.readers.iter_comtrade(tenth)) == small

        def pandas_tenth():
            frame = pandas.read_csv(tenth, encoding="cp1252", index_col=False, dtype=str)
            assert len(frame) == small

        rows = []
        got = alternating([("korus", records), ("pandas", by_pandas)], args.rounds)
        rows.append(("records: read_comtrade / pandas.read_csv", n, got["korus"], got["pandas"]))
        got = alternating([("korus", streamed_tenth), ("pandas", pandas_tenth)], args.rounds)
        rows.append(
            ("streamed: iter_comtrade / pandas.read_csv", small, got["korus"], got["pandas"])
        )
        got = alternating([("korus", table), ("polars", by_polars)], args.rounds)
        rows.append(("table: comtrade_table / polars.read_csv", n, got["korus"], got["polars"]))

        if args.gzip:
            packed = pathlib.Path(tmp) / "comtrade.csv.gz"
            with open(path, "rb") as plain, gzip.open(packed, "wb", compresslevel=6) as out:
                shutil.copyfileobj(plain, out)
            print(f"gzip file: {packed.stat().st_size / 1e6:.0f} MB")

            pair = [("korus", partial(records, packed)), ("pandas", partial(by_pandas, packed))]
            got = alternating(pair, args.rounds)
            rows.append(("gzip records: read_comtrade / pandas", n, got["korus"], got["pandas"]))
            pair = [("korus", partial(table, packed)), ("polars", partial(by_polars, packed))]
            got = alternating(pair, args.rounds)
            rows.append(("gzip table: comtrade_table / polars", n, got["korus"], got["polars"]))
            packed.unlink()

        if args.json:
            rows.extend(responses(pathlib.Path(tmp), args.json, args.rounds))

        print(f"{'what':<44}{'korus rows/s':>14}{'anchor rows/s':>15}{'ratio':>8}")
        for what, count, mine, anchor in rows:
            print(f"{what:<44}{count / mine:>14,.0f}{count / anchor:>15,.0f}{anchor / mine:>7.2f}×")

        base, _ = peak_mb("import korus, polars\nfrom korus import columnar")
        table_peak, _ = peak_mb(
            f"from korus import columnar\nt = columnar.comtrade_table({str(path)!r})\nassert t.height == {n}"
        )
        polars_peak, _ = peak_mb(
            f"import polars\nf = polars.read_csv({str(path)!r}, infer_schema=False, "
            "encoding='utf8-lossy', truncate_ragged_lines=True)"
        )
        records_peak, _ = peak_mb(
            f"import korus\nd = korus.readers.read_comtrade({str(path)!r})\nassert d.rows == {n}"
        )
        pandas_peak, _ = peak_mb(
            f"import pandas\nf = pandas.read_csv({str(path)!r}, encoding='cp1252', "
            "index_col=False, dtype=str)"
        )
        print(f"peak memory: import only {base:.0f} MB")
        print(f"  read_comtrade {records_peak:.0f} MB; pandas.read_csv {pandas_peak:.0f} MB")
        print(f"  comtrade_table {table_peak:.0f} MB; polars.read_csv {polars_peak:.0f} MB")

        if args.big:
            path.unlink()
            tenth.unlink()
            big = pathlib.Path(tmp) / "big.csv"
            rows_big = generate(big, args.big)
            start = time.perf_counter()
            peak, printed = peak_mb(
                f"from korus import columnar\nt = columnar.comtrade_table({str(big)!r})\n"
                f"assert t.height == {rows_big}\nprint(t.estimated_size())"
            )
            seconds = time.perf_counter() - start
            held = int(printed[-1]) / 1e6
            # Peak against rows: a line through the two reads. Its slope is what a row of the
            # result costs; where it meets zero rows, what reading holds whatever the size.
            slope = (peak - table_peak) / (rows_big - n) * 1e6
            fixed = table_peak - slope * n / 1e6
            print(
                f"{rows_big:,} rows ({big.stat().st_size / 1e9:.1f} GB): {seconds:.1f} s, peak "
                f"{peak:.0f} MB (the table's estimated size {held:.0f} MB)"
            )
            print(
                f"peak = {fixed:.0f} MB + {slope:.0f} MB a million rows of the result "
                f"(import alone: {base:.0f} MB)"
            )


if __name__ == "__main__":
    main()
