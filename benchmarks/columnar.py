"""Benchmarks of korus.columnar, with baselines measured in the same run on the same file:

- balances over a seeded synthetic table of flows (10 million rows by default, in Parquet):
  korus on Polars against a hand-written Polars decimal query and its float64 twin; korus on
  DuckDB against hand-written DuckDB SQL, decimal and float64; korus on Spark (local, both
  cores) against hand-written Spark SQL, decimal and float64;
- what a call costs on a small table (``--small-rows``, 200 by default), korus's balances and
  totals each beside its hand-written twin, on Polars and DuckDB: the engines' fixed costs;
- what each of totals' checks costs, on Polars and DuckDB (those of ``--engines``): the hand-written aggregation, the
  pass that finds the table's partners and currencies, and the aggregation with the sign and
  missing values judged, then with korus's bitmask of partners (no partner counted twice);
- peak memory of a process computing korus's totals (an aggregation) and balances (a pairing,
  whose result is half the input, held in memory) on Polars and on DuckDB from a larger
  Parquet file (``--memory-rows``, 50 million by default), beside the same process doing
  nothing.

    python benchmarks/columnar.py [--rows 10000000] [--memory-rows 50000000] [--repeat 3]
                                  [--engines Polars,DuckDB,Spark]

Needs ``korus-trade[columnar]``. Times are the best of ``--repeat`` runs, in seconds.
"""

import argparse
import functools
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import duckdb
import polars as pl
import pycountry

from korus import columnar

CHAPTERS = [f"HS:{c:02d}" for c in range(1, 98) if c != 77]


def generate(path, rows, seed=20161):
    """``rows`` flows (or all there are): reporter x partner x year x product, exports and
    imports, values of up to 10^10 dollars with cents, drawn from a seeded hash. Five products
    while that is enough, more HS chapters where it is not."""
    economies = sorted(c.alpha_3 for c in pycountry.countries)
    products = 5
    while len(economies) * (len(economies) - 1) * 25 * products * 2 < rows and products < 96:
        products += 1
    chosen = CHAPTERS[:products]
    # reporters x (reporters - 1) x 25 years x products x 2 directions
    per_reporter = 25 * len(chosen) * 2
    n = 2
    while n * (n - 1) * per_reporter < rows and n < len(economies):
        n += 1
    codes = pl.DataFrame({"reporter": economies[:n]})
    pairs = codes.join(codes.rename({"reporter": "partner"}), how="cross").filter(
        pl.col("reporter") != pl.col("partner")
    )
    frame = (
        pairs.join(pl.DataFrame({"period": [str(y) for y in range(1999, 2024)]}), how="cross")
        .join(pl.DataFrame({"scope": chosen}), how="cross")
        .join(pl.DataFrame({"direction": ["export", "import"]}), how="cross")
        .head(rows)
        .with_row_index("i")
        .with_columns(
            pl.lit("USD").alias("currency"),
            (pl.col("i").hash(seed) % 1_000_000_000_000)
            .cast(pl.Int64)
            .cast(pl.Decimal(28, 0))
            .alias("cents"),
        )
        .select(
            "reporter",
            "partner",
            "direction",
            "scope",
            "period",
            "currency",
            (pl.col("cents") * pl.lit(1, dtype=pl.Decimal(28, 2)) / 100)
            .cast(pl.Decimal(28, 2))
            .alias("value"),
        )
    )
    frame.write_parquet(path)
    return frame.height


def best(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


KEYS = ["reporter", "partner", "scope", "period"]


def polars_by_hand(path, dtype):
    value = pl.col("value").cast(dtype)
    x, m = pl.col("direction") == "export", pl.col("direction") == "import"
    return (
        pl.scan_parquet(path)
        .filter(pl.col("direction").is_in(["export", "import"]))
        .group_by(KEYS)
        .agg(
            pl.col("currency").first(),
            value.filter(x).first().alias("exports"),
            value.filter(m).first().alias("imports"),
        )
        .with_columns(
            (pl.col("exports") - pl.col("imports")).alias("balance"),
            (pl.col("exports") + pl.col("imports")).alias("two_way_trade"),
        )
        .collect(engine="streaming")
    )


def polars_totals_by_hand(path, dtype):
    """Each reporter's total over its partners, with none of korus's checks."""
    return (
        pl.scan_parquet(path)
        .filter(pl.col("partner") != "WLD")
        .group_by(["reporter", "direction", "scope", "period"])
        .agg(
            pl.col("currency").first(),
            pl.len().alias("partners"),
            pl.col("value").cast(dtype).sum().alias("total"),
        )
        .collect(engine="streaming")
    )


def duckdb_totals_by_hand(path, cast):
    return duckdb.sql(
        f"""SELECT reporter, direction, scope, period, any_value(currency) AS currency,
            count(*) AS partners, sum(CAST(value AS {cast})) AS total
        FROM read_parquet('{path}') WHERE partner <> 'WLD'
        GROUP BY ALL"""
    ).to_arrow_table()


def duckdb_by_hand(path, cast):
    return duckdb.sql(
        f"""SELECT reporter, partner, scope, period, any_value(currency) AS currency,
            any_value(CAST(value AS {cast})) FILTER (WHERE direction = 'export') AS exports,
            any_value(CAST(value AS {cast})) FILTER (WHERE direction = 'import') AS imports,
            exports - imports AS balance, exports + imports AS two_way_trade
        FROM read_parquet('{path}') WHERE direction IN ('export', 'import')
        GROUP BY ALL"""
    ).to_arrow_table()


_SPARK = []


def spark_session():
    """One local Spark session on both cores, made on first use (its start is not timed)."""
    if not _SPARK:
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "8g")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        _SPARK.append(session)
    return _SPARK[0]


def spark_by_hand(path, cast):
    """The hand-written Spark SQL twin of duckdb_by_hand, run to the end the way korus runs its
    own plans (a local checkpoint), so that both pay for the same materialization."""
    spark = spark_session()
    return (
        spark.sql(
            f"""SELECT reporter, partner, scope, period, any_value(currency) AS currency,
            any_value(CAST(value AS {cast})) FILTER (WHERE direction = 'export') AS exports,
            any_value(CAST(value AS {cast})) FILTER (WHERE direction = 'import') AS imports
        FROM {{flows}} WHERE direction IN ('export', 'import')
        GROUP BY reporter, partner, scope, period""",
            flows=spark.read.parquet(path),
        )
        .selectExpr("*", "exports - imports AS balance", "exports + imports AS two_way_trade")
        .localCheckpoint(eager=True)
    )


def spark_korus(path):
    return columnar.balances(spark_session().read.parquet(path))


def spark_total(frame):
    return frame.agg({"balance": "sum"}).first()[0]


def speed(path, repeat, engines):
    print(f"{'engine, variant':48} {'seconds':>8} {'ratio':>7}")
    runs = {
        "Polars, hand-written decimal": lambda: polars_by_hand(path, pl.Decimal(38, 2)),
        "Polars, hand-written float64": lambda: polars_by_hand(path, pl.Float64),
        "Polars, korus.columnar.balances": lambda: columnar.balances(path, engine="polars"),
        "DuckDB, hand-written decimal": lambda: duckdb_by_hand(path, "DECIMAL(38, 2)"),
        "DuckDB, hand-written float64": lambda: duckdb_by_hand(path, "DOUBLE"),
        "DuckDB, korus.columnar.balances": lambda: columnar.balances(path, engine="duckdb"),
        "Spark, hand-written decimal": lambda: spark_by_hand(path, "DECIMAL(38, 2)"),
        "Spark, hand-written float64": lambda: spark_by_hand(path, "DOUBLE"),
        "Spark, korus.columnar.balances": lambda: spark_korus(path),
    }
    results = {}
    for name, run in runs.items():
        if name.split(",")[0] in engines:
            if name.startswith("Spark"):
                spark_session()
            results[name] = best(run, repeat)
    for engine in engines:
        baseline = results[f"{engine}, hand-written decimal"][0]
        for name, (seconds, _) in results.items():
            if name.startswith(engine):
                print(f"{name:48} {seconds:8.2f} {seconds / baseline:6.2f}x")
    totals = {
        name: spark_total(frame) if name.startswith("Spark") else frame["balance"].sum()
        for name, (_, frame) in results.items()
        if "DuckDB" not in name  # an Arrow table: the same digits as Polars' by the suite
    }
    for name, value in totals.items():
        print(f"grand total of balances, {name}: {value!r}")
    # Totals, beside the same aggregation with none of korus's checks, runs alternating.
    for engine in engines:
        if engine == "Spark":
            continue
        by_hand = {
            "Polars": lambda: polars_totals_by_hand(path, pl.Decimal(38, 2)),
            "DuckDB": lambda: duckdb_totals_by_hand(path, "DECIMAL(38, 2)"),
        }[engine]
        mine, theirs = [], []
        for _ in range(repeat):
            mine.append(best(functools.partial(columnar.totals, path, engine=engine.lower()), 1)[0])
            theirs.append(best(by_hand, 1)[0])
        print(
            f"{engine}, korus.columnar.totals {min(mine):.2f} s, hand-written decimal "
            f"{min(theirs):.2f} s: {min(mine) / min(theirs):.2f}x"
        )


def latency(path, calls, engines):
    """What a call costs on a small table, where the engine's fixed costs (statements sent,
    tables named, jobs) are the cost: korus beside the hand-written query, alternating."""
    anchors = {
        ("Polars", "balances"): lambda: polars_by_hand(path, pl.Decimal(38, 2)),
        ("DuckDB", "balances"): lambda: duckdb_by_hand(path, "DECIMAL(38, 2)"),
        ("Polars", "totals"): lambda: polars_totals_by_hand(path, pl.Decimal(38, 2)),
        ("DuckDB", "totals"): lambda: duckdb_totals_by_hand(path, "DECIMAL(38, 2)"),
    }
    for engine in engines:
        if engine == "Spark":
            continue
        for name in ("balances", "totals"):
            by_hand = anchors[engine, name]
            korus_call = functools.partial(getattr(columnar, name), path, engine=engine.lower())
            mine, theirs = [], []
            for _ in range(calls):
                mine.append(best(korus_call, 1)[0])
                theirs.append(best(by_hand, 1)[0])
            a, b = statistics.median(mine) * 1e3, statistics.median(theirs) * 1e3
            print(
                f"small table, {engine}, korus.columnar.{name} {a:.1f} ms a call, "
                f"hand-written {b:.1f} ms: {a / b:.2f}x"
            )


def check_costs(path, repeat, engines):
    """Each part of korus's totals plan timed on its own, with korus's own expressions, beside
    the hand-written aggregation: which check costs what. Every aggregation of groups delivers
    them as the hand-written one does (an Arrow table on DuckDB), not as Python objects."""
    from korus.columnar._engine_duckdb import ENGINE as DUCKDB
    from korus.columnar._engine_polars import _numbered

    if not {"Polars", "DuckDB"} & set(engines):
        return  # Spark's plans are not timed part by part: nothing here to read partners for
    group = ["reporter", "direction", "scope", "period"]
    frame = pl.scan_parquet(path)
    partners = sorted(
        p for p in frame.select(pl.col("partner").unique()).collect()["partner"] if p != "WLD"
    )
    parts_only = frame.filter(~pl.col("partner").is_in(["WLD"]))
    judged = [
        pl.len().alias("partners"),
        pl.col("value").null_count().alias("missing"),
        pl.col("value").sum().alias("total"),
        (pl.col("value") < 0).any().alias("negative"),
    ]
    numbered, bitmask = _numbered(parts_only, partners)
    join, distinct = DUCKDB.partner_count(partners)
    keys = ", ".join(group)
    source = f"read_parquet('{path}')"
    parts = {
        "Polars": {
            "hand-written aggregation": lambda: polars_totals_by_hand(path, pl.Decimal(38, 2)),
            "partners and currencies pass": lambda: (
                frame.group_by("partner", "currency").agg().collect(engine="streaming")
            ),
            "aggregation, sign and missing judged": lambda: (
                parts_only.group_by(group).agg(*judged).collect(engine="streaming")
            ),
            "the same and the partner bitmask": lambda: (
                numbered.group_by(group)
                .agg(*judged, bitmask.alias("distinct"))
                .collect(engine="streaming")
            ),
        },
        "DuckDB": {
            "hand-written aggregation": lambda: duckdb_totals_by_hand(path, "DECIMAL(38, 2)"),
            "partners and currencies pass": lambda: duckdb.sql(
                f"SELECT list(DISTINCT partner), list(DISTINCT currency) FROM {source}"
            ).fetchall(),
            "aggregation, sign and missing judged": lambda: duckdb.sql(
                f"""SELECT {keys}, count(*), count(*) - count(value), sum(value),
                    count(*) FILTER (WHERE value < 0) > 0 FROM {source}
                    WHERE partner <> 'WLD' GROUP BY ALL"""
            ).to_arrow_table(),
            "the same and the partner bitmask": lambda: duckdb.sql(
                f"""SELECT {keys}, count(*), count(*) - count(value), sum(value),
                    count(*) FILTER (WHERE value < 0) > 0, {distinct} FROM {source} {join}
                    WHERE partner <> 'WLD' GROUP BY ALL"""
            ).to_arrow_table(),
            "the same, counting distinct partners": lambda: duckdb.sql(
                f"""SELECT {keys}, count(*), count(*) - count(value), sum(value),
                    count(*) FILTER (WHERE value < 0) > 0, count(DISTINCT partner) FROM {source}
                    WHERE partner <> 'WLD' GROUP BY ALL"""
            ).to_arrow_table(),
        },
    }
    for engine, steps in parts.items():
        if engine not in engines:
            continue
        seconds = {name: best(step, repeat)[0] for name, step in steps.items()}
        anchor = seconds["hand-written aggregation"]
        for name, value in seconds.items():
            print(f"{engine}, totals check: {name:40} {value:6.2f} s {value / anchor:5.2f}x")


def peak_memory(path, operation, engine="polars"):
    """Peak resident memory (MB) of a process that runs ``operation`` on ``engine``, and of an
    idle one."""
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's size at fork.
    code = (
        "import sys\n"
        "from korus import columnar\n"
        "if sys.argv[1] == 'run':\n"
        "    result = getattr(columnar, sys.argv[3])(sys.argv[2], engine=sys.argv[4])\n"
        "status = open('/proc/self/status').read().splitlines()\n"
        "print(int(next(l.split()[1] for l in status if l.startswith('VmHWM:'))) // 1024)\n"
    )
    measured = [
        subprocess.run(
            [sys.executable, "-c", code, state, str(path), operation, engine],
            capture_output=True,
            text=True,
            check=True,
        )
        for state in ("idle", "run")
    ]
    idle, busy = measured
    return int(idle.stdout), int(busy.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--memory-rows", type=int, default=50_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small-rows", type=int, default=200, help="0 to leave latency out")
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument(
        "--engines", default="Polars,DuckDB,Spark", help="which engines to time, by name"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "flows.parquet"
        start = time.perf_counter()
        rows = generate(path, args.rows)
        print(
            f"generated {rows:,} flows in {time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:.0f} MB Parquet)"
        )
        if args.small_rows:
            small = pathlib.Path(folder) / "small.parquet"
            generate(small, args.small_rows)
            latency(str(small), args.calls, args.engines.split(","))
        speed(str(path), args.repeat, args.engines.split(","))
        check_costs(str(path), args.repeat, args.engines.split(","))
        if args.memory_rows:
            big = pathlib.Path(folder) / "big.parquet"
            rows = generate(big, args.memory_rows)
            size = big.stat().st_size / 1e6
            for engine in ("polars", "duckdb"):
                for operation in ("totals", "balances"):
                    idle, busy = peak_memory(big, operation, engine)
                    print(
                        f"peak memory, korus {operation} on {engine} over {rows:,} flows "
                        f"({size:.0f} MB Parquet): {busy} MB (idle process: {idle} MB)"
                    )


if __name__ == "__main__":
    main()
