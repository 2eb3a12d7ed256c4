"""The exceptions korus raises.

Every error korus raises on purpose is a :class:`korus.KorusError`, and each is also the builtin
exception a Python programmer would expect for that kind of mistake, so that
``except ValueError`` keeps working in code that knows nothing of korus::

    KorusError
    ├── InvalidValueError        (ValueError)   a value its field does not allow
    │   └── ParseError                          text that is not what it claims to be
    ├── InvalidTypeError         (TypeError)    a value of the wrong type: a float, a foreign
    │                                           pint quantity, a string where a record belongs
    ├── UnknownCodeError         (LookupError)  an unknown currency, economy or product code
    ├── MismatchError            (ValueError)   values that must not be combined: two reporters,
    │   │                                       two periods, a part larger than its whole ...
    │   └── CurrencyMismatchError (TypeError)   two currencies without an exchange rate
    ├── UndefinedResultError     (ValueError)   a question with no meaningful answer: a change
    │                                           from zero, a percent change across a sign
    ├── ImmutableError           (AttributeError) an attempt to change a korus value in place
    └── FetchError               (ConnectionError) a source that gave no complete answer: a
                                                refusal (a bad key, a bad query), faults past
                                                every retry, an answer cut short or capped

Each error names the field (or argument) and the offending value; the message is built from
them, so ``err.field`` and ``err.value`` are there for programs and ``str(err)`` for people.
"""

from __future__ import annotations

from typing import Any

# A hostile 10 kB string must not become a 10 kB error message.
_MAX_REPR = 80


def _short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    if len(text) > _MAX_REPR:
        text = f"{text[: _MAX_REPR - 20]}...<{len(text)} characters>"
    return text


class KorusError(Exception):
    """Base class of every error korus raises on purpose.

    :param field: the field or argument that holds the bad value, e.g. ``"value"``.
    :param value: the offending value itself.
    :param reason: what is wrong with it, in words, e.g. ``"must not be negative"``.

    >>> err = KorusError("value", -1, "must not be negative")
    >>> str(err)
    'value=-1: must not be negative'
    >>> err.field, err.value
    ('value', -1)
    """

    field: str
    value: Any
    reason: str

    def __init__(self, field: str, value: Any, reason: str) -> None:
        super().__init__(field, value, reason)
        self.field = field
        self.value = value
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.field}={_short_repr(self.value)}: {self.reason}"


class InvalidValueError(KorusError, ValueError):
    """A value that its field does not allow: negative, not finite, out of range."""


class ParseError(InvalidValueError):
    """Text that does not read as what it should, such as an amount like ``"$27.7 billion"``."""


class InvalidTypeError(KorusError, TypeError):
    """A value of the wrong type, such as a ``float`` where an exact amount is needed."""


class UnknownCodeError(KorusError, LookupError):
    """A code that no table korus knows contains: currency, economy or product."""


class MismatchError(KorusError, ValueError):
    """Values that must not be combined: flows of two reporters, periods or directions."""


class CurrencyMismatchError(MismatchError, TypeError):
    """Amounts in two currencies combined without an explicit exchange rate."""


class UndefinedResultError(KorusError, ValueError):
    """A calculation that has no meaningful result for these inputs."""


class ImmutableError(KorusError, AttributeError):
    """An attempt to change a korus value in place; korus values never change."""


class FetchError(KorusError, ConnectionError):
    """A source that gave no complete answer (:mod:`korus.fetch`): the API refused the request
    (its own message is the reason), faults went on past every retry, or the answer was cut
    short, capped or not what was asked for. An answer korus cannot vouch for is never
    returned."""
