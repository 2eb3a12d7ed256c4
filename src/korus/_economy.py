"""Economies: the reporters and partners of trade flows, identified by ISO 3166-1 alpha-3."""

from __future__ import annotations

import functools
from typing import Any, ClassVar, Final

import attrs
import pycountry

from korus._errors import InvalidTypeError, InvalidValueError, UnknownCodeError

#: Codes that are not countries but stand for a total over partners. "WLD" is the code the
#: World Bank and UN use for the world as a whole.
AGGREGATES: Final[dict[str, str]] = {"WLD": "World"}

#: Areas that are not economies but appear as partners in trade statistics: UN Comtrade's
#: "nes" (not elsewhere specified) areas and bunkers, by the codes Comtrade gives them (its
#: partnerISO column, trailing spaces dropped). Trade with them is real and sums into the
#: world total, but they are neither countries nor totals.
AREAS: Final[dict[str, str]] = {
    "A59": "North America and Central America, nes",
    "A79": "LAIA, nes",
    "E19": "Other Europe, nes",
    "F19": "Other Africa, nes",
    "S19": "Other Asia, nes",
    "X1": "Bunkers",
    "_X": "Areas, nes",
}


#: Economies without an ISO 3166-1 code, by the user-assigned code statistical offices share
#: (the World Bank, Eurostat and the IMF write Kosovo "XKX").
UNLISTED: Final[dict[str, str]] = {"XKX": "Kosovo"}


@functools.cache
def _iso_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def _check_code(instance: Economy, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            "code", value, f"must be an ISO 3166-1 alpha-3 str, not {type(value).__name__}"
        )
    if value in AREAS:
        return
    if len(value) != 3 or not value.isascii() or not value.isupper() or not value.isalpha():
        raise InvalidValueError(
            "code", value, "must be three capital letters (ISO 3166-1 alpha-3), e.g. 'KOR'"
        )
    if value not in AGGREGATES and value not in UNLISTED and _iso_name(value) is None:
        raise UnknownCodeError("code", value, "is not an ISO 3166-1 alpha-3 country code")


@attrs.frozen(repr=False, cache_hash=True)
class Economy:
    """An economy that reports or partners in trade, by its ISO 3166-1 alpha-3 code.

    Two economies are equal when their codes are; the name is for people and defaults to the
    ISO 3166 common name. ``Economy.WORLD`` ("WLD") is the total over all partners: an
    *aggregate*, never summed with its parts.

    >>> Economy("KOR")
    Economy('KOR')
    >>> Economy("KOR").name
    'South Korea'
    >>> Economy.lookup("kr") == Economy.lookup("Korea, Republic of") == Economy("KOR")
    True
    >>> Economy.WORLD.is_aggregate
    True
    """

    code: str = attrs.field(validator=_check_code)
    name: str = attrs.field(default=None, eq=False, order=False, kw_only=True)

    WORLD: ClassVar[Economy]

    def __attrs_post_init__(self) -> None:
        name: object = self.name  # typed str for readers; callers can pass anything
        if name is None:
            name = (
                AGGREGATES.get(self.code)
                or AREAS.get(self.code)
                or UNLISTED.get(self.code)
                or _iso_name(self.code)
            )
            object.__setattr__(self, "name", name)
        elif not isinstance(name, str) or not name.strip():
            raise InvalidValueError("name", name, "must be a non-empty str")

    @classmethod
    def lookup(cls, text: str) -> Economy:
        """Find an economy by alpha-2, alpha-3 or numeric code, or by name, in any case.

        >>> Economy.lookup("840"), Economy.lookup("us"), Economy.lookup("World")
        (Economy('USA'), Economy('USA'), Economy('WLD'))
        """
        if not isinstance(text, str):
            raise InvalidTypeError("economy", text, f"must be a str, not {type(text).__name__}")
        key = text.strip()
        if not key or len(key) > 100:
            raise InvalidValueError("economy", text, "must be a code or a name of an economy")
        # Every code Economy() accepts is found here too: the world, Kosovo's XKX, the areas.
        for code, name in (AGGREGATES | UNLISTED | AREAS).items():
            if key.upper() == code.upper() or key.casefold() == name.casefold():
                return cls(code)
        try:
            country = pycountry.countries.lookup(key)
        except LookupError:
            raise UnknownCodeError(
                "economy", text, "is not an ISO 3166-1 code or name of a country"
            ) from None
        return cls(country.alpha_3)

    @property
    def is_area(self) -> bool:
        """Whether this is an area that is no economy: a "nes" area or bunkers.

        >>> Economy("S19").name, Economy("S19").is_area
        ('Other Asia, nes', True)
        """
        return self.code in AREAS

    @property
    def is_aggregate(self) -> bool:
        """Whether this stands for a total over economies (the world) rather than one."""
        return self.code in AGGREGATES

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Economy):
            return NotImplemented
        return self.code < other.code

    def __repr__(self) -> str:
        return f"Economy({self.code!r})"

    def __str__(self) -> str:
        return self.name


Economy.WORLD = Economy("WLD")
