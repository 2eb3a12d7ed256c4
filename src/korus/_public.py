"""How a korus namespace presents its names: as its own, wherever they are implemented."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from korus._errors import ImmutableError


def publish(namespace: dict[str, Any], names: Iterable[str], package: str) -> None:
    """Give each public class and function of ``namespace`` the ``package`` it is published in.

    Tracebacks then read "korus.ParseError", the docs link to korus.readers.read_comtrade, and
    pickles refer to the public path, which never moves when a private module does.
    """
    for name in names:
        obj = namespace[name]
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


def _refuse_change(self: object, name: str, value: Any) -> None:
    raise ImmutableError(
        name,
        value,
        f"{type(self).__name__} values never change; make a changed copy with attrs.evolve() "
        "(or the value's replace())",
    )


def _refuse_deletion(self: object, name: str) -> None:
    raise ImmutableError(name, None, f"{type(self).__name__} values never change")
