"""Numbers as people print them: the one reader of text that korus turns into amounts
(:func:`korus.parse_amount`) and published figures (:meth:`korus.Figure.parse`).

Text never reaches pint's expression parser, which evaluates arithmetic (``"10**10**10"`` hangs
it) and reads ``"1,5 USD"`` as 15 USD. korus reads printed numbers with one strict regular
expression over a bounded string, case-insensitive in ASCII only (so "thouſand", with a long s,
is no scale word), and hands back the parts, checked; each caller builds its own type from them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

import attrs

from korus._errors import InvalidTypeError, ParseError, UnknownCodeError
from korus._units import CURRENCIES, SCALES

#: Currency signs korus reads. "$" alone is read as US dollars, as US and Korean trade
#: publications use it; write "CAD 5" (or "5 CAD") for another dollar.
SIGNS: Final[dict[str, str]] = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW"}

#: The longest text korus reads as one printed number.
MAX_TEXT: Final = 64

#: The abbreviations of scale words that financial journalism prints: "$17.46bn", "£3.2 mn"
#: (the Financial Times' style) and "$48.2 bln", "$900 mln" (Reuters' wire style).
ABBREVIATIONS: Final[dict[str, str]] = {
    "bn": "billion",
    "mn": "million",
    "tn": "trillion",
    "bln": "billion",
    "mln": "million",
    "trln": "trillion",
}

#: Korea's scale words, by the power of ten they stand for: "277억" is 27.7 billion, as CLDR's
#: Korean prints it (and the korus command with ``--locale ko``), and as Korean newspapers do.
KOREAN_SCALES: Final[dict[str, int]] = {"만": 4, "억": 8, "조": 12}

#: The currency words after a Korean amount ("277억 달러", "53조 원"). "달러" alone is read as US
#: dollars, as "$" is.
KOREAN_CURRENCIES: Final[dict[str, str]] = {"달러": "USD", "원": "KRW"}

_PRINTED = re.compile(
    # The minus sign proper (U+2212) as well as the hyphen-minus typewriters left us.
    r"(?P<minus>-|\u2212)?"
    # A sign with a space after it, as some publishers print one ("US$ 27.7 billion").
    r"(?:(?P<sign>US\$|\$|€|£|₩) ?|(?P<pre>[A-Z]{3}) )?"
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?: ?(?P<percent>%|percent|per cent))?"
    r"(?: (?P<scale>thousand|million|billion|trillion)| ?(?P<abbreviation>bln|mln|trln|bn|mn|tn)"
    rf"| ?(?P<korean>{'|'.join(KOREAN_SCALES)}))?"
    rf"(?: (?P<post>[A-Z]{{3}})| ?(?P<word>{'|'.join(KOREAN_CURRENCIES)}))?",
    re.IGNORECASE | re.ASCII,
)


@attrs.frozen
class Printed:
    """The parts of a printed number, checked: the digits (commas dropped), their decimal
    places, the sign, the currency (an ISO 4217 code in capitals) and scale word (lower case),
    and whether it was a percentage."""

    negative: bool
    digits: str
    places: int
    currency: str | None
    scale: str | None
    percent: bool


def read_printed(text: object, *, what: str) -> Printed:
    """The parts of ``text``, or a :class:`~korus.ParseError` that says it is not ``what``
    (e.g. "an amount such as '$27.7 billion'"); nothing is evaluated.

    :raises InvalidTypeError: for anything but a str.
    :raises ParseError: for text that is no printed number, is longer than 64 characters,
        names two currencies, writes a currency code in small letters, or is a percentage with
        a scale word.

    It reads "−9.9%" (a true minus sign), "9.9 per cent", "$17.46bn" and "$48.2 bln" as printed.
    :raises UnknownCodeError: for a three-letter code that is not ISO 4217.
    """
    if not isinstance(text, str):
        raise InvalidTypeError("text", text, f"must be a str, not {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ParseError("text", text, f"is longer than {MAX_TEXT} characters for {what}")
    match = _PRINTED.fullmatch(" ".join(text.split()))
    if match is None:
        raise ParseError("text", text, f"is not {what}")
    codes = [c for c in (match["pre"], match["post"]) if c]
    for code in codes:
        # A word of three letters that is no code is named as such, not counted as a second
        # currency or taken for a code in small letters: "ABC" an unknown code, "won" or "bns"
        # a word korus does not read.
        if code.upper() not in CURRENCIES:
            if code == code.upper():
                raise UnknownCodeError("text", text, f"{code} is not an ISO 4217 currency code")
            raise ParseError(
                "text", text, f"is not {what}: {code!r} is neither a currency code nor a scale word"
            )
    if match["sign"]:
        codes.insert(0, SIGNS[match["sign"].upper()])
    if match["word"]:
        codes.append(KOREAN_CURRENCIES[match["word"]])
    if len(codes) > 1:
        raise ParseError("text", text, "names more than one currency; write e.g. '$27.7 billion'")
    currency = codes[0] if codes else None
    if currency is not None and currency != currency.upper():
        raise ParseError(
            "text", text, f"currency codes are written in capitals: {currency.upper()}"
        )
    digits = match["number"].replace(",", "")
    places = len(digits.partition(".")[2])
    scale = match["scale"] or match["abbreviation"]
    if (scale is not None or match["korean"]) and match["percent"]:
        raise ParseError("text", text, "is a percentage with a scale word; write one or the other")
    if scale is not None:
        scale = ABBREVIATIONS.get(scale.lower(), scale.lower())
    elif match["korean"]:
        digits, places, scale = _in_korus_scale(digits, places, KOREAN_SCALES[match["korean"]])
    return Printed(
        negative=bool(match["minus"]),
        digits=digits,
        places=places,
        currency=currency,
        scale=scale,
        percent=bool(match["percent"]),
    )


def _in_korus_scale(digits: str, places: int, power: int) -> tuple[str, int, str]:
    """A number of a Korean scale word (10^4, 10^8, 10^12) in the least of korus's scales that
    is as large, its point moved so that no digit is gained or lost: "277억" is 27.7 billion,
    printed to the tenth of a billion that its last digit stands for; "5만" is 0.05 million."""
    word, scale_power = min(
        ((w, p) for w, p in SCALES.items() if p >= power), key=lambda item: item[1]
    )
    shift = scale_power - power
    return f"{Decimal(digits).scaleb(-shift):f}", places + shift, word
