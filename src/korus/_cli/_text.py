"""Numbers and names as the korus command writes them: one formatter for every figure it shows,
in CLDR's words for the locale (babel), never rounding what it computes with."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction

from korus._economy import Economy
from korus._figures import PERCENT_UNIT, RANK_UNIT, Figure, Range
from korus._units import SCALES


def money_text(
    value: Fraction, currency: str, locale: str, places: int, scale: str | None = None
) -> str:
    """An amount of money in the locale's words. With ``scale`` (the printed figure's scale
    word) it keeps the printed precision: "$17.0 billion", "$1,453,721 million"; in Korean, in
    CLDR's 억 (10^8) or 만 (10^4) with the decimals that precision needs ("US$14,537.21억").
    Without, CLDR's compact form."""
    from babel.numbers import (
        format_compact_currency,
        format_compact_decimal,
        format_decimal,
        get_currency_symbol,
    )

    amount = Decimal(value.numerator) / Decimal(value.denominator)
    symbol = get_currency_symbol(currency, locale=locale)
    if scale is not None:
        power = SCALES[scale]
        if locale == "en_US":
            shown, word, decimals = amount.scaleb(-power), f" {scale}", places
        else:
            unit = 8 if abs(amount) >= 10**8 else 4 if abs(amount) >= 10**4 else 0
            # The printed figure's last digit is 10^(power - places): as many decimals of the
            # unit as reach it.
            decimals = max(0, unit - (power - places))
            shown, word = amount.scaleb(-unit), {8: "억", 4: "만", 0: ""}[unit]
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return f"{symbol}{format_decimal(shown, format=pattern, locale=locale)}{word}"
    if locale == "en_US":
        words = format_compact_decimal(
            amount, format_type="long", locale=locale, fraction_digits=places
        )
        return f"{symbol}{words}"
    return str(format_compact_currency(amount, currency, locale=locale, fraction_digits=places))


def width(text: str) -> int:
    """The columns ``text`` takes on a terminal: two for a wide character (Hangul, CJK)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns."""
    return text + " " * max(0, columns - width(text))


def territory(economy: Economy, locale: str) -> str:
    """The economy's name in the locale's language (CLDR), or its ISO name."""
    import pycountry
    from babel import Locale

    country = pycountry.countries.get(alpha_3=economy.code)
    if country is None:
        return economy.name
    return str(Locale.parse(locale).territories.get(country.alpha_2, economy.name))


def value_text(
    value: Fraction, unit: str, locale: str, places: int, scale: str | None = None
) -> str:
    from babel.numbers import format_decimal

    if unit == RANK_UNIT:
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    if unit == PERCENT_UNIT:
        amount = Decimal(value.numerator) / Decimal(value.denominator)
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return f"{format_decimal(round(amount, places), format=pattern, locale=locale)}%"
    return money_text(value, unit, locale, places, scale)


def scale_word(figure: Figure) -> str | None:
    """The scale word of a money figure's unit ("billion"), or None."""
    word = figure.unit.rpartition(" ")[0]
    return word or None


def places_of(figure: Figure) -> int:
    exponent = figure.step.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) and figure.step else 0


def scaled_places(figure: Figure) -> int:
    """Decimal places to show a money figure with in compact form ("27.7 billion")."""
    scale = figure.unit.rpartition(" ")[0]
    if not scale:
        return 0
    return places_of(figure)


def printed_value(figure: Figure) -> Fraction:
    """The printed value in plain units (the middle of the figure's range)."""
    return (figure.range.low + figure.range.high) / 2


def point(range_: Range | None) -> Fraction | None:
    if range_ is None:
        return None
    if range_.unit == RANK_UNIT:
        return range_.low  # the best rank the data allow
    return range_.low if range_.low == range_.high else None
