"""What a korus.columnar call costs on a small table, where the call's own overhead (opening an
engine, checking the table) weighs most: korus as it is, beside korus with a fresh DuckDB database
opened for every call (as korus did before it shared one), measured in alternating rounds of the
same run.

    python benchmarks/calls.py [--calls 200] [--rounds 7]

Prints the median seconds a call for each, and their ratio. Nothing is asserted.
"""

import argparse
import statistics
import time

import duckdb

import korus
from korus import columnar
from korus.columnar import _engine_duckdb


def fresh_database():
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    return connection


def table():
    flows = [
        korus.TradeFlow.of("USA", partner, direction, "goods", 2016, f"${value} million")
        for partner, value in (("KOR", 42300), ("JPN", 63300), ("CHN", 115600), ("WLD", 1453721))
        for direction in ("export", "import")
    ]
    return columnar.from_flows(flows)


def per_call(calls, data):
    start = time.perf_counter()
    for _ in range(calls):
        columnar.shares(data, engine="duckdb")
    return (time.perf_counter() - start) / calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    data = table()
    shared = _engine_duckdb._connection
    per_call(10, data)  # warm up: imports, the shared database
    times = {"shared database": [], "fresh database a call": []}
    for _ in range(args.rounds):
        _engine_duckdb._connection = shared
        times["shared database"].append(per_call(args.calls, data))
        _engine_duckdb._connection = fresh_database
        times["fresh database a call"].append(per_call(args.calls, data))
    _engine_duckdb._connection = shared
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:<24} {value * 1000:8.2f} ms a call")
    ratio = medians["shared database"] / medians["fresh database a call"]
    print(f"shared / fresh: {ratio:.2f}x")


if __name__ == "__main__":
    main()
