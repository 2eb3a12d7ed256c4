"""Benchmarks of korus's analysis, with baselines measured in the same run on the same data:

- ``korus.columnar.concentration`` (the HHI of every reporter's partners) against a
  hand-written Polars query in float64 (sum of squares over the square of the sum) and the
  same in exact decimals as far as Polars goes (which overflows where values have many
  digits: here it does not);
- ``korus.columnar.rca`` against a hand-written Polars float64 RCA;
- ``korus.columnar.decompose_mirror`` against a hand-written Polars join (gap and valuation);
- ``korus.analysis.hhi`` of 200 partners against the same in Python floats.

    python benchmarks/analysis.py [--rows 200000] [--repeat 3]

A synthetic, seeded table: reporters x partners, one year, exports (FOB) and imports (CIF, with
a FOB twin), as many reporters as make about ``--rows`` (at most the 249 ISO countries, about
185,000 rows); and each reporter's exports to the world by HS chapter.
Times are the best of ``--repeat`` runs, in seconds; the ratio is korus over the baseline.
"""

import argparse
import time
from decimal import Decimal

import polars as pl
import pycountry

import korus
from korus import analysis, columnar


def generate(rows, seed=2022):
    """About ``rows`` flows: each reporter's exports and imports with each partner, at CIF
    (imports, with a FOB twin) and FOB (exports), and its exports to the world by product."""
    economies = sorted(c.alpha_3 for c in pycountry.countries)
    per_pair = 3
    reporters = max(2, min(len(economies), int((rows / per_pair) ** 0.5)))
    chosen = economies[:reporters]
    records = []
    state = seed
    for reporter in chosen:
        for partner in chosen:
            if partner == reporter:
                continue
            for direction, valuation in (("export", "FOB"), ("import", "CIF"), ("import", "FOB")):
                state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
                cents = state % 10**12
                records.append(
                    (reporter, partner, direction, "goods", "2022", "USD", cents, valuation)
                )
    frame = pl.DataFrame(
        records,
        schema=[
            "reporter",
            "partner",
            "direction",
            "scope",
            "period",
            "currency",
            "cents",
            "valuation",
        ],
        orient="row",
    )
    return frame.with_columns(
        (pl.col("cents").cast(pl.Decimal(28, 0)) / 100).cast(pl.Decimal(28, 2)).alias("value")
    ).drop("cents")


def best(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table = generate(args.rows)
    print(f"{table.height:,} rows")
    exports = table.filter(pl.col("direction") == "export")

    def float_hhi():
        value = pl.col("value").cast(pl.Float64)
        return (
            exports.group_by("reporter", "direction", "scope", "period")
            .agg(((value / value.sum()) ** 2).sum() * 10_000)
            .height
        )

    def decimal_sums():
        # What an engine can do exactly: the sums; the squares would need 56 digits.
        return (
            exports.group_by("reporter", "direction", "scope", "period")
            .agg(pl.col("value").sum())
            .height
        )

    def korus_hhi():
        return columnar.concentration(exports).height

    def join_gap():
        keys = ["exporter", "importer", "scope", "period"]
        x = exports.select(
            pl.col("reporter").alias("exporter"),
            pl.col("partner").alias("importer"),
            "scope",
            "period",
            pl.col("value").alias("exports"),
        )
        m = table.filter(pl.col("direction") == "import").select(
            pl.col("partner").alias("exporter"),
            pl.col("reporter").alias("importer"),
            "scope",
            "period",
            "valuation",
            "value",
        )
        cif = m.filter(pl.col("valuation") == "CIF").drop("valuation").rename({"value": "cif"})
        fob = m.filter(pl.col("valuation") == "FOB").drop("valuation").rename({"value": "fob"})
        joined = x.join(cif, on=keys, how="full", coalesce=True).join(fob, on=keys, how="left")
        return joined.with_columns(
            (pl.col("cif") - pl.col("exports")).alias("gap"),
            (pl.col("cif") - pl.col("fob")).alias("valuation"),
        ).height

    def korus_decomposition():
        return columnar.decompose_mirror(table).height

    products = pl.DataFrame(
        [
            (reporter, "WLD", "export", scope, "2022", "USD", Decimal(value))
            for index, reporter in enumerate(sorted(set(exports["reporter"])))
            for scope, value in [
                *((f"HS:{c:02d}", 1000 + (index * 7919 + c * 104729) % 100000) for c in range(1, 98) if c != 77),
                ("goods", 10_000_000),
            ]
        ],
        schema={
            "reporter": pl.String, "partner": pl.String, "direction": pl.String,
            "scope": pl.String, "period": pl.String, "currency": pl.String,
            "value": pl.Decimal(28, 2),
        },
        orient="row",
    )  # fmt: skip

    def float_rca():
        value = pl.col("value").cast(pl.Float64)
        goods = products.filter(pl.col("scope") == "goods").select("reporter", value.alias("total"))
        parts = products.filter(pl.col("scope") != "goods").join(goods, on="reporter")
        world_total = goods["total"].sum()
        return parts.with_columns(
            ((value / pl.col("total")) / (value.sum().over("scope") / world_total)).alias("rca")
        ).height

    def korus_rca():
        return columnar.rca(products).height

    shares = {f"P{i}": korus.quantity(Decimal(1000 + i * 37), "USD") for i in range(200)}
    floats = [float(q.magnitude) for q in shares.values()]

    def float_scalar_hhi():
        total = sum(floats)
        return sum((v / total) ** 2 for v in floats) * 10_000

    def korus_scalar_hhi():
        return analysis.hhi(shares)

    rounds = [
        ("columnar.concentration (Polars)", korus_hhi, "Polars float64 HHI", float_hhi),
        ("columnar.concentration (Polars)", korus_hhi, "Polars decimal sums alone", decimal_sums),
        (
            "columnar.decompose_mirror (Polars)",
            korus_decomposition,
            "Polars decimal join",
            join_gap,
        ),
        (f"columnar.rca, {products.height:,} rows", korus_rca, "Polars float64 RCA", float_rca),
        ("analysis.hhi, 200 partners", korus_scalar_hhi, "Python floats", float_scalar_hhi),
    ]
    print(f"{'what':<40} {'korus s':>10} {'baseline':<28} {'s':>10} {'ratio':>7}")
    for name, mine, anchor_name, anchor in rounds:
        ours, theirs = best(mine, args.repeat), best(anchor, args.repeat)
        print(f"{name:<40} {ours:>10.4f} {anchor_name:<28} {theirs:>10.4f} {ours / theirs:>7.1f}")


if __name__ == "__main__":
    main()
