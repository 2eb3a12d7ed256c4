"""korus: typed, exact, currency-safe bilateral trade figures.

Amounts are pint quantities of korus's own registry with Decimal magnitudes: every currency is
its own dimension, sums are exact, and conversion between currencies needs an explicit, dated
:class:`ExchangeRate`. Records (:class:`TradeFlow`, :class:`Balance`, ...) are immutable attrs
classes; calculations are pure functions.

>>> import korus
>>> goods = korus.Balance.of("USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion")
>>> korus.deficit(goods)
quantity('27.6', 'billion USD')
"""

from korus._agreements import (
    Agreement,
    Amendment,
    JointCommittee,
    JointCommitteeRequest,
    LocalDate,
    Official,
    Place,
    RequestStatus,
    Session,
    SpecialSessionRule,
    deadline,
    within_time_limit,
)
from korus._calc import (
    Measure,
    Ranked,
    balance,
    balances,
    compound_annual_growth,
    deficit,
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
from korus._census import CensusData, CensusRecord, iter_census, read_census
from korus._comtrade import (
    ComtradeData,
    ComtradeRecord,
    Mirror,
    WorldCheck,
    iter_comtrade,
    read_comtrade,
    read_comtrade_json,
)
from korus._crosswalk import CodeKind, SourceCode, census_code, comtrade_code, source_codes
from korus._economy import Economy
from korus._errors import (
    CurrencyMismatchError,
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
from korus._model import Balance, BalancePosition, Direction, Provenance, TradeFlow, Valuation
from korus._money import format_amount, parse_amount, rescale
from korus._period import Period
from korus._product import Classification, Coverage, Product, Scope, scope_contains
from korus._published import (
    Claim,
    ClaimCheck,
    FigureMeasure,
    PublishedFigure,
    check_claims,
    load_claims,
    load_figures,
    published_figures,
)
from korus._reading import PartsCheck, Progress, RejectedRow, progress_bar
from korus._units import Quantity, quantity, ureg

__version__ = "0.1.0.dev0"

__all__ = [
    "Agreement",
    "Amendment",
    "Balance",
    "BalancePosition",
    "CensusData",
    "CensusRecord",
    "Claim",
    "ClaimCheck",
    "Classification",
    "CodeKind",
    "ComtradeData",
    "ComtradeRecord",
    "Coverage",
    "CurrencyMismatchError",
    "Direction",
    "Economy",
    "ExchangeRate",
    "Figure",
    "FigureMeasure",
    "ImmutableError",
    "InvalidTypeError",
    "InvalidValueError",
    "JointCommittee",
    "JointCommitteeRequest",
    "KorusError",
    "LocalDate",
    "Measure",
    "Mirror",
    "MismatchError",
    "Official",
    "ParseError",
    "PartsCheck",
    "Period",
    "Place",
    "Product",
    "Progress",
    "Provenance",
    "PublishedFigure",
    "Quantity",
    "Range",
    "Ranked",
    "RejectedRow",
    "RequestStatus",
    "Scope",
    "Session",
    "SourceCode",
    "SpecialSessionRule",
    "TradeFlow",
    "UndefinedResultError",
    "UnknownCodeError",
    "Valuation",
    "Verdict",
    "VerdictKind",
    "WorldCheck",
    "__version__",
    "balance",
    "balances",
    "census_code",
    "check_claims",
    "check_figure",
    "compound_annual_growth",
    "comtrade_code",
    "deadline",
    "deficit",
    "format_amount",
    "implied_previous",
    "iter_census",
    "iter_comtrade",
    "load_claims",
    "load_figures",
    "parse_amount",
    "percent_change",
    "percentage_point_change",
    "progress_bar",
    "published_figures",
    "quantity",
    "rank",
    "rank_partners",
    "read_census",
    "read_comtrade",
    "read_comtrade_json",
    "rescale",
    "scope_contains",
    "share",
    "source_codes",
    "sum_amounts",
    "surplus",
    "top_products",
    "total",
    "two_way_trade",
    "ureg",
    "within_time_limit",
]


import attrs


def _publish() -> None:
    # Public names say they are korus's: tracebacks read "korus.ParseError", the docs link to
    # korus.TradeFlow, and pickles refer to the public path, which never moves.
    for name in __all__:
        obj = globals()[name]
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
            if isinstance(module, str) and module.startswith("korus._"):
                obj.__module__ = "korus"


_publish()
