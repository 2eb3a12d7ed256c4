"""Benchmarks of the Comtrade+ reader, with baselines measured in the same run:

- rows per second reading the real Comtrade+ sample (1,352 rows, repeated to 100,000), beside
  ``pandas.read_csv`` on the same file (pandas only here, never a korus dependency);
- peak memory of a process that streams a generated Comtrade+ file of a million rows with
  ``iter_comtrade``, beside the same process reading nothing: it must stay flat.

    python benchmarks/readers.py [--rows 1000000]
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

SAMPLE = (
    pathlib.Path(__file__).resolve().parents[1]
    / "tests"
    / "data"
    / "comtrade"
    / "comtradeplus_2022_total_CHN-DEU-USA.csv"
)


def generate(path, rows):
    """A Comtrade+ file of ``rows`` data rows: the sample's rows, repeated over distinct years."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    written = 0
    with open(path, "wb") as out:
        out.write(header)
        year = 1900
        while written < rows:
            for line in body:
                if written == rows:
                    break
                out.write(
                    line.replace(b'"2022"', f'"{year}"'.encode()).replace(
                        b'"20220101"', f'"{year}0101"'.encode()
                    )
                )
                written += 1
            year += 1
            if year > 2200:
                year = 1900
    return written


# VmHWM, not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's size at fork,
# so a parent holding a pandas frame would inflate every child's figure.
PEAK = """
import resource, sys
{body}
try:
    status = open("/proc/self/status").read()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kb(body):
    out = subprocess.run(
        [sys.executable, "-c", PEAK.format(body=body)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.split()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    import korus

    with tempfile.TemporaryDirectory() as tmp:
        speed_file = pathlib.Path(tmp) / "speed.csv"
        n = generate(speed_file, 100_000)
        start = time.perf_counter()
        count = sum(1 for _ in korus.readers.iter_comtrade(speed_file, strict=False))
        korus_s = time.perf_counter() - start
        assert count == n
        try:
            import pandas
        except ImportError:
            pandas_s = None
        else:
            start = time.perf_counter()
            frame = pandas.read_csv(speed_file, encoding="cp1252", index_col=False, dtype=str)
            pandas_s = time.perf_counter() - start
            assert len(frame) == n
        big = pathlib.Path(tmp) / "big.csv"
        rows = generate(big, args.rows)
        baseline = peak_kb("import korus")
        streamed = peak_kb(
            f"import korus\nn = sum(1 for _ in korus.readers.iter_comtrade({str(big)!r}, strict=False))\nassert n == {rows}, n"
        )
        size_mb = big.stat().st_size / 1e6
    print(f"korus {korus.__version__}, Python {sys.version.split()[0]}")
    print(f"iter_comtrade, {n:,} rows: {korus_s:.2f} s, {n / korus_s:,.0f} rows/s")
    if pandas_s is None:
        print("pandas.read_csv: pandas is not installed (pip install pandas to measure it)")
    else:
        print(
            f"pandas.read_csv (all columns as str), same file: {pandas_s:.2f} s, {n / pandas_s:,.0f} rows/s"
        )
    print(f"peak memory, import korus only: {baseline / 1024:.0f} MB")
    print(f"peak memory, streaming {rows:,} rows ({size_mb:.0f} MB file): {streamed / 1024:.0f} MB")


if __name__ == "__main__":
    main()
