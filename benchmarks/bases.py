"""What knowing the basis of measurement costs, with its baseline measured in the same run:

- korus.columnar balances and totals over a seeded table of flows (5 million rows by default,
  from benchmarks/columnar.py's generator) that carries the basis columns (a ``valuation`` and an
  ``edition`` column, one value a direction, as a Comtrade file gives), beside the same table
  without them, on Polars and on DuckDB: the difference is the pass that judges the bases;
- the scalar korus.balance and korus.total of flows on a stated basis, beside flows whose basis
  is not stated (the check runs either way; stated bases compare more fields).

    python benchmarks/bases.py [--rows 5000000] [--repeat 3] [--engines Polars,DuckDB]

Needs ``korus-trade[columnar]``. Times are the best of ``--repeat`` runs. Nothing is asserted.
"""

import argparse
import functools
import pathlib
import tempfile
import timeit

import polars as pl
from columnar import best, generate

import korus
from korus import columnar


def with_bases(plain, path):
    # Exports FOB and imports FOB too, as comtrade_table(..., valuation="FOB") gives them.
    pl.scan_parquet(plain).with_columns(
        pl.lit("FOB").alias("valuation"), pl.lit(None, dtype=pl.String).alias("edition")
    ).sink_parquet(path)


def scalar(repeat):
    fob = korus.Basis(valuation=korus.Valuation.FOB, edition=korus.HSEdition.HS2022)
    rows = []
    for label, basis in (("not stated", korus.Basis()), ("stated", fob)):
        x = korus.TradeFlow.of(
            "USA", "KOR", "export", "goods", 2022, "71469488662 USD", basis=basis
        )
        m = korus.TradeFlow.of(
            "USA", "KOR", "import", "goods", 2022, "115325529001 USD", basis=basis
        )
        partners = ("KOR", "JPN", "CHN", "DEU", "MEX", "CAN", "VNM", "IND")
        flows = [x.replace(partner=korus.Economy(p)) for p in partners]
        n = 2000
        pair = functools.partial(korus.balance, x, m)
        summed = functools.partial(korus.total, flows)
        per_balance = min(timeit.repeat(pair, number=n, repeat=repeat)) / n
        per_total = min(timeit.repeat(summed, number=n, repeat=repeat)) / n
        rows.append((label, per_balance, per_total))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="Polars,DuckDB")
    args = parser.parse_args()
    engines = {"Polars": "polars", "DuckDB": "duckdb"}
    with tempfile.TemporaryDirectory() as folder:
        plain = pathlib.Path(folder, "plain.parquet")
        based = pathlib.Path(folder, "based.parquet")
        rows = generate(plain, args.rows)
        with_bases(plain, based)
        print(f"{rows:,} flows; best of {args.repeat}, seconds\n")
        print(f"{'engine':<8} {'calculation':<11} {'no basis':>9} {'bases':>9} {'ratio':>6}")
        for label in args.engines.split(","):
            engine = engines[label]
            for name, calculation in (("balances", columnar.balances), ("totals", columnar.totals)):
                without, _ = best(lambda c=calculation, e=engine: c(plain, engine=e), args.repeat)
                within, _ = best(lambda c=calculation, e=engine: c(based, engine=e), args.repeat)
                print(
                    f"{label:<8} {name:<11} {without:9.2f} {within:9.2f} {within / without:5.2f}x"
                )
    print(f"\n{'scalar':<11} {'balance (us)':>13} {'total of 8 (us)':>16}")
    for label, per_balance, per_total in scalar(args.repeat):
        print(f"{label:<11} {per_balance * 1e6:13.1f} {per_total * 1e6:16.1f}")


if __name__ == "__main__":
    main()
