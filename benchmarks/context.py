"""What running every public call in korus's own decimal context costs: each call as published
(in the context) beside the same function unwrapped (``__wrapped__``), in the same run.

    python benchmarks/context.py [--number 20000] [--repeat 7]

Prints microseconds a call, best of ``--repeat``. Nothing is asserted.
"""

import argparse
import functools
import timeit

import korus


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    x = korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    m = korus.TradeFlow.of("USA", "KOR", "import", "goods", 2016, "$69.9 billion")
    part, whole = korus.parse_amount("$42.3 billion"), korus.parse_amount("$1,453,721 million")
    calls = {
        "balance": (korus.balance, (x, m)),
        "share": (korus.share, (part, whole)),
        "parse_amount": (korus.parse_amount, ("$27.7 billion",)),
    }
    print(f"{'call':<14} {'as published':>13} {'unwrapped':>10} {'ratio':>6}")
    for name, (published, arguments) in calls.items():
        bare = published.__wrapped__
        times = []
        for function in (published, bare):
            timer = timeit.Timer(functools.partial(function, *arguments))
            times.append(min(timer.repeat(args.repeat, args.number)) / args.number * 1e6)
        print(f"{name:<14} {times[0]:12.2f}  {times[1]:9.2f}  {times[0] / times[1]:5.2f}x")


if __name__ == "__main__":
    main()
