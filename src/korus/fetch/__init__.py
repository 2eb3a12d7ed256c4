"""Fetching from the sources: the UN Comtrade API and the US Census Bureau's international
trade API, cached so that an analysis re-runs on the bytes it first ran on.

Every answer is kept in a :class:`Cache` with the request, the time it was retrieved and the
SHA-256 of its bytes; a query whose answer would pass the API's cap is split until none does;
transient faults are retried with backoff, as long as a rate limit asks; and every answer is
read by korus's strict reader, its flows carrying where and when they were fetched. Needs the
``fetch`` extra (httpx and stamina).

>>> from korus import fetch
>>> query = fetch.ComtradeQuery(["USA"], [2021, 2022], partners=["KOR"], flows=["export"])
>>> [part.periods for part in query.split()]  # a query over the cap, asked again in halves
[(Period(2021),), (Period(2022),)]
"""

from korus._install import install_hint as _install_hint
from korus._public import publish as _publish

try:
    import httpx as _httpx  # noqa: F401 - here to say what is missing, once
    import stamina as _stamina  # noqa: F401
except ImportError as _missing:
    raise ImportError(
        f"korus.fetch needs httpx and stamina ({_missing.name} is missing): "
        f"{_install_hint('fetch')}"
    ) from None
from korus.fetch._cache import Cache, CacheEntry, Request
from korus.fetch._census import (
    CENSUS_API,
    CENSUS_KEY_VARIABLES,
    DATASETS,
    CensusFetched,
    CensusQuery,
    census_key,
    fetch_census,
)
from korus.fetch._comtrade import (
    COMTRADE_API,
    KEY_VARIABLES,
    KEYED_CAP,
    PREVIEW_CAP,
    ComtradeFetched,
    ComtradeQuery,
    comtrade_key,
    fetch_comtrade,
)
from korus.fetch._http import Answer, Client

__all__ = [
    "CENSUS_API",
    "CENSUS_KEY_VARIABLES",
    "COMTRADE_API",
    "DATASETS",
    "KEYED_CAP",
    "KEY_VARIABLES",
    "PREVIEW_CAP",
    "Answer",
    "Cache",
    "CacheEntry",
    "CensusFetched",
    "CensusQuery",
    "Client",
    "ComtradeFetched",
    "ComtradeQuery",
    "Request",
    "census_key",
    "comtrade_key",
    "fetch_census",
    "fetch_comtrade",
]

_publish(globals(), __all__, "korus.fetch")
