"""The base of korus's enumerations: members whose repr reads back."""

from __future__ import annotations

import enum
from typing import Any, Self

from korus._errors import InvalidTypeError, InvalidValueError


class _KorusEnumType(enum.EnumType):
    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs and isinstance(value, int) and value.bit_length() > 64:
            # enum.Enum formats repr(value) before _missing_ runs, which fails past Python's
            # limit on the digits of an int; no member of korus's is such a number anyway.
            raise InvalidValueError(cls.__name__, value, "is no member")
        return super().__call__(value, *args, **kwargs)


class KorusEnum(enum.Enum, metaclass=_KorusEnumType):
    """An enumeration whose repr is the expression that names the member."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # Direction("sideways") raises korus's error (still a ValueError), naming the choices.
        choices = ", ".join(repr(m.value) for m in cls)
        raise InvalidValueError(cls.__name__, value, f"must be one of {choices}")

    @classmethod
    def coerce(cls, value: Any, field: str) -> Self:
        """The member for ``value``: a member, its value (``"export"``) or its name."""
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise InvalidTypeError(
                field, value, f"must be a {cls.__name__} or a str, not {type(value).__name__}"
            )
        for member in cls:
            if value == member.value or value.upper() == member.name:
                return member
        choices = ", ".join(repr(m.value) for m in cls)
        raise InvalidValueError(field, value, f"must be one of {choices}")
