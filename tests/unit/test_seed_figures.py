"""The seed article's figures, recomputed from the published figures korus ships."""

import csv
import importlib.resources
from decimal import Decimal

import pytest

import korus
from korus import (
    Balance,
    Economy,
    Measure,
    Product,
    TradeFlow,
    deficit,
    parse_amount,
    percent_change,
    rank,
    share,
    surplus,
    two_way_trade,
)


def _rows(name):
    source = importlib.resources.files("korus.data").joinpath(name)
    with source.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _figure(key):
    (row,) = [r for r in _rows("us-korea-published-figures.csv") if r["key"] == key]
    return parse_amount(f"{row['value']} {row['unit']}")


def _flow(direction, key, category="goods", partner="KOR"):
    return TradeFlow.of("USA", partner, direction, category, 2016, _figure(key))


def test_goods_two_way_trade_and_deficit():
    exports = _flow("export", "ustr16.goods.exports")
    imports = _flow("import", "ustr16.goods.imports")
    assert two_way_trade(exports, imports) == parse_amount("$112.2 billion")
    goods = korus.balance(exports, imports)
    # USTR printed 27.7: each printed figure was rounded on its own (69.94 - 42.26 = 27.68).
    assert deficit(goods) == parse_amount("$27.6 billion")
    assert str(deficit(goods)) == "27.6 billion USD"


def test_services_surplus():
    services = Balance.of(
        "USA",
        "KOR",
        "services",
        2016,
        exports=_figure("ustr16.services.exports"),
        imports=_figure("ustr16.services.imports"),
    )
    assert surplus(services) == parse_amount("$10.7 billion")
    with pytest.raises(korus.UndefinedResultError, match="surplus, not a deficit"):
        deficit(services)


def test_share_of_us_exports_is_2_9_percent():
    to_korea = _flow("export", "ustr16.goods.exports")
    to_world = _flow("export", "usitc.world.exports.2016", partner="WLD")
    value = share(to_korea, to_world)
    assert value.units == korus.ureg.percent
    assert round(value.magnitude, 1) == Decimal("2.9")
    assert value.magnitude == Decimal("42300") * 100 / Decimal("1453721")


def test_korea_is_sixth_by_two_way_goods_trade():
    totals = {
        Economy(row["partner"]): parse_amount(f"{row['value']} {row['unit']}")
        for row in _rows("us-korea-published-figures.csv")
        if row["measure"] == "two_way_trade" and row["category"] == "goods"
    }
    ranks = {r.key.code: r.rank for r in rank(totals)}
    assert ranks == {"CHN": 1, "CAN": 2, "MEX": 3, "JPN": 4, "DEU": 5, "KOR": 6}


def test_rank_partners_from_flows_pairs_exports_and_imports():
    rows = [
        r
        for r in _rows("us-korea-published-figures.csv")
        if r["key"].startswith("census16.")
        and r["measure"] in ("exports", "imports")
        and r["partner"] != "DEU"  # Census's German imports were not printed: not a zero
    ]
    flows = [
        TradeFlow.of(
            "USA", r["partner"], r["measure"][:-1], "goods", 2016, f"{r['value']} {r['unit']}"
        )
        for r in rows
    ]
    order = [r.key.code for r in korus.rank_partners(flows, Measure.TWO_WAY_TRADE)]
    assert order == ["CHN", "CAN", "MEX", "JPN"]
    germany = TradeFlow.of("USA", "DEU", "export", "goods", 2016, "$49.4 billion")
    # Germany has exports only: no two-way trade, so no rank by it (as korus.columnar ranks),
    # but a rank by exports.
    assert [r.key.code for r in korus.rank_partners([*flows, germany])] == order
    by_exports = [r.key.code for r in korus.rank_partners([*flows, germany], "exports")]
    assert by_exports == ["CAN", "MEX", "CHN", "JPN", "DEU"]
    with pytest.raises(korus.MismatchError, match=r"DEU \(imports"):
        korus.balances([*flows, germany])
    assert len(korus.balances([*flows, germany], unpaired="omit")) == 4


def test_usitc_sector_growth_2015_to_2016():
    growth = {}
    for row in _rows("usitc_kr1_exports_by_sector.csv"):
        flows = [
            TradeFlow.of(
                "USA",
                "KOR",
                "export",
                Product("USITC", row["sector"]),
                year,
                f"{row[str(year)]} million USD",
            )
            for year in (2015, 2016)
        ]
        growth[row["sector"]] = round(percent_change(*flows).magnitude, 1)
    assert growth["Transportation equipment"] == Decimal("9.4")  # 7,847 -> 8,584
    assert growth["Footwear"] == Decimal("-28.4")  # 74 -> 53
    assert growth["Agricultural products"] == Decimal("1.4")  # 6,747 -> 6,842
    assert len(growth) == 12
    # Each is the exact ratio rounded once.
    assert growth["Machinery"] == round((Decimal(5622) - 6231) * 100 / 6231, 1)


def test_top_export_categories_of_2016():
    flows = [
        TradeFlow.of("USA", "KOR", "export", row["category"], 2016, f"{row['value']} {row['unit']}")
        for row in _rows("us-korea-published-figures.csv")
        if row["category"].startswith("HS:")
    ]
    top = korus.top_products(flows, 5)
    assert [r.key.code for r in top] == ["84", "85", "88", "90", "87"]
    assert top[0].key.title.startswith("Nuclear reactors, boilers, machinery")


def test_the_hs_chapter_titles_are_the_wco_titles_the_reference_quotes():
    # The project's reference notes, section 5 (USITC, quoting the WCO's nomenclature).
    quoted = {
        "84": "Nuclear reactors, boilers, machinery and mechanical appliances; parts thereof",
        "85": "Electrical machinery and equipment and parts thereof; sound recorders and "
        "reproducers, television image and sound recorders and reproducers, and parts and "
        "accessories of such articles",
        "87": "Vehicles other than railway or tramway rolling-stock, and parts and accessories "
        "thereof",
        "88": "Aircraft, spacecraft, and parts thereof",
        "90": "Optical, photographic, cinematographic, measuring, checking, precision, medical "
        "or surgical instruments and apparatus; parts and accessories thereof",
    }
    for chapter, title in quoted.items():
        assert korus.Product("HS", chapter).title == title
    # Every chapter from 01 to 97 has its title, but 77, which the WCO keeps in reserve.
    for n in range(1, 98):
        if n == 77:
            with pytest.raises(korus.KorusError):
                korus.Product("HS", "77")
        else:
            assert korus.Product("HS", f"{n:02d}").title
