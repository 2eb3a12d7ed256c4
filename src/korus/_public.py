"""How a korus namespace presents its names: as its own, wherever they are implemented."""

from __future__ import annotations

import contextvars
import decimal
import functools
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import attrs

from korus._errors import ImmutableError


def publish(namespace: dict[str, Any], names: Iterable[str], package: str) -> None:
    """Give each public class and function of ``namespace`` the ``package`` it is published in.

    Tracebacks then read "korus.ParseError", the docs link to korus.readers.read_comtrade, and
    pickles refer to the public path, which never moves when a private module does.
    """
    for name in names:
        obj = namespace[name]
        if isinstance(obj, types.FunctionType):
            obj = namespace[name] = in_korus_context(obj)
        elif attrs.has(obj):
            _methods_in_korus_context(obj)
        if attrs.has(obj) and getattr(obj.__setattr__, "__name__", "") == "_frozen_setattrs":
            # attrs refuses a change with its own FrozenInstanceError, which `except KorusError`
            # would not catch: korus's ImmutableError (an AttributeError too) says it instead.
            setattr(obj, "__setattr__", _refuse_change)  # noqa: B010 - a method, assigned
            setattr(obj, "__delattr__", _refuse_deletion)  # noqa: B010
        if attrs.has(obj):
            # Resolve string annotations where they were written, before the module changes:
            # "Fraction" means something in korus._figures, nothing in korus.
            attrs.resolve_types(obj)
            annotations = obj.__init__.__annotations__
            for field in attrs.fields(obj):
                if field.converter is None and isinstance(annotations.get(field.alias), str):
                    annotations[field.alias] = field.type
        if isinstance(obj, type) or callable(obj):
            module = getattr(obj, "__module__", "")
            # Only korus's own: a type alias (korus.readers.Progress, a Callable) keeps its module.
            if isinstance(module, str) and module.startswith(f"{package}._"):
                obj.__module__ = package
                wrapped = getattr(obj, "__wrapped__", None)
                if wrapped is not None:  # the function itself, which korus's modules call
                    wrapped.__module__ = package


def _refuse_change(self: object, name: str, value: Any) -> None:
    raise ImmutableError(
        name,
        value,
        f"{type(self).__name__} values never change; make a changed copy with attrs.evolve() "
        "(or the value's replace())",
    )


def _refuse_deletion(self: object, name: str) -> None:
    raise ImmutableError(name, None, f"{type(self).__name__} values never change")


#: The decimal context korus computes in, whatever its caller has set: Python's default one, a
#: fresh copy each time, so the caller's precision, rounding and traps never change an answer
#: and korus never leaves a flag set in the caller's context.
_CONTEXT: decimal.Context = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


# Whether korus's context is already in force: a public name korus calls from within itself
# (a property of a record it builds) runs as it is, without a second switch of context. A
# context variable, as decimal's own context is, so threads and asyncio tasks each have theirs.
_INSIDE: contextvars.ContextVar[bool] = contextvars.ContextVar("korus_inside", default=False)


_F = TypeVar("_F", bound=Callable[..., Any])


def context_free(function: _F) -> _F:
    """Mark ``function`` as one the caller's decimal context cannot change: every Decimal
    operation in it names its own context (a method of a Context, ``exact()``) or uses none
    (comparisons, ``as_tuple``, ``copy_abs``). korus then calls it without switching to its own
    context, which costs more than the arithmetic of a balance (tests/properties/
    test_fast_paths.py runs such functions under hostile contexts)."""
    function.__korus_context__ = True  # type: ignore[attr-defined]
    return function


def in_korus_context(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` run in korus's own decimal context; a generator it returns is stepped in
    that context too, one item at a time, so the caller's code between items runs in its own."""
    if getattr(function, "__korus_context__", False):
        return function

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if _INSIDE.get():  # called by korus itself: already in its context
            return function(*args, **kwargs)
        token = _INSIDE.set(True)
        try:
            with decimal.localcontext(_CONTEXT):
                result = function(*args, **kwargs)
        finally:
            _INSIDE.reset(token)
        if isinstance(result, types.GeneratorType):
            return _stepwise(result)
        return result

    call.__korus_context__ = True  # type: ignore[attr-defined]
    return call


def _stepwise(generator: Iterator[Any]) -> Iterator[Any]:
    while True:
        token = _INSIDE.set(True)
        try:
            with decimal.localcontext(_CONTEXT):
                try:
                    item = next(generator)
                except StopIteration:
                    return
        finally:
            _INSIDE.reset(token)
        yield item


def _methods_in_korus_context(cls: type) -> None:
    for name, member in list(vars(cls).items()):
        if name.startswith("__") and name not in ("__str__", "__format__"):
            continue
        if isinstance(member, property) and member.fget is not None:
            setattr(
                cls,
                name,
                property(in_korus_context(member.fget), member.fset, member.fdel, member.__doc__),
            )
        elif isinstance(member, classmethod | staticmethod):
            setattr(cls, name, type(member)(in_korus_context(member.__func__)))
        elif isinstance(member, types.FunctionType):
            setattr(cls, name, in_korus_context(member))
