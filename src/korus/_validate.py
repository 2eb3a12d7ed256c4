"""Checks shared by korus's records and functions."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TypeVar

import attrs
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


_T = TypeVar("_T")


def unchecked(cls: type[_T], *values: Any) -> _T:
    """An instance of the frozen attrs class ``cls`` with its fields set to ``values`` (in the
    order of its fields, every one given), without running its validators or
    ``__attrs_post_init__``: for korus's fast paths, where every value has been checked already
    (two flows' parts, a row's columns). Each use is held to the constructor by a property test.
    """
    return _MAKERS[cls](*values)  # type: ignore[no-any-return]


def unchecked_maker(cls: type[_T]) -> Callable[..., _T]:
    """:func:`unchecked` for one class, as a function: for loops over many rows."""
    return _MAKERS[cls]


class _Makers(dict[type, Callable[..., Any]]):
    """For each class, a function that sets its slots directly, written once as attrs writes
    its ``__init__``: a loop over the fields would cost as much as the checks it skips."""

    def __missing__(self, cls: type) -> Callable[..., Any]:
        fields = [f.name for f in attrs.fields(cls)]
        slots = [s for k in cls.__mro__ for s in getattr(k, "__slots__", ()) if s != "__weakref__"]
        # The slots that are not fields hold attrs's cached hash: not yet computed.
        cached = [s for s in slots if s not in fields]
        setters = {
            f"_set_{n}": next(k.__dict__[s] for k in cls.__mro__ if s in k.__dict__).__set__
            for n, s in enumerate(fields + cached)
        }
        names = [f"v{n}" for n in range(len(fields))]
        body = [f"    _set_{n}(made, {v})" for n, v in enumerate(names)]
        body += [f"    _set_{n}(made, None)" for n in range(len(fields), len(fields) + len(cached))]
        source = f"def make({', '.join(names)}):\n    made = _new(_cls)\n"
        source += "\n".join(body) + "\n    return made\n"
        namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **setters}
        exec(compile(source, f"<korus unchecked {cls.__name__}>", "exec"), namespace)
        made: Callable[..., Any] = namespace["make"]
        self[cls] = made
        return made


_MAKERS: Final = _Makers()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused, and then as it was. Building a million
    records sets it off thousands of times, each time going over records built before: 40 %
    of the read, measured. Records hold no cycles, so nothing waits to be collected. (The
    collector goes over them once more, later, as over any objects a program keeps.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
