"""Code as a korus user writes it; it must pass ``mypy --strict`` (see test_mypy.py)."""

from decimal import Decimal

import korus
from korus import Balance, Economy, ExchangeRate, Measure, Period, Ranked, TradeFlow


def goods_balance() -> Balance:
    return Balance.of("USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion")


def deficit_in_billions(balance: Balance) -> Decimal:
    amount: korus.Quantity = korus.deficit(balance)
    return Decimal(korus.rescale(amount, "billion").magnitude)


def partners(flows: list[TradeFlow]) -> list[Economy]:
    ranked: tuple[Ranked[Economy], ...] = korus.rank_partners(flows, Measure.EXPORTS)
    return [entry.key for entry in ranked]


def in_won(flow: TradeFlow) -> TradeFlow:
    rate = ExchangeRate("USD", "KRW", "1160.5", on=Period(2016), source="example")
    converted: TradeFlow = rate.convert(flow)
    return converted


def safe_parse(text: str) -> korus.Quantity | None:
    try:
        return korus.parse_amount(text)
    except korus.ParseError as error:
        print(error.field, error.value)
        return None
