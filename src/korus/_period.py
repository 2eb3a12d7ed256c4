"""Periods of account: a year, a quarter or a month."""

from __future__ import annotations

import datetime
import re
from typing import Any, Final

import attrs

from korus._enum import KorusEnum
from korus._errors import InvalidTypeError, InvalidValueError, MismatchError, ParseError


class Frequency(KorusEnum):
    """How long a period is: a year, a quarter or a month.

    >>> Period(2017, month=7).frequency
    Frequency.MONTHLY
    """

    ANNUAL = "annual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"


MIN_YEAR: Final = 1800
MAX_YEAR: Final = 2200


def _check_year(instance: Period, attribute: attrs.Attribute[int], value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError("year", value, f"must be an int, not {type(value).__name__}")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidValueError("year", value, f"must be between {MIN_YEAR} and {MAX_YEAR}")


def _check_part(limit: int) -> Any:
    def check(instance: Period, attribute: attrs.Attribute[int | None], value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidTypeError(
                attribute.name, value, f"must be an int or None, not {type(value).__name__}"
            )
        if not 1 <= value <= limit:
            raise InvalidValueError(attribute.name, value, f"must be between 1 and {limit}")

    return check


_PERIOD_TEXT = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?"
)


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Period:
    """A period of account: a calendar year, or a quarter or month of one.

    Periods of the same frequency are ordered; comparing a year with a month raises
    :class:`~korus.MismatchError`, since neither comes before the other.

    >>> Period(2016)
    Period(2016)
    >>> Period(2016, month=7) < Period(2016, month=12)
    True
    >>> Period.parse("2017-Q3"), Period(2016).previous()
    (Period(2017, quarter=3), Period(2015))
    >>> Period(2016).contains(datetime.date(2016, 7, 12))
    True
    """

    year: int = attrs.field(validator=_check_year)
    quarter: int | None = attrs.field(default=None, kw_only=True, validator=_check_part(4))
    month: int | None = attrs.field(default=None, kw_only=True, validator=_check_part(12))

    def __attrs_post_init__(self) -> None:
        if self.quarter is not None and self.month is not None:
            raise InvalidValueError(
                "month", self.month, "a period has a quarter or a month, not both"
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``"2016"``, ``"2016-Q3"`` or ``"2016-07"``.

        >>> Period.parse("2016-07")
        Period(2016, month=7)
        """
        if not isinstance(text, str):
            raise InvalidTypeError("period", text, f"must be a str, not {type(text).__name__}")
        match = _PERIOD_TEXT.fullmatch(text.strip()) if len(text) <= 16 else None
        if match is None:
            raise ParseError("period", text, "must read like '2016', '2016-Q3' or '2016-07'")
        quarter, month = match["quarter"], match["month"]
        return cls(
            int(match["year"]),
            quarter=int(quarter) if quarter else None,
            month=int(month) if month else None,
        )

    @property
    def frequency(self) -> Frequency:
        """A year, a quarter or a month."""
        if self.month is not None:
            return Frequency.MONTHLY
        if self.quarter is not None:
            return Frequency.QUARTERLY
        return Frequency.ANNUAL

    @property
    def start(self) -> datetime.date:
        """The first day of the period."""
        if self.month is not None:
            return datetime.date(self.year, self.month, 1)
        if self.quarter is not None:
            return datetime.date(self.year, 3 * self.quarter - 2, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return self.next().start - datetime.timedelta(days=1)

    def contains(self, day: datetime.date) -> bool:
        """Whether ``day`` falls within the period."""
        if not isinstance(day, datetime.date):
            raise InvalidTypeError("day", day, f"must be a datetime.date, not {type(day).__name__}")
        if isinstance(day, datetime.datetime):
            day = day.date()
        return self.start <= day <= self.end

    def _ordinal(self) -> int:
        if self.month is not None:
            return self.year * 12 + self.month - 1
        if self.quarter is not None:
            return self.year * 4 + self.quarter - 1
        return self.year

    @classmethod
    def _from_ordinal(cls, frequency: Frequency, ordinal: int) -> Period:
        if frequency is Frequency.MONTHLY:
            return cls(ordinal // 12, month=ordinal % 12 + 1)
        if frequency is Frequency.QUARTERLY:
            return cls(ordinal // 4, quarter=ordinal % 4 + 1)
        return cls(ordinal)

    def months(self) -> tuple[Period, ...]:
        """The months the period is made of, in order.

        >>> [str(m) for m in Period(2016, quarter=3).months()]
        ['2016-07', '2016-08', '2016-09']
        """
        if self.month is not None:
            return (self,)
        first = 1 if self.quarter is None else 3 * self.quarter - 2
        count = 12 if self.quarter is None else 3
        return tuple(Period(self.year, month=m) for m in range(first, first + count))

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return self._from_ordinal(self.frequency, self._ordinal() - 1)

    def next(self) -> Period:
        """The period of the same length just after this one."""
        return self._from_ordinal(self.frequency, self._ordinal() + 1)

    def years_until(self, other: Period) -> int:
        """Whole years from this annual period to ``other`` (negative if ``other`` is earlier)."""
        if self.frequency is not Frequency.ANNUAL or not isinstance(other, Period):
            raise MismatchError("period", self, "years_until() takes two annual periods")
        if other.frequency is not Frequency.ANNUAL:
            raise MismatchError("period", other, "years_until() takes two annual periods")
        return other.year - self.year

    def _key(self, other: object) -> tuple[int, int] | None:
        if not isinstance(other, Period):
            return None
        if other.frequency != self.frequency:
            raise MismatchError(
                "period",
                other,
                f"cannot be ordered against {self!r}: a {other.frequency.value} period does not "
                f"come before or after a {self.frequency.value} one",
            )
        return self._ordinal(), other._ordinal()

    def __lt__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] < key[1]

    def __le__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] <= key[1]

    def __gt__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] > key[1]

    def __ge__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] >= key[1]

    def __repr__(self) -> str:
        if self.month is not None:
            return f"Period({self.year}, month={self.month})"
        if self.quarter is not None:
            return f"Period({self.year}, quarter={self.quarter})"
        return f"Period({self.year})"

    def __str__(self) -> str:
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)
