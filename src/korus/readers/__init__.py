"""Reading the files trade data come in: UN Comtrade (Comtrade+ CSV exports and API responses,
legacy comtrade.un.org CSV) and the US Census Bureau's international trade API.

Every row lands in one place: a flow, an aggregate (a world total or a grouping, kept as a check
of its parts), a breakdown (one part of a total, by port, customs procedure, mode of transport
or second partner), or a rejected row with its line, column, value and reason; the counts
always add up. Sources' own codes are read through crosswalks to ISO 3166.

>>> from korus import readers
>>> data = readers.read_comtrade(readers.sample_file("comtrade_csv"))
>>> data.rows == len(data.flows) + len(data.aggregates) + len(data.breakdowns) + len(data.rejected)
True
"""

from korus._public import publish as _publish
from korus.readers._census import (
    CensusData,
    CensusRecord,
    census_measure,
    iter_census,
    read_census,
)
from korus.readers._comtrade import iter_comtrade, read_comtrade, read_comtrade_json
from korus.readers._comtrade_columns import COLUMNS as COMTRADE_COLUMNS
from korus.readers._comtrade_columns import LEGACY_COLUMNS as COMTRADE_LEGACY_COLUMNS
from korus.readers._comtrade_data import ComtradeData, ComtradeRecord, Mirror, WorldCheck
from korus.readers._crosswalk import (
    CodeKind,
    Source,
    SourceCode,
    census_code,
    comtrade_code,
    source_codes,
)
from korus.readers._reading import PartsCheck, Progress, RejectedRow, progress_bar
from korus.readers._samples import sample_file

__all__ = [
    "COMTRADE_COLUMNS",
    "COMTRADE_LEGACY_COLUMNS",
    "CensusData",
    "CensusRecord",
    "CodeKind",
    "ComtradeData",
    "ComtradeRecord",
    "Mirror",
    "PartsCheck",
    "Progress",
    "RejectedRow",
    "Source",
    "SourceCode",
    "WorldCheck",
    "census_code",
    "census_measure",
    "comtrade_code",
    "iter_census",
    "iter_comtrade",
    "progress_bar",
    "read_census",
    "read_comtrade",
    "read_comtrade_json",
    "sample_file",
    "source_codes",
]

_publish(globals(), __all__, "korus.readers")
