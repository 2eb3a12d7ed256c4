"""Escapes closed at their root: every korus value refuses a change with ImmutableError, flags are
booleans, counts are counts, and numbers too long to print are refused, not crashed on."""

import datetime

import attrs
import pytest

import korus
from korus.agreements import LocalDate, Place, Session, SpecialSessionRule
from korus.readers import RejectedRow, census_code, comtrade_code


def _public_attrs_classes():
    for module in (korus, korus.readers, korus.claims, korus.agreements, korus.testing):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                yield obj


def test_every_public_record_refuses_a_change_with_korus_error():
    flow = korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    with pytest.raises(korus.ImmutableError) as caught:
        flow.value = korus.parse_amount("$1")
    assert caught.value.field == "value"
    with pytest.raises(korus.ImmutableError):
        del flow.partner
    frozen = [c for c in _public_attrs_classes() if c.__setattr__.__name__ == "_refuse_change"]
    assert korus.TradeFlow in frozen
    assert korus.Basis in frozen
    assert korus.readers.ComtradeRecord in frozen


def test_a_time_zone_folder_is_no_time_zone():
    with pytest.raises(korus.UnknownCodeError) as caught:
        Place("Somewhere", korus.Economy("USA"), "America")
    assert caught.value.field == "timezone"


@pytest.mark.parametrize("flag", ["no", 0, None])
def test_flags_are_booleans(flag):
    held = LocalDate(datetime.date(2017, 8, 22), Place.named("seoul"))
    with pytest.raises(korus.InvalidTypeError):
        Session(held, by_agreement=flag)
    with pytest.raises(korus.InvalidTypeError):
        SpecialSessionRule(30, "22.2.4(b)", unless_otherwise_agreed=flag)


@pytest.mark.parametrize("line", [0, -5, True, "3"])
def test_a_line_number_is_a_positive_int(line):
    with pytest.raises(korus.KorusError):
        RejectedRow(line, "flowCode", "Q", "is not a flow")


@pytest.mark.parametrize(
    "call",
    [
        lambda n: comtrade_code(n),
        lambda n: census_code(n),
        lambda n: korus.Direction(n),
        lambda n: korus.Valuation(n),
        lambda n: korus.readers.Source(n),
    ],
)
def test_an_int_past_pythons_digit_limit_is_refused_not_crashed_on(call):
    with pytest.raises(korus.KorusError):
        call(10**5000)
