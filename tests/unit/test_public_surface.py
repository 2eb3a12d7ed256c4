"""The public surface: exactly the names korus means to export, and nothing more."""

import importlib
import subprocess
import sys

import pytest

import korus

EXPECTED = {
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
}


def test_all_is_exactly_the_public_names():
    assert set(korus.__all__) == EXPECTED
    assert len(korus.__all__) == len(set(korus.__all__))


def test_every_public_name_exists_and_nothing_public_is_left_out():
    public = {name for name in vars(korus) if not name.startswith("_")} | {"__version__"}
    modules = {name for name in public if type(getattr(korus, name)).__name__ == "module"}
    assert public - modules == EXPECTED


def test_importing_korus_leaves_pints_application_registry_unbuilt():
    code = (
        "import pint, korus\n"
        "from pint.registry import LazyRegistry\n"
        "assert type(pint.application_registry.get()) is LazyRegistry, 'built'\n"
        "assert korus.ureg is not pint.application_registry.get()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_version_is_single_sourced():
    from importlib.metadata import version

    from korus._install import DISTRIBUTION

    assert korus.__version__ == version(DISTRIBUTION)


SUBMODULES = {
    "korus.analysis": {
        "ComponentKind",
        "ConcentrationBy",
        "HHIUnit",
        "MirrorComponent",
        "MirrorDecomposition",
        "complementarity",
        "concentration",
        "decompose_mirror",
        "hhi",
        "rca",
        "trade_intensity",
    },
    "korus.agreements": {
        "Agreement",
        "Amendment",
        "JointCommittee",
        "JointCommitteeRequest",
        "LocalDate",
        "Official",
        "Place",
        "RequestStatus",
        "Session",
        "SpecialSessionRule",
        "deadline",
        "within_time_limit",
    },
    "korus.claims": {
        "Claim",
        "ClaimCheck",
        "FigureIndex",
        "FigureMeasure",
        "PublishedFigure",
        "check_claims",
        "figures_from_flows",
        "load_claims",
        "load_figures",
        "published_figures",
        "summary",
    },
    "korus.readers": {
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
    },
    "korus.columnar": {
        "MAX_PRECISION",
        "RATIO_SCALE",
        "balances",
        "census_table",
        "changes",
        "comtrade_table",
        "complementarity",
        "concentration",
        "decompose_mirror",
        "from_flows",
        "mirror",
        "rank_partners",
        "rca",
        "share_changes",
        "shares",
        "to_balances",
        "to_flows",
        "to_pandas",
        "to_polars",
        "top_products",
        "totals",
        "trade_intensity",
        "validate",
    },
    "korus.fetch": {
        "Answer",
        "CENSUS_API",
        "CENSUS_KEY_VARIABLES",
        "COMTRADE_API",
        "Cache",
        "CacheEntry",
        "CensusFetched",
        "CensusQuery",
        "Client",
        "ComtradeQuery",
        "DATASETS",
        "ComtradeFetched",
        "KEYED_CAP",
        "KEY_VARIABLES",
        "PREVIEW_CAP",
        "Request",
        "census_key",
        "comtrade_key",
        "fetch_census",
        "fetch_comtrade",
    },
    "korus.testing": {
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
    },
}


@pytest.mark.parametrize("name", sorted(SUBMODULES))
def test_each_public_submodule_pins_its_names(name):
    module = importlib.import_module(name)
    assert set(module.__all__) == SUBMODULES[name]
    assert len(module.__all__) == len(set(module.__all__))
    assert all(hasattr(module, n) for n in module.__all__)


# The names korus 0.1 published at the top level that now live in a submodule.
MOVED = {
    "Agreement": "korus.agreements",
    "Amendment": "korus.agreements",
    "JointCommittee": "korus.agreements",
    "JointCommitteeRequest": "korus.agreements",
    "LocalDate": "korus.agreements",
    "Official": "korus.agreements",
    "Place": "korus.agreements",
    "RequestStatus": "korus.agreements",
    "Session": "korus.agreements",
    "SpecialSessionRule": "korus.agreements",
    "deadline": "korus.agreements",
    "within_time_limit": "korus.agreements",
    "Claim": "korus.claims",
    "ClaimCheck": "korus.claims",
    "FigureMeasure": "korus.claims",
    "PublishedFigure": "korus.claims",
    "check_claims": "korus.claims",
    "load_claims": "korus.claims",
    "load_figures": "korus.claims",
    "published_figures": "korus.claims",
    "CensusData": "korus.readers",
    "CensusRecord": "korus.readers",
    "CodeKind": "korus.readers",
    "ComtradeData": "korus.readers",
    "ComtradeRecord": "korus.readers",
    "Mirror": "korus.readers",
    "PartsCheck": "korus.readers",
    "Progress": "korus.readers",
    "RejectedRow": "korus.readers",
    "SourceCode": "korus.readers",
    "WorldCheck": "korus.readers",
    "census_code": "korus.readers",
    "comtrade_code": "korus.readers",
    "iter_census": "korus.readers",
    "iter_comtrade": "korus.readers",
    "progress_bar": "korus.readers",
    "read_census": "korus.readers",
    "read_comtrade": "korus.readers",
    "read_comtrade_json": "korus.readers",
    "source_codes": "korus.readers",
}


@pytest.mark.parametrize("name", sorted(MOVED))
def test_a_moved_name_still_works_for_a_release_with_a_warning(name):
    module = importlib.import_module(MOVED[name])
    with pytest.warns(DeprecationWarning, match=f"korus.{name} has moved to {MOVED[name]}.{name}"):
        old = getattr(korus, name)
    assert old is getattr(module, name)
    assert name not in korus.__all__


def test_a_name_korus_never_had_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'read_everything'"):
        korus.read_everything  # noqa: B018


def test_public_names_say_where_they_are_published():
    for module_name, names in SUBMODULES.items():
        module = importlib.import_module(module_name)
        for name in names:
            obj = getattr(module, name)
            if getattr(obj, "__module__", "").startswith("korus"):
                assert obj.__module__ == module_name, (name, obj.__module__)
