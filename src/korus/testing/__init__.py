"""Tools for testing code that uses korus: hypothesis strategies for korus values, and writers
of files in the real formats of UN Comtrade and the US Census Bureau, so tests own their
fixtures.

Needs the ``hypothesis`` extra: ``pip install "korus-trade[hypothesis]"``.

>>> import tempfile, korus
>>> from korus.testing import write_sample_files
>>> files = write_sample_files(tempfile.mkdtemp())
>>> data = korus.readers.read_census(files.census_json, "CNT_VAL_YR")
>>> data.find("5800").flow.value
quantity('143751419', 'USD')
"""

from korus._public import publish as _publish
from korus.testing._files import (
    CensusRow,
    ComtradeRow,
    SampleFiles,
    census_json,
    census_sample,
    comtrade_api_json,
    comtrade_api_sample,
    comtrade_legacy_csv,
    comtrade_legacy_sample,
    comtrade_plus_csv,
    comtrade_sample,
    write_sample_files,
)
from korus.testing._strategies import (
    amounts,
    balances,
    bases,
    currencies,
    economies,
    exchange_rates,
    periods,
    products,
    scales,
    scopes,
    trade_flows,
)

__all__ = [
    "CensusRow",
    "ComtradeRow",
    "SampleFiles",
    "amounts",
    "balances",
    "bases",
    "census_json",
    "census_sample",
    "comtrade_api_json",
    "comtrade_api_sample",
    "comtrade_legacy_csv",
    "comtrade_legacy_sample",
    "comtrade_plus_csv",
    "comtrade_sample",
    "currencies",
    "economies",
    "exchange_rates",
    "periods",
    "products",
    "scales",
    "scopes",
    "trade_flows",
    "write_sample_files",
]

_publish(globals(), __all__, "korus.testing")
