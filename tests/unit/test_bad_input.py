"""Every kind of bad input, in one table: each raises the KorusError it should, naming the
field and the value, and nothing else escapes."""

import datetime
from decimal import Decimal

import pint
import pytest

import korus
from korus import (
    Balance,
    Economy,
    ExchangeRate,
    Period,
    Product,
    TradeFlow,
    parse_amount,
    quantity,
)

USD = quantity("1", "billion USD")
KRW = quantity("1", "billion KRW")


def flow(**changes):
    base = {
        "reporter": "USA",
        "partner": "KOR",
        "direction": "export",
        "scope": "goods",
        "period": 2016,
        "value": "$42.3 billion",
    }
    base.update(changes)
    return TradeFlow.of(**base)


def _foreign_quantity():
    other = pint.UnitRegistry(None, non_int_type=Decimal)
    other.define("USD = [currency_USD]")
    return other.Quantity(Decimal(1), "USD")


CASES = [
    # (id, call, error, field, value shown in the message)
    (
        "negative value",
        lambda: flow(value=quantity("-1", "USD")),
        korus.InvalidValueError,
        "value",
        "-1",
    ),
    ("NaN value", lambda: quantity("NaN", "USD"), korus.InvalidValueError, "magnitude", "NaN"),
    (
        "NaN Decimal",
        lambda: quantity(Decimal("NaN"), "USD"),
        korus.InvalidValueError,
        "magnitude",
        "NaN",
    ),
    (
        "infinite value",
        lambda: quantity(Decimal("Infinity"), "USD"),
        korus.InvalidValueError,
        "magnitude",
        "Infinity",
    ),
    ("float value", lambda: quantity(42.3, "USD"), korus.InvalidTypeError, "magnitude", "42.3"),
    ("bool value", lambda: quantity(True, "USD"), korus.InvalidTypeError, "magnitude", "True"),
    ("unknown currency", lambda: quantity(1, "XYZ"), korus.UnknownCodeError, "unit", "XYZ"),
    ("unknown unit", lambda: quantity(1, "meter"), korus.InvalidValueError, "unit", "meter"),
    ("unit expression", lambda: quantity(1, "USD**2"), korus.InvalidValueError, "unit", "USD**2"),
    ("unknown economy", lambda: Economy("XXX"), korus.UnknownCodeError, "code", "XXX"),
    ("lowercase economy", lambda: Economy("kor"), korus.InvalidValueError, "code", "kor"),
    ("economy not a str", lambda: Economy(410), korus.InvalidTypeError, "code", "410"),
    (
        "unknown economy name",
        lambda: Economy.lookup("Atlantis"),
        korus.UnknownCodeError,
        "economy",
        "Atlantis",
    ),
    (
        "reporter equals partner",
        lambda: flow(partner="USA"),
        korus.InvalidValueError,
        "partner",
        "USA",
    ),
    ("world as reporter", lambda: flow(reporter="WLD"), korus.InvalidValueError, "reporter", "WLD"),
    (
        "a name for a code",
        lambda: flow(reporter="United States"),
        korus.InvalidValueError,
        "reporter",
        "e.g. 'KOR'; Economy.lookup('United States') finds Economy('USA')",
    ),
    (
        "a name that is no economy's",
        lambda: Balance.of("USA", "Korea", "goods", 2016, exports="$1", imports="$2"),
        korus.InvalidValueError,
        "partner",
        "must be three capital letters (ISO 3166-1 alpha-3), e.g. 'KOR'",
    ),
    (
        "bad direction",
        lambda: flow(direction="sideways"),
        korus.InvalidValueError,
        "direction",
        "sideways",
    ),
    ("bad period", lambda: flow(period="16"), korus.ParseError, "period", "16"),
    ("month out of range", lambda: Period(2016, month=13), korus.InvalidValueError, "month", "13"),
    (
        "quarter and month",
        lambda: Period(2016, quarter=1, month=1),
        korus.InvalidValueError,
        "month",
        "1",
    ),
    ("unknown HS chapter", lambda: Product("HS", "77"), korus.UnknownCodeError, "code", "77"),
    ("HS code as int", lambda: Product("HS", 84), korus.InvalidTypeError, "code", "84"),
    ("HS code of 3 digits", lambda: Product("HS", "847"), korus.InvalidValueError, "code", "847"),
    (
        "raw value in a flow",
        lambda: TradeFlow(
            Economy("USA"),
            Economy("KOR"),
            korus.Direction.EXPORT,
            korus.Coverage.GOODS,
            Period(2016),
            Decimal(1),
        ),
        korus.InvalidTypeError,
        "value",
        "Decimal('1')",
    ),
    (
        "percent as a flow value",
        lambda: flow(value=quantity(5, "percent")),
        korus.InvalidValueError,
        "value",
        "'5', 'percent'",
    ),
    (
        "foreign registry",
        lambda: flow(value=_foreign_quantity()),
        korus.InvalidTypeError,
        "value",
        "USD",
    ),
    (
        "mixed currencies in a balance",
        lambda: Balance.of("USA", "KOR", "goods", 2016, exports=USD, imports=KRW),
        korus.CurrencyMismatchError,
        "imports",
        "KRW",
    ),
    (
        "mixed currencies in a sum",
        lambda: korus.sum_amounts([USD, KRW]),
        korus.CurrencyMismatchError,
        "currency",
        "KRW",
    ),
    (
        "mixed periods in a total",
        lambda: korus.total([flow(), flow(partner="JPN", period=2015)]),
        korus.MismatchError,
        "flows[1].period",
        "2015",
    ),
    (
        "mixed reporters in a total",
        lambda: korus.total([flow(), flow(reporter="CAN")]),
        korus.MismatchError,
        "flows[1].reporter",
        "CAN",
    ),
    (
        "mixed directions in a total",
        lambda: korus.total([flow(), flow(partner="JPN", direction="import")]),
        korus.MismatchError,
        "flows[1].direction",
        "IMPORT",
    ),
    (
        "world beside its parts",
        lambda: korus.total([flow(), flow(partner="WLD")]),
        korus.MismatchError,
        "flows[1]",
        "WLD",
    ),
    (
        "product beside its chapter",
        lambda: korus.total([flow(scope="HS:84"), flow(scope="HS:8471")]),
        korus.MismatchError,
        "flows[1]",
        "8471",
    ),
    ("a flow twice", lambda: korus.total([flow(), flow()]), korus.MismatchError, "flows[1]", "KOR"),
    ("empty total", lambda: korus.total([]), korus.InvalidValueError, "flows", "[]"),
    (
        "part exceeds whole",
        lambda: korus.share(quantity(2, "USD"), quantity(1, "USD")),
        korus.MismatchError,
        "part",
        "'2', 'USD'",
    ),
    (
        "share of zero",
        lambda: korus.share(quantity(0, "USD"), quantity(0, "USD")),
        korus.UndefinedResultError,
        "whole",
        "'0', 'USD'",
    ),
    (
        "change from zero",
        lambda: korus.percent_change(quantity(0, "USD"), quantity(1, "USD")),
        korus.UndefinedResultError,
        "old",
        "'0', 'USD'",
    ),
    (
        "change across sign",
        lambda: korus.percent_change(quantity(-1, "USD"), quantity(1, "USD")),
        korus.UndefinedResultError,
        "new",
        "'1', 'USD'",
    ),
    (
        "change of flows backwards",
        lambda: korus.percent_change(flow(), flow(period=2015)),
        korus.MismatchError,
        "new.period",
        "2015",
    ),
    (
        "pp change of amounts",
        lambda: korus.percentage_point_change(USD, USD),
        korus.InvalidValueError,
        "old",
        "'billion USD'",
    ),
    (
        "growth over zero years",
        lambda: korus.compound_annual_growth(USD, USD, 0),
        korus.InvalidValueError,
        "years",
        "0",
    ),
    (
        "growth from zero",
        lambda: korus.compound_annual_growth(quantity(0, "USD"), USD, 2),
        korus.UndefinedResultError,
        "first",
        "'0', 'USD'",
    ),
    (
        "rank of the world",
        lambda: korus.rank_partners(
            [Balance.of("USA", "WLD", "goods", 2016, exports=USD, imports=USD)]
        ),
        korus.MismatchError,
        "items[0].partner",
        "WLD",
    ),
    ("top 0 products", lambda: korus.top_products([], 0), korus.InvalidValueError, "n", "0"),
    (
        "rate of zero",
        lambda: ExchangeRate("USD", "KRW", 0, on=Period(2016), source="x"),
        korus.InvalidValueError,
        "rate",
        "0",
    ),
    (
        "rate as float",
        lambda: ExchangeRate("USD", "KRW", 1160.5, on=Period(2016), source="x"),
        korus.InvalidTypeError,
        "rate",
        "1160.5",
    ),
    (
        "rate from a currency to itself",
        lambda: ExchangeRate("USD", "USD", 1, on=Period(2016), source="x"),
        korus.InvalidValueError,
        "quote",
        "USD",
    ),
    (
        "rate on a datetime",
        lambda: ExchangeRate("USD", "KRW", 1, on=datetime.datetime(2016, 1, 1), source="x"),
        korus.InvalidTypeError,
        "on",
        "datetime",
    ),
    (
        "rate for the wrong currency",
        lambda: ExchangeRate("EUR", "KRW", 1, on=Period(2016), source="x").convert(USD),
        korus.CurrencyMismatchError,
        "value",
        "USD",
    ),
    (
        "rate for another period",
        lambda: ExchangeRate("USD", "KRW", 1, on=Period(2015), source="x").convert(flow()),
        korus.MismatchError,
        "rate.on",
        "2015",
    ),
    ("immutable quantity", lambda: USD.ito("USD"), korus.ImmutableError, "quantity", "billion USD"),
    # hostile text for the amount parser: refused at once, nothing evaluated
    ("power tower", lambda: parse_amount("10**10**10 USD"), korus.ParseError, "text", "10**10**10"),
    (
        "comma as decimal point",
        lambda: parse_amount("1,5 USD"),
        korus.ParseError,
        "text",
        "1,5 USD",
    ),
    (
        "10 kB of digits",
        lambda: parse_amount("9" * 10_000 + " USD"),
        korus.ParseError,
        "text",
        "999",
    ),
    (
        "10 kB numeral",
        lambda: quantity("9" * 10_000, "USD"),
        korus.InvalidValueError,
        "magnitude",
        "999",
    ),
    ("two dots", lambda: parse_amount("$27.7.1 billion"), korus.ParseError, "text", "27.7.1"),
    ("words", lambda: parse_amount("twenty billion dollars"), korus.ParseError, "text", "twenty"),
    ("no currency", lambda: parse_amount("27.7 billion"), korus.ParseError, "text", "27.7 billion"),
    ("two currencies", lambda: parse_amount("$27.7 billion KRW"), korus.ParseError, "text", "KRW"),
    ("unknown sign", lambda: parse_amount("¤27.7 billion"), korus.ParseError, "text", "¤27.7"),
    (
        "unknown code in text",
        lambda: parse_amount("27.7 billion ABC"),
        korus.UnknownCodeError,
        "text",
        "ABC",
    ),
    ("exponent in text", lambda: parse_amount("1e9 USD"), korus.ParseError, "text", "1e9"),
    ("not text", lambda: parse_amount(b"1 USD"), korus.InvalidTypeError, "text", "b'1 USD'"),
]


@pytest.mark.parametrize(
    ("call", "error", "field", "shown"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_raises_a_korus_error_naming_field_and_value(call, error, field, shown):
    with pytest.raises(error) as info:
        call()
    err = info.value
    assert isinstance(err, korus.KorusError)
    assert err.field == field
    assert f"{field}=" in str(err)
    assert shown in str(err)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (korus.InvalidValueError, ValueError),
        (korus.ParseError, ValueError),
        (korus.InvalidTypeError, TypeError),
        (korus.UnknownCodeError, LookupError),
        (korus.MismatchError, ValueError),
        (korus.CurrencyMismatchError, TypeError),
        (korus.UndefinedResultError, ValueError),
        (korus.ImmutableError, AttributeError),
    ],
)
def test_each_error_is_also_the_fitting_builtin(error, builtin):
    assert issubclass(error, korus.KorusError)
    assert issubclass(error, builtin)


def test_long_values_are_shortened_in_messages():
    with pytest.raises(korus.ParseError) as info:
        parse_amount("9" * 10_000 + " USD")
    assert len(str(info.value)) < 300
