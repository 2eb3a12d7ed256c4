"""Checks shared by korus's records and functions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pint

from korus._errors import InvalidTypeError, InvalidValueError


def items(value: Any, field: str) -> list[Any]:
    """The elements of a collection argument, or a clear error for anything else.

    Text would iterate into characters, and a pint quantity claims to be iterable and is not.
    """
    if isinstance(value, str | bytes | pint.Quantity) or not isinstance(value, Iterable):
        raise InvalidTypeError(
            field, value, f"must be a collection of korus values, not {type(value).__name__}"
        )
    try:
        return list(value)
    except TypeError:
        raise InvalidTypeError(field, value, "could not be iterated") from None


def instance_of(
    kind: type | tuple[type, ...], field: str | None = None, *, optional: bool = False
) -> Any:
    """An attrs validator that raises korus's InvalidTypeError, naming the field (the
    attribute's own name unless ``field`` is given)."""
    names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))

    def check(instance: object, attribute: Any, value: Any) -> None:
        if (value is None and optional) or isinstance(value, kind):
            return
        expected = f"a {names}{' or None' if optional else ''}"
        raise InvalidTypeError(
            field or attribute.name, value, f"must be {expected}, not {type(value).__name__}"
        )

    return check


MAX_TEXT = 2000


def text(instance: object, attribute: Any, value: Any) -> None:
    """An attrs validator for non-empty text of bounded length."""
    if not isinstance(value, str):
        raise InvalidTypeError(attribute.name, value, f"must be a str, not {type(value).__name__}")
    if not value.strip() or len(value) > MAX_TEXT:
        raise InvalidValueError(
            attribute.name, value, f"must be non-empty text of at most {MAX_TEXT} characters"
        )


def optional_text(instance: object, attribute: Any, value: Any) -> None:
    """Like :func:`text`, or None."""
    if value is not None:
        text(instance, attribute, value)


def source_text(instance: object, attribute: Any, value: Any) -> None:
    """An attrs validator of a ``source``: text that names where a value comes from."""
    if not isinstance(value, str):
        raise InvalidTypeError("source", value, f"must be a str, not {type(value).__name__}")
    if not value.strip() or len(value) > 2000:
        raise InvalidValueError("source", value, "must name where the value comes from")


def counting(field: str, *, least: int = 0) -> Any:
    """An attrs validator of a count or a line number: an int (not a bool) of at least
    ``least``."""

    def check(instance: object, attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidTypeError(field, value, f"must be an int, not {type(value).__name__}")
        if value < least:
            raise InvalidValueError(field, value, f"must be at least {least}")

    return check
