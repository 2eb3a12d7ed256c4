"""Benchmarks of the published-figures path, with baselines measured in the same run:

- ``korus factsheet`` start-up, beside ``python -c "import korus"`` and ``python -c pass``;
- checking 10,000 claims, beside the lower bound of parsing their 10,000 printed figures.

    python benchmarks/claims.py [--quick]
"""

import argparse
import statistics
import subprocess
import sys
import time

import korus
from korus import Figure
from korus.claims import Claim, check_claims

MEASURES = [
    ("deficit", "goods", "$27.7 billion"),
    ("surplus", "services", "$10.7 billion"),
    ("two_way_trade", "goods", "$112.2 billion"),
    ("share_of_reporter_exports", "goods", "2.9%"),
    ("rank_two_way_trade", "goods", "6"),
    ("exports", "goods", "$42.3 billion"),
    ("deficit", "goods", "$30.0 billion"),
    ("deficit_percent_change_from_previous_year", "goods", "-2.3%"),
]


def wall(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 10
    py = sys.executable
    rows = [
        ("python -c pass (s)", wall([py, "-c", "pass"], runs)),
        ("python -c 'import korus' (s)", wall([py, "-c", "import korus"], runs)),
        ("korus factsheet (s)", wall([py, "-m", "korus", "factsheet"], runs)),
        (
            "korus factsheet --format json (s)",
            wall([py, "-m", "korus", "factsheet", "--format", "json"], runs),
        ),
    ]
    claims = [
        Claim(f"c{i}", "USA", "KOR", 2016, measure, text=text, scope=scope)
        for i, (measure, scope, text) in enumerate(
            MEASURES[i % len(MEASURES)] for i in range(10_000)
        )
    ]
    check_claims(claims[:10])  # load the embedded figures once, outside the timing
    repeats = 1 if args.quick else 3
    checking = min(_timed(lambda: check_claims(claims)) for _ in range(repeats))
    texts = [c.text for c in claims]
    parsing = min(_timed(lambda: [Figure.parse(t) for t in texts]) for _ in range(repeats))
    print(f"korus {korus.__version__}, Python {sys.version.split()[0]}")
    print(f"{'benchmark':<44} {'best':>9} {'median':>9}")
    for label, (best, median) in rows:
        print(f"{label:<44} {best:>9.3f} {median:>9.3f}")
    print(f"{'check_claims(), 10,000 claims (s)':<44} {checking:>9.3f}")
    print(f"{'baseline: Figure.parse() of their texts (s)':<44} {parsing:>9.3f}")
    print(f"{'claims checked per second':<44} {10_000 / checking:>9.0f}")


def _timed(call):
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
