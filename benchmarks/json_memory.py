"""Peak memory of the whole-file JSON readers, in multiples of the file's size, beside anchors
measured in the same run:

- ``bytes``: a process that only reads the file into memory (the least any whole-file reader
  holds);
- ``json.loads``: the same file parsed whole into Python objects, as korus did before it read
  one record at a time (and as most readers of the API do);
- ``read_comtrade_json`` and ``read_census`` (a Census response in one line, the layout read
  whole): korus's readers, whose peak includes the records they return.

Each case runs in a child process: its peak resident memory (VmHWM) less that of a process that
imports the same modules and reads nothing; what it holds at the end (the result, traced by
tracemalloc); and its working memory, the traced peak less that result. korus's bound: a
working memory of at most twice the file (the bytes and their decoded text, for the moment of
decoding), whatever the number of records; never the document as a tree of dicts.

    python benchmarks/json_memory.py [--records 20000]
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile

from korus.testing import CensusRow, ComtradeRow, census_json, comtrade_api_json

# Two children per case: tracemalloc's own bookkeeping would inflate the resident peak.
PEAK = """
import json, sys
import korus.readers
path = sys.argv[1]
{body}
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""
TRACED = """
import json, sys, tracemalloc
import korus.readers
path = sys.argv[1]
tracemalloc.start()
{body}
retained, peak = tracemalloc.get_traced_memory()
print(peak // 1024, retained // 1024)
"""

CASES = {
    "nothing": "",
    "bytes": "held = open(path, 'rb').read()",
    "json.loads": "held = json.loads(open(path, 'rb').read())",
    "read_comtrade_json": "held = korus.readers.read_comtrade_json(path)",
    "read_census": "held = korus.readers.read_census(path, 'GEN_VAL_MO')",
}


def comtrade_document(records):
    rows = [
        ComtradeRow("842", str(partner), "M", 1900 + year, cif=f"{partner}{year}000.5")
        for year in range(200)
        for partner in (4, 8, 12, 16, 20, 24, 28, 31, 32, 36, 40, 44, 48, 50, 51, 52)
    ]
    return comtrade_api_json((rows * (records // len(rows) + 1))[:records])


def census_lines(records, *, ports=True):
    """A Census response of general imports by port (or, without ``ports``, every row a
    country's total at all ports: a flow), in the API's one-row-a-line layout."""
    codes = ["5800", "5700", "5880", "1220", "2010", "4280", "5330", "4120"]
    rows = [
        CensusRow(
            codes[n % len(codes)],
            {"GEN_VAL_MO": str(1000 + n)},
            **(
                {"port": f"{1000 + n // len(codes):04d}", "port_name": f"PORT {n // len(codes)}"}
                if ports
                else {}
            ),
        )
        for n in range(records)
    ]
    return census_json(rows, ["GEN_VAL_MO"], direction="import")


def census_document(records):
    return census_lines(records).replace(b"\n", b"")  # one line: the layout korus reads whole


def peak_kb(case, path):
    """The process's peak resident memory, and the peak and the retained (what the case holds
    at the end) of the Python memory it allocated, in kB."""
    numbers = []
    for template in (PEAK, TRACED):
        done = subprocess.run(
            [sys.executable, "-c", template.format(body=CASES[case]), str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        numbers.extend(map(int, done.stdout.split()))
    hwm, traced_peak, retained = numbers
    return hwm, traced_peak, retained


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for kind, make, reader in (
            ("Comtrade+ API JSON", comtrade_document, "read_comtrade_json"),
            ("Census API JSON, one line", census_document, "read_census"),
        ):
            path = pathlib.Path(folder) / "document.json"
            path.write_bytes(make(args.records))
            size_kb = path.stat().st_size / 1024
            base = peak_kb("nothing", path)[0]
            print(f"{kind}: {args.records:,} records, {size_kb / 1024:.1f} MB")
            print(
                f"  {'':<20} {'peak RSS':>9} {'x file':>7} {'result':>9} {'working':>9} {'x file':>7}"
            )
            for case in ("bytes", "json.loads", reader):
                hwm, traced_peak, retained = peak_kb(case, path)
                extra, working = hwm - base, traced_peak - retained
                print(
                    f"  {case:<20} {extra / 1024:6.1f} MB {extra / size_kb:6.2f}x"
                    f" {retained / 1024:6.1f} MB {working / 1024:6.1f} MB {working / size_kb:6.2f}x"
                )


if __name__ == "__main__":
    main()
