"""Amounts of money: reading them from text, rescaling them, converting between currencies.

Text never reaches pint's expression parser, which evaluates arithmetic (``"10**10**10"`` hangs
it) and reads ``"1,5 USD"`` as 15 USD. korus reads amounts with one strict regular expression
over a bounded string, then builds the quantity from checked parts.
"""

from __future__ import annotations

import datetime
import decimal
import re
from decimal import Decimal
from typing import Any, Final, overload

import attrs

from korus._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MismatchError,
    ParseError,
    UnknownCodeError,
)
from korus._model import TradeFlow
from korus._period import Period
from korus._units import (
    CURRENCIES,
    RATIO_CONTEXT,
    SCALES,
    Quantity,
    check_amount,
    currency_of,
    exact,
    in_unit,
    money,
    scale_of,
    to_decimal,
)

__all__ = ["ExchangeRate", "format_amount", "parse_amount", "rescale"]

#: Currency signs korus reads. "$" alone is read as US dollars, as US and Korean trade
#: publications use it; write "CAD 5" (or "5 CAD") for another dollar.
SIGNS: Final[dict[str, str]] = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW"}

MAX_TEXT: Final = 64

# Display rounding only: room for every korus amount, half to even like the ratios.
_DISPLAY: Final = decimal.Context(prec=100, rounding=decimal.ROUND_HALF_EVEN)

_AMOUNT = re.compile(
    r"(?P<minus>-)?"
    r"(?:(?P<sign>US\$|\$|€|£|₩)|(?P<pre>[A-Z]{3}) )?"
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?: (?P<scale>thousand|million|billion|trillion))?"
    r"(?: (?P<post>[A-Z]{3}))?",
    re.IGNORECASE,
)


def parse_amount(text: str) -> Quantity:
    """Read an amount of money written as people write it.

    Accepted: a currency sign or an ISO 4217 code before or after the number, thousands
    separated by commas in groups of three, an optional decimal point, and a scale word:
    ``"$27.7 billion"``, ``"27.7 billion USD"``, ``"USD 42,300 million"``, ``"₩1,234 trillion"``,
    ``"-27.6 billion USD"``. Anything else is refused at once, and nothing is evaluated.

    :raises ParseError: for text that is not an amount, names no currency or two, or is longer
        than 64 characters.
    :raises UnknownCodeError: for a three-letter code that is not ISO 4217.

    >>> parse_amount("$27.7 billion")
    quantity('27.7', 'billion USD')
    >>> parse_amount("USD 42,300 million")
    quantity('42300', 'million USD')
    >>> parse_amount("1,5 USD")
    Traceback (most recent call last):
    ...
    korus.ParseError: text='1,5 USD': is not an amount such as '$27.7 billion', '27.7 billion USD' or 'USD 42,300 million'
    """
    if not isinstance(text, str):
        raise InvalidTypeError("text", text, f"must be a str, not {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ParseError("text", text, f"is longer than {MAX_TEXT} characters for an amount")
    cleaned = " ".join(text.split())
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ParseError(
            "text",
            text,
            "is not an amount such as '$27.7 billion', '27.7 billion USD' or 'USD 42,300 million'",
        )
    codes = [c for c in (match["pre"], match["post"]) if c]
    if match["sign"]:
        codes.insert(0, SIGNS[match["sign"].upper()])
    if len(codes) != 1:
        reason = "names no currency" if not codes else "names more than one currency"
        raise ParseError(
            "text", text, f"{reason}; write e.g. '$27.7 billion' or '27.7 billion USD'"
        )
    code = codes[0]
    if code != code.upper():
        raise ParseError("text", text, f"currency codes are written in capitals: {code.upper()}")
    if code not in CURRENCIES:
        raise UnknownCodeError("text", text, f"{code} is not an ISO 4217 currency code")
    scale = match["scale"].lower() if match["scale"] else None
    number = Decimal(match["number"].replace(",", ""))
    if match["minus"]:
        number = number.copy_negate()
    return money(to_decimal(number, "text"), scale, code)


def _scale_name(scale: Any) -> str | None:
    if scale is not None and (not isinstance(scale, str) or scale not in SCALES):
        raise InvalidValueError(
            "scale", scale, f"must be None or one of {', '.join(map(repr, SCALES))}"
        )
    return scale


def rescale(amount: Quantity, scale: str | None) -> Quantity:
    """The same amount expressed with another scale word, exactly.

    >>> rescale(parse_amount("42,300 million USD"), "billion")
    quantity('42.300', 'billion USD')
    >>> rescale(parse_amount("$1.5 thousand"), None)
    quantity('1500.0', 'USD')
    """
    check_amount(amount, "amount", negative=True)
    currency = currency_of(amount, "amount")
    scale = _scale_name(scale)
    return money(in_unit(amount, scale, currency), scale, currency)


def format_amount(amount: Quantity, *, scale: str | None = None, places: int = 1) -> str:
    """Write an amount with a scale word, rounded half-even to ``places`` decimals.

    The rounding is for display only; korus never rounds an amount it computes with.

    >>> format_amount(parse_amount("27,684 million USD"), scale="billion")
    '27.7 billion USD'
    >>> format_amount(parse_amount("$1,453,721 million"), scale="trillion", places=3)
    '1.454 trillion USD'
    """
    check_amount(amount, "amount", negative=True)
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 12:
        raise InvalidValueError("places", places, "must be an int from 0 to 12")
    if scale is None:
        scale = scale_of(amount)
    shown = rescale(amount, scale)
    rounded = Decimal(shown.magnitude).quantize(Decimal(1).scaleb(-places), context=_DISPLAY)
    unit = currency_of(amount) if scale is None else f"{scale} {currency_of(amount)}"
    return f"{rounded:f} {unit}"


def _check_currency(instance: object, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            attribute.name, value, f"must be an ISO 4217 code str, not {type(value).__name__}"
        )
    if value not in CURRENCIES:
        raise UnknownCodeError(attribute.name, value, "is not an ISO 4217 currency code")


def _rate(value: Any) -> Decimal:
    return to_decimal(value, "rate")


def _check_rate(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise InvalidValueError("rate", value, "must be positive")


def _check_on(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date | Period):
        raise InvalidTypeError(
            "on",
            value,
            "must be a datetime.date (a rate on a day) or a Period (an average over it), "
            f"not {type(value).__name__}",
        )


def _check_source(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError("source", value, f"must be a str, not {type(value).__name__}")
    if not value.strip() or len(value) > 2000:
        raise InvalidValueError("source", value, "must name where the rate comes from")


@attrs.frozen(cache_hash=True)
class ExchangeRate:
    """How many units of ``quote`` one unit of ``base`` bought, on a day or over a period.

    Conversion between currencies happens only through such a rate, explicitly, never
    through a registry-wide pint context (which would race between threads).

    >>> rate = ExchangeRate("USD", "KRW", "1160.5", on=Period(2016), source="an annual average")
    >>> rate.convert(parse_amount("$42.3 billion"))
    quantity('49089.15', 'billion KRW')
    """

    base: str = attrs.field(validator=_check_currency)
    quote: str = attrs.field(validator=_check_currency)
    rate: Decimal = attrs.field(converter=_rate, validator=_check_rate)
    on: datetime.date | Period = attrs.field(kw_only=True, validator=_check_on)
    source: str = attrs.field(kw_only=True, validator=_check_source)

    def __attrs_post_init__(self) -> None:
        if self.base == self.quote:
            raise InvalidValueError("quote", self.quote, "must differ from the base currency")

    def inverse(self) -> ExchangeRate:
        """The rate the other way round, ``1 / rate`` rounded to 28 significant digits.

        >>> ExchangeRate("USD", "KRW", "1250", on=Period(2016), source="example").inverse().rate
        Decimal('0.0008')
        """
        inverted = RATIO_CONTEXT.divide(Decimal(1), self.rate)
        return ExchangeRate(
            self.quote, self.base, inverted.normalize(RATIO_CONTEXT), on=self.on, source=self.source
        )

    def applies_to(self, period: Period) -> bool:
        """Whether the rate may value flows of ``period``: a rate for that very period, or a
        rate on a day inside it."""
        if not isinstance(period, Period):
            raise InvalidTypeError(
                "period", period, f"must be a Period, not {type(period).__name__}"
            )
        if isinstance(self.on, Period):
            return self.on == period
        return period.contains(self.on)

    @overload
    def convert(self, value: Quantity) -> Quantity: ...

    @overload
    def convert(self, value: TradeFlow) -> TradeFlow: ...

    def convert(self, value: Quantity | TradeFlow) -> Quantity | TradeFlow:
        """An amount in ``base`` (any scale) in ``quote``, same scale, exactly; or a flow
        with its value converted, if the rate applies to the flow's period.

        :raises CurrencyMismatchError: when the amount is not in ``base``.
        :raises MismatchError: when the rate does not apply to the flow's period.
        """
        if isinstance(value, TradeFlow):
            if not self.applies_to(value.period):
                raise MismatchError(
                    "rate.on",
                    self.on,
                    f"the rate does not apply to a flow of period {value.period}: it values "
                    "flows of that very period, or of a period containing that day",
                )
            return attrs.evolve(value, value=self.convert(value.value))
        amount = check_amount(value, "value", negative=True)
        currency = currency_of(amount)
        if currency != self.base:
            raise CurrencyMismatchError(
                "value", amount, f"is in {currency}, but this rate converts {self.base}"
            )
        with exact():
            converted = Decimal(amount.magnitude) * self.rate
        return money(converted, scale_of(amount), self.quote)
