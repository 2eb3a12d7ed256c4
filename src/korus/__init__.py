"""korus: typed, exact, currency-safe bilateral trade figures.

The core is this namespace: amounts (pint quantities of korus's own registry with Decimal
magnitudes: every currency its own dimension, sums exact, conversion only through an explicit,
dated :class:`ExchangeRate`), records (:class:`TradeFlow`, :class:`Balance`, ...: immutable
attrs classes), calculations (pure functions) and published figures with their rounding. Each
other domain is a public submodule over private modules of its own:

- :mod:`korus.readers`: UN Comtrade and US Census files into flows, nothing lost or counted twice;
- :mod:`korus.claims`: published figures and claims about them, checked within rounding;
- :mod:`korus.agreements`: trade agreements and their procedures (the KORUS Joint Committee);
- :mod:`korus.analysis`: the mirror decomposition and trade indices (HHI, RCA, intensity);
- :mod:`korus.columnar`: the calculations over tables, on Polars, DuckDB or Spark;
- :mod:`korus.fetch`: the UN Comtrade and Census APIs, cached, so analyses re-run on the same bytes;
- :mod:`korus.testing`: hypothesis strategies and files in the sources' formats, for tests.

>>> import korus
>>> goods = korus.Balance.of("USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion")
>>> korus.deficit(goods)
quantity('27.6', 'billion USD')
"""

import importlib as _importlib
import typing as _typing
import warnings as _warnings

from korus._adjustment import ValuationAdjustment
from korus._basis import (
    Basis,
    HSEdition,
    StatisticalBasis,
    TradeSystem,
    TransportMode,
    Treatment,
    Valuation,
)
from korus._calc import (
    Measure,
    Ranked,
    balance,
    balances,
    compound_annual_growth,
    deficit,
    exports_from_parts,
    percent_change,
    percentage_point_change,
    rank,
    rank_partners,
    share,
    sum_amounts,
    surplus,
    top_products,
    total,
    two_way_trade,
)
from korus._economy import Economy
from korus._errors import (
    CurrencyMismatchError,
    FetchError,
    ImmutableError,
    InvalidTypeError,
    InvalidValueError,
    KorusError,
    MismatchError,
    ParseError,
    UndefinedResultError,
    UnknownCodeError,
)
from korus._exchange import ExchangeRate
from korus._figures import Figure, Range, Verdict, VerdictKind, check_figure, implied_previous
from korus._model import Balance, BalancePosition, Direction, Provenance, TradeFlow
from korus._money import format_amount, parse_amount, rescale
from korus._period import Frequency, Period
from korus._product import Classification, Coverage, Product, ProductLevel, Scope, scope_contains
from korus._public import publish as _publish
from korus._units import Quantity, quantity, ureg

__version__ = "0.1.0.dev0"

__all__ = [
    "Balance",
    "BalancePosition",
    "Basis",
    "Classification",
    "Coverage",
    "CurrencyMismatchError",
    "Direction",
    "Economy",
    "ExchangeRate",
    "FetchError",
    "Figure",
    "Frequency",
    "HSEdition",
    "ImmutableError",
    "InvalidTypeError",
    "InvalidValueError",
    "KorusError",
    "Measure",
    "MismatchError",
    "ParseError",
    "Period",
    "Product",
    "ProductLevel",
    "Provenance",
    "Quantity",
    "Range",
    "Ranked",
    "Scope",
    "StatisticalBasis",
    "TradeFlow",
    "TradeSystem",
    "TransportMode",
    "Treatment",
    "UndefinedResultError",
    "UnknownCodeError",
    "Valuation",
    "ValuationAdjustment",
    "Verdict",
    "VerdictKind",
    "__version__",
    "balance",
    "balances",
    "check_figure",
    "compound_annual_growth",
    "deficit",
    "exports_from_parts",
    "format_amount",
    "implied_previous",
    "parse_amount",
    "percent_change",
    "percentage_point_change",
    "quantity",
    "rank",
    "rank_partners",
    "rescale",
    "scope_contains",
    "share",
    "sum_amounts",
    "surplus",
    "top_products",
    "total",
    "two_way_trade",
    "ureg",
]

_publish(globals(), __all__, "korus")

#: Names that were korus's own before they moved to the submodule of their domain: they still
#: work, with a DeprecationWarning, until korus 0.3.
_MOVED: dict[str, str] = {
    "Agreement": "agreements",
    "Amendment": "agreements",
    "JointCommittee": "agreements",
    "JointCommitteeRequest": "agreements",
    "LocalDate": "agreements",
    "Official": "agreements",
    "Place": "agreements",
    "RequestStatus": "agreements",
    "Session": "agreements",
    "SpecialSessionRule": "agreements",
    "deadline": "agreements",
    "within_time_limit": "agreements",
    "CensusData": "readers",
    "CensusRecord": "readers",
    "CodeKind": "readers",
    "ComtradeData": "readers",
    "ComtradeRecord": "readers",
    "Mirror": "readers",
    "PartsCheck": "readers",
    "Progress": "readers",
    "RejectedRow": "readers",
    "SourceCode": "readers",
    "WorldCheck": "readers",
    "census_code": "readers",
    "comtrade_code": "readers",
    "iter_census": "readers",
    "iter_comtrade": "readers",
    "progress_bar": "readers",
    "read_census": "readers",
    "read_comtrade": "readers",
    "read_comtrade_json": "readers",
    "source_codes": "readers",
    "Claim": "claims",
    "ClaimCheck": "claims",
    "FigureMeasure": "claims",
    "PublishedFigure": "claims",
    "check_claims": "claims",
    "load_claims": "claims",
    "load_figures": "claims",
    "published_figures": "claims",
}


_SUBMODULES = frozenset(
    {"agreements", "analysis", "claims", "columnar", "fetch", "readers", "testing"}
)


def __getattr__(name: str) -> _typing.Any:
    # The submodules load when first used (PEP 562): `import korus` stays light.
    if name in _SUBMODULES:
        return _importlib.import_module(f"korus.{name}")
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module 'korus' has no attribute {name!r}")
    _warnings.warn(
        f"korus.{name} has moved to korus.{module}.{name}; the old name goes in korus 0.3",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_importlib.import_module(f"korus.{module}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
