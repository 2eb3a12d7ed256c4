"""Economies: the reporters and partners of trade flows, identified by ISO 3166-1 alpha-3."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, ClassVar, Final

import attrs
import pycountry

from korus._errors import InvalidTypeError, InvalidValueError, UnknownCodeError
from korus._tables import table_rows

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


#: How many economies a refused name lists that it may have meant.
_MOST_CANDIDATES: Final = 5

#: Economies without an ISO 3166-1 code, by the user-assigned code statistical offices share
#: (the World Bank, Eurostat and the IMF write Kosovo "XKX").
UNLISTED: Final[dict[str, str]] = {"XKX": "Kosovo"}


@functools.cache
def _iso_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


#: korus's tables of the codes UN Comtrade and the US Census Bureau give economies (package
#: data, their sources in ``korus/data/README.md``), read here for the names they write.
_SOURCE_TABLES: Final = ("comtrade_economies.csv", "census_countries.csv")

#: The languages of CLDR's names of economies that korus reads (babel's copy of CLDR): English,
#: and Korean, which the korus command writes with ``--locale ko`` (a test holds the command's
#: locales to this list, so that what it writes reads back).
CLDR_LANGUAGES: Final = ("en", "ko")

#: A Census name with another in parentheses: "Burma (Myanmar)", "South Korea (Republic of Korea)".
_ALSO_CALLED: Final = re.compile(r"(.+?) \((.+)\)")

#: ISO 3166's inverted names, "Korea, Republic of", "Congo, The Democratic Republic of the",
#: which the UN writes in their natural order ("Republic of Korea").
_INVERTED: Final = re.compile(r"(.+?), (.+ of(?: the)?)")

#: Words that never tell two economies apart, which names write or leave out at will: "the
#: Netherlands", "Bosnia & Herzegovina".
_NEUTRAL_WORDS: Final = frozenset({"the", "and"})


def _key(text: str) -> tuple[str, ...]:
    """The words a name is matched by: casefolded, accents and punctuation dropped, "the" and
    "and" ignored, "St." read as "Saint", and initials joined ("U.S." is "US")."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    words: list[str] = []
    initials = False  # whether the last word is a run of single letters: "u" of "U.S."
    for word in re.findall(r"\w+", plain):
        if word in _NEUTRAL_WORDS:
            continue
        if len(word) == 1 and initials:
            words[-1] += word
            continue
        initials = len(word) == 1
        words.append("saint" if word == "st" else word)
    return tuple(words)


@functools.cache
def _names() -> tuple[tuple[str, str], ...]:
    """Every name korus knows an economy by, with its code, in the order a name is taken from:
    korus's own (the world, Kosovo, Comtrade's areas), ISO 3166's, the sources' (Comtrade's
    "Rep. of Korea", the Census's "Turkey", "Burma (Myanmar)", "Burma" and "Myanmar", and its
    API's "KOREA, SOUTH"), then CLDR's ("Ivory Coast", "UK", "대한민국")."""
    names = [(name, code) for code, name in (AGGREGATES | UNLISTED | AREAS).items()]
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            if iso_name := getattr(country, field, None):
                names.append((str(iso_name), str(country.alpha_3)))
                if inverted := _INVERTED.fullmatch(str(iso_name)):
                    names.append((f"{inverted[2]} {inverted[1]}", str(country.alpha_3)))
    for table in _SOURCE_TABLES:
        for row in table_rows(table):
            if row["iso3"]:
                both = _ALSO_CALLED.fullmatch(row["name"])
                names.extend(
                    (n, row["iso3"]) for n in (row["name"], *(both.groups() if both else ()))
                )
                # The Census API's own name, whole: "CONGO (KINSHASA)" is not "CONGO".
                if row.get("api_name"):
                    names.append((row["api_name"], row["iso3"]))
    names.extend(_cldr_names())
    return tuple(names)


#: CLDR's other English names of economies, which babel leaves out of its copy: "Ivory Coast",
#: "Swaziland", "UK" (package data, its source in ``korus/data/README.md``).
_CLDR_VARIANTS: Final = "cldr_territory_variants.csv"


def _cldr_names() -> list[tuple[str, str]]:
    """CLDR's names of the economies with ISO codes, in :data:`CLDR_LANGUAGES`."""
    from babel import Locale  # only a name no other table knows needs babel's data

    by_alpha_2 = {str(c.alpha_2): str(c.alpha_3) for c in pycountry.countries}
    names = [
        (name, by_alpha_2[alpha_2])
        for language in CLDR_LANGUAGES
        for alpha_2, name in Locale.parse(language).territories.items()
        if alpha_2 in by_alpha_2
    ]
    names.extend((row["name"], by_alpha_2[row["iso2"]]) for row in table_rows(_CLDR_VARIANTS))
    return names


@functools.cache
def _name_index() -> dict[tuple[str, ...], str]:
    """Each name's words to the code of its economy, the first name of those words taken: built
    on the first name a code does not find. No words stand for two economies (a test holds
    every name korus knows to it)."""
    index: dict[tuple[str, ...], str] = {}
    for name, code in _names():
        if key := _key(name):
            index.setdefault(key, code)
    return index


@functools.cache
def _known_names() -> tuple[tuple[tuple[str, ...], str], ...]:
    """The words of every name korus knows, with its code: made once, as a refused name searches
    them all for the names it is part of."""
    return tuple((_key(name), code) for name, code in _names())


def _candidates(text: str) -> list[str]:
    """The economies whose names hold the words of ``text``, in order, as whole words: what a
    reader who wrote "Korea" may have meant (both Koreas), never a guess taken as an answer."""
    wanted = _key(text)
    n = len(wanted)
    found = {
        code
        for words, code in _known_names()
        if n and any(words[i : i + n] == wanted for i in range(len(words) - n + 1))
    }
    return sorted(found)


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
        """Find an economy by alpha-2, alpha-3 or numeric code, or by name: the names ISO 3166
        gives, those UN Comtrade and the US Census Bureau write in their files ("Rep. of
        Korea", "Turkey", "Burma"), and CLDR's in English and Korean ("UK", "Ivory Coast",
        "대한민국"). A name is matched by its words, in any case, with or without accents,
        "the" and "and" ("the Netherlands", "Bosnia & Herzegovina"); "St." is "Saint".

        A text that is no name, but part of some, is refused with the economies it may mean:
        "Korea" is two.

        >>> Economy.lookup("840"), Economy.lookup("us"), Economy.lookup("World")
        (Economy('USA'), Economy('USA'), Economy('WLD'))
        >>> Economy.lookup("Rep. of Korea"), Economy.lookup("Burma"), Economy.lookup("the U.K.")
        (Economy('KOR'), Economy('MMR'), Economy('GBR'))
        >>> Economy.lookup("Korea")
        Traceback (most recent call last):
        ...
        korus.UnknownCodeError: economy='Korea': is no code or name of an economy that korus knows; did you mean South Korea (KOR) or North Korea (PRK)?
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
            return cls(pycountry.countries.lookup(key).alpha_3)
        except LookupError:
            pass
        named = _name_index().get(_key(key))
        if named is not None:
            return cls(named)
        reason = "is no code or name of an economy that korus knows"
        candidates = [cls(candidate) for candidate in _candidates(key)]
        if candidates:
            listed = [f"{e.name} ({e.code})" for e in candidates[:_MOST_CANDIDATES]]
            more = len(candidates) - len(listed)
            last = f" or {listed.pop()}" if len(listed) > 1 and not more else ""
            reason += f"; did you mean {', '.join(listed)}{last}"
            reason += f", or {more} more?" if more else "?"
        raise UnknownCodeError("economy", text, reason)

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
