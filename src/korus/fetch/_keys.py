"""Where keys come from: the caller, the environment, or a keys file readable by its owner
alone; never the command line, never a log."""

from __future__ import annotations

import os
import pathlib
import stat
import tomllib
from collections.abc import Iterable

from korus._errors import FetchError


def keys_file() -> pathlib.Path:
    """The keys file: ``KORUS_KEYS_FILE``, else ``keys.toml`` in korus's folder of the user's
    configuration (``$XDG_CONFIG_HOME/korus``, by default ``~/.config/korus``)."""
    named = os.environ.get("KORUS_KEYS_FILE")
    if named:
        return pathlib.Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or pathlib.Path.home() / ".config"
    return pathlib.Path(base) / "korus" / "keys.toml"


def find_key(given: str | None, variables: Iterable[str], name: str) -> str | None:
    """``given``, else the first of ``variables`` set in the environment, else ``name`` in the
    ``[keys]`` table of :func:`keys_file` (``comtrade = "..."``), else None. A keys file that
    others can read is refused: a key is a secret."""
    if given is not None:
        return given
    for variable in variables:
        if os.environ.get(variable):
            return os.environ[variable]
    path = keys_file()
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise FetchError(
            "keys file", str(path), "can be read by others: chmod 600 it (a key is a secret)"
        )
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FetchError("keys file", str(path), f"cannot be read: {error}") from None
    key = document.get("keys", {}).get(name) if isinstance(document.get("keys"), dict) else None
    if key is not None and not isinstance(key, str):
        raise FetchError("keys file", str(path), f"gives a {name} key that is not text")
    return key or None
