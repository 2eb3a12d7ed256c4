"""The tables korus ships as package data (``korus/data``, each file's source in its README),
read once a process: the core reads the Comtrade and Census tables for the names of economies,
:mod:`korus.readers` for their codes."""

from __future__ import annotations

import csv
import functools
import importlib.resources


@functools.cache
def table_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of the CSV table ``name`` in ``korus/data``, each a dict by its header."""
    text = importlib.resources.files("korus.data").joinpath(name).read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))
