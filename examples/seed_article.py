"""Recompute the seed article's figures (Korea Times, July 2017) from the published figures
that korus ships, and show each beside the figure that was printed.

Run it with ``python examples/seed_article.py``.
"""

import csv
import importlib.resources
from decimal import Decimal

import korus
from korus import Balance, Economy, TradeFlow, format_amount, parse_amount


def published_figures():
    source = importlib.resources.files("korus.data").joinpath("us-korea-published-figures.csv")
    with source.open(encoding="utf-8", newline="") as stream:
        return {row["key"]: row for row in csv.DictReader(stream)}


def amount(row):
    return parse_amount(f"{row['value']} {row['unit']}")


def main():
    figures = published_figures()
    goods = Balance.of(
        "USA",
        "KOR",
        "goods",
        2016,
        exports=amount(figures["ustr16.goods.exports"]),
        imports=amount(figures["ustr16.goods.imports"]),
    )
    services = Balance.of(
        "USA",
        "KOR",
        "services",
        2016,
        exports=amount(figures["ustr16.services.exports"]),
        imports=amount(figures["ustr16.services.imports"]),
    )
    to_korea = TradeFlow.of("USA", "KOR", "export", "goods", 2016, goods.exports)
    to_world = TradeFlow.of(
        "USA", "WLD", "export", "goods", 2016, amount(figures["usitc.world.exports.2016"])
    )
    two_way = {
        Economy(row["partner"]): amount(row)
        for row in figures.values()
        if row["measure"] == "two_way_trade" and row["category"] == "goods"
    }
    korea_rank = next(r.rank for r in korus.rank(two_way) if r.key == Economy("KOR"))
    top = korus.top_products(
        [
            TradeFlow.of("USA", "KOR", "export", row["category"], 2016, amount(row))
            for row in figures.values()
            if row["category"].startswith("HS:")
        ],
        5,
    )

    def printed(key):
        row = figures[key]
        unit = {"rank": "", "percent": " %"}.get(row["unit"], f" {row['unit']}")
        return f"{row['value']}{unit} ({row['publisher']})"

    share = korus.share(to_korea, to_world)
    lines = [
        (
            "US-Korea goods trade, 2016",
            format_amount(goods.two_way, scale="billion"),
            printed("ustr16.goods.total"),
        ),
        (
            "US goods deficit with Korea",
            format_amount(korus.deficit(goods), scale="billion"),
            printed("ustr16.goods.deficit"),
        ),
        (
            "US services surplus with Korea",
            format_amount(korus.surplus(services), scale="billion"),
            printed("ustr16.services.surplus"),
        ),
        (
            "share of US goods exports",
            f"{round(share.magnitude, 1)} %",
            printed("ustr16.goods.share_of_us_exports"),
        ),
        (
            "Korea's rank by two-way goods trade",
            # Ranked among the partners the figures name, not among all: others could be above.
            f"{korea_rank} of the {len(two_way)} partners in the data",
            printed("ustr16.goods.rank_partner"),
        ),
    ]
    print("The seed article's figures, recomputed by korus from the published figures")
    print()
    width = max(len(label) for label, _, _ in lines)
    column = max(len(computed) for _, computed, _ in lines)
    for label, computed, shown in lines:
        print(f"  {label:<{width}}  korus: {computed:<{column}}  printed: {shown}")
    print()
    print("  Top US export categories to Korea, 2016 (USTR):")
    for entry in top:
        print(
            f"    {entry.rank}. HS {entry.key.code}  {format_amount(entry.value, scale='billion')}  {entry.key.title}"
        )
    print()
    exact_deficit = korus.deficit(goods)
    if exact_deficit != amount(figures["ustr16.goods.deficit"]):
        print(
            f"  Note: 69.9 - 42.3 = {format_amount(exact_deficit, scale='billion')}, yet USTR printed "
            f"{figures['ustr16.goods.deficit']['value']}: each printed figure was rounded on its own."
        )
    assert round(share.magnitude, 1) == Decimal(
        figures["ustr16.goods.share_of_us_exports"]["value"]
    )


if __name__ == "__main__":
    main()
