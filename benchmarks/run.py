"""korus's benchmark harness: each korus operation beside its bare-pint baseline, measured in
the same run on the same machine, so the ratio means something on a noisy shared machine.

    python benchmarks/run.py            # all benchmarks
    python benchmarks/run.py --quick    # fewer repetitions

Each figure is the best of several repetitions (the least disturbed), per operation.
Nothing here is asserted: speed is reported, never tested.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import timeit
from decimal import Decimal

import pint
import pycountry

import korus


def best_per_call(stmt, number, repeat):
    timer = timeit.Timer(stmt)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def import_time(module, runs):
    # As an installed package imports: from bytecode. With PYTHONDONTWRITEBYTECODE set (as on
    # some machines) an editable install would compile korus from source at every import,
    # while pint, installed by pip, has its bytecode: a first import writes korus's.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, env=env)

    def once(code):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        return time.perf_counter() - start

    # Alternating, so that both meet the same machine.
    empty, loaded = [], []
    for _ in range(runs):
        empty.append(once("pass"))
        loaded.append(once(f"import {module}"))
    return min(loaded) - min(empty), statistics.median(loaded) - statistics.median(empty)


def bare_pint_registry():
    registry = pint.UnitRegistry(None, non_int_type=Decimal)
    registry.define("USD = [currency_USD]")
    registry.define("billion = 1000000000")
    return registry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    rows = []

    korus_import = import_time("korus", 3 if args.quick else 10)
    pint_import = import_time("pint", 3 if args.quick else 10)
    rows.append(
        ("import (best / median, s)", korus_import, pint_import, "import korus", "import pint")
    )
    # The least `import korus` can cost while its records are attrs classes over pint
    # quantities with pycountry's codes: its dependencies, before korus runs a line.
    floor = import_time("pint, attrs, pycountry", 3 if args.quick else 10)
    rows.append(
        (
            "import pint, attrs, pycountry (best / median)",
            floor,
            pint_import,
            "import pint, attrs, pycountry",
            "import pint",
        )
    )

    bare = bare_pint_registry()
    bare_q = bare.Quantity
    unit = bare.Unit("billion * USD")
    usa, kor = korus.Economy("USA"), korus.Economy("KOR")
    period = korus.Period(2016)
    value = korus.quantity("42.3", "billion USD")
    build = best_per_call(
        lambda: korus.TradeFlow(
            usa, kor, korus.Direction.EXPORT, korus.Coverage.GOODS, period, value
        ),
        2000,
        repeat,
    )
    build_bare = best_per_call(lambda: bare_q(Decimal("42.3"), unit), 2000, repeat)
    rows.append(
        (
            "build one TradeFlow (µs)",
            build * 1e6,
            build_bare * 1e6,
            "TradeFlow(...)",
            "Q_(Decimal, unit)",
        )
    )

    exports = korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    imports = korus.TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion")
    a, b = bare_q(Decimal("42.3"), unit), bare_q(Decimal("69.9"), unit)
    bal = best_per_call(lambda: korus.balance(exports, imports).net, 2000, repeat)
    bal_bare = best_per_call(lambda: a - b, 2000, repeat)
    rows.append(
        (
            "balance() of two flows, net (µs)",
            bal * 1e6,
            bal_bare * 1e6,
            "balance(x, m).net",
            "a - b",
        )
    )

    goods = korus.balance(exports, imports)
    deficit = best_per_call(lambda: korus.deficit(goods), 2000, repeat)
    net = best_per_call(lambda: goods.net, 2000, repeat)
    rows.append(("deficit(balance) (µs)", deficit * 1e6, bal_bare * 1e6, "deficit(b)", "a - b"))
    rows.append(
        ("balance.net of a built balance (µs)", net * 1e6, bal_bare * 1e6, "b.net", "a - b")
    )

    # 100,000 distinct flows of one reporter, direction and period: 209 partners x 480
    # six-digit HS codes, so that total() has every check to make and nothing to refuse.
    codes = [
        f"{chapter:02d}{n:04d}" for chapter in range(1, 98) if chapter != 77 for n in range(1, 6)
    ]
    partners = [e for e in sorted(c.alpha_3 for c in pycountry.countries) if e != "USA"][:209]
    flows = [
        korus.TradeFlow(
            usa,
            korus.Economy(partner),
            korus.Direction.EXPORT,
            korus.Product("HS", code),
            period,
            korus.quantity(f"{(i * 7919) % 100000}.{i % 100:02d}", "USD"),
        )
        for i, (partner, code) in enumerate((p, c) for p in partners for c in codes)
    ][:100_000]
    values = [f.value for f in flows]
    bare_values = [bare_q(v.magnitude, bare.USD) for v in values]
    runs = 1 if args.quick else 3
    total_all = best_per_call(lambda: korus.total(flows), 1, runs)
    total_sum = best_per_call(lambda: korus.sum_amounts(values), 1, runs)
    total_bare = best_per_call(lambda: sum(bare_values[1:], bare_values[0]), 1, runs)
    assert korus.total(flows).magnitude == sum(bare_values[1:], bare_values[0]).magnitude
    rows.append(
        (
            "total() of 100,000 flows, all checks (ms)",
            total_all * 1e3,
            total_bare * 1e3,
            "total(flows)",
            "sum() of pint quantities",
        )
    )
    rows.append(
        (
            "sum_amounts() of 100,000 amounts (ms)",
            total_sum * 1e3,
            total_bare * 1e3,
            "sum_amounts",
            "sum() of pint quantities",
        )
    )

    print(f"korus {korus.__version__}, pint {pint.__version__}, Python {sys.version.split()[0]}")
    print(f"{'benchmark':<44} {'korus':>16} {'bare pint':>16} {'ratio':>7}")
    for label, mine, base, _, _ in rows:
        if isinstance(mine, tuple):
            print(
                f"{label:<44} {mine[0]:>7.3f} / {mine[1]:<6.3f} {base[0]:>7.3f} / {base[1]:<6.3f} {mine[0] / base[0]:>7.2f}"
            )
        else:
            print(f"{label:<44} {mine:>16.2f} {base:>16.2f} {mine / base:>7.2f}")


if __name__ == "__main__":
    main()
