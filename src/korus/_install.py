"""Where korus comes from: its distribution name on PyPI, and the install hints built from it.

The import name is ``korus``; the name ``korus`` on PyPI belongs to an unrelated project, so
korus is published as ``korus-trade``. Every hint korus prints is made here, and a test
(``tests/unit/test_install_hints.py``) fails on any hint in the code or docs naming another.
"""

from __future__ import annotations

from typing import Final

#: The name to ``pip install``.
DISTRIBUTION: Final = "korus-trade"


def install_hint(extra: str | None = None) -> str:
    """The command that installs korus, with an extra: ``pip install "korus-trade[polars]"``."""
    return f'pip install "{DISTRIBUTION}[{extra}]"' if extra else f"pip install {DISTRIBUTION}"
