"""Amounts of money as text: read from what people print (through korus._printed, the one
reader of printed numbers), rescaled, and written for display."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any, Final

from korus._errors import InvalidValueError, ParseError
from korus._printed import read_printed
from korus._units import (
    SCALES,
    Quantity,
    check_amount,
    currency_of,
    in_unit,
    money,
    scale_of,
    to_decimal,
)

# Display rounding only: room for every korus amount, half to even like the ratios.
_DISPLAY: Final = decimal.Context(prec=100, rounding=decimal.ROUND_HALF_EVEN)


def parse_amount(text: str) -> Quantity:
    """Read an amount of money written as people write it.

    Accepted: a currency sign or an ISO 4217 code before or after the number, thousands
    separated by commas in groups of three, an optional decimal point, and a scale word:
    ``"$27.7 billion"``, ``"27.7 billion USD"``, ``"USD 42,300 million"``, ``"₩1,234 trillion"``,
    ``"-27.6 billion USD"``; and Korean amounts, in Korea's scale words 만, 억 and 조 with a sign
    or a currency word ("277억 달러", "US$277억", "53조 원"), in the least of korus's scales as
    large (27.7 billion USD). Anything else is refused at once, and nothing is evaluated.

    :raises ParseError: for text that is not an amount, names no currency or two, or is longer
        than 64 characters.
    :raises UnknownCodeError: for a three-letter code that is not ISO 4217.

    >>> parse_amount("$27.7 billion")
    quantity('27.7', 'billion USD')
    >>> parse_amount("USD 42,300 million")
    quantity('42300', 'million USD')
    >>> parse_amount("277억 달러")
    quantity('27.7', 'billion USD')
    >>> parse_amount("1,5 USD")
    Traceback (most recent call last):
    ...
    korus.ParseError: text='1,5 USD': is not an amount such as '$27.7 billion', '27.7 billion USD' or 'USD 42,300 million'
    """
    printed = read_printed(
        text, what="an amount such as '$27.7 billion', '27.7 billion USD' or 'USD 42,300 million'"
    )
    if printed.percent:
        raise ParseError("text", text, "is a percentage, not an amount of money")
    if printed.currency is None:
        raise ParseError(
            "text", text, "names no currency; write e.g. '$27.7 billion' or '27.7 billion USD'"
        )
    number = Decimal(printed.digits)
    if printed.negative:
        number = number.copy_negate()
    return money(to_decimal(number, "text"), printed.scale, printed.currency)


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
    return money(in_unit(amount, scale, currency), scale, currency, "amount")


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
