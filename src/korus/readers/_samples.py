"""The sample files korus ships: one small file in each format the readers read.

korus writes them itself, in the real formats, from its fixture data (``korus.testing``): a few
published figures, quoted with their sources in ``korus/data/README.md``, among made-up partners.
They are package data, so every example in the docs runs from an installed wheel.
"""

from __future__ import annotations

import importlib.resources
import pathlib
from typing import Final

from korus._errors import InvalidTypeError, UnknownCodeError

#: Each sample's kind, and its file in ``korus/data/samples``.
SAMPLE_FILES: Final = {
    "comtrade_csv": "comtradeplus_2022_TOTAL_CHN-DEU-USA.csv",
    "comtrade_json": "comtrade_api_2010_CHN.json",
    "comtrade_legacy": "comtrade_legacy_2016_HS01.csv",
    "census_json": "census_exports_porths_HS10_2024-12.json",
}


def sample_file(kind: str) -> pathlib.Path:
    """The path of one of korus's sample files, to read as you would your own.

    :param kind: ``"comtrade_csv"`` (a Comtrade+ CSV export: China, Germany and the United
        States against twelve partners, 2022), ``"comtrade_json"`` (a Comtrade+ API response),
        ``"comtrade_legacy"`` (a legacy comtrade.un.org CSV) or ``"census_json"`` (a Census
        API response of exports by port).
    :raises UnknownCodeError: for another kind.

    >>> from korus.readers import read_comtrade, sample_file
    >>> sample_file("comtrade_csv").name
    'comtradeplus_2022_TOTAL_CHN-DEU-USA.csv'
    >>> read_comtrade(sample_file("comtrade_csv")).find("USA", "KOR", "export").flow.value
    quantity('71469488662', 'USD')
    """
    if not isinstance(kind, str):
        raise InvalidTypeError("kind", kind, f"must be a str, not {type(kind).__name__}")
    try:
        name = SAMPLE_FILES[kind]
    except KeyError:
        raise UnknownCodeError(
            "kind", kind, f"is not a sample korus ships: {', '.join(SAMPLE_FILES)}"
        ) from None
    # Wheels install onto the file system, so the resource is a file with a path of its own.
    folder = importlib.resources.files("korus.data").joinpath("samples")
    return pathlib.Path(str(folder.joinpath(name)))
