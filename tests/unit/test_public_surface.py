"""The public surface: exactly the names korus means to export, and nothing more."""

import importlib
import subprocess
import sys

import pytest

import korus

EXPECTED = {
    "ComtradeData",
    "ComtradeRecord",
    "Mirror",
    "RejectedRow",
    "WorldCheck",
    "iter_comtrade",
    "read_comtrade",
    "read_comtrade_json",
    "Claim",
    "ClaimCheck",
    "Figure",
    "FigureMeasure",
    "PublishedFigure",
    "Range",
    "Verdict",
    "VerdictKind",
    "check_claims",
    "check_figure",
    "implied_previous",
    "load_claims",
    "load_figures",
    "published_figures",
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
    "Balance",
    "BalancePosition",
    "Classification",
    "Coverage",
    "CurrencyMismatchError",
    "Direction",
    "Economy",
    "ExchangeRate",
    "ImmutableError",
    "InvalidTypeError",
    "InvalidValueError",
    "KorusError",
    "Measure",
    "MismatchError",
    "ParseError",
    "Period",
    "Product",
    "Provenance",
    "Quantity",
    "Ranked",
    "Scope",
    "TradeFlow",
    "UndefinedResultError",
    "UnknownCodeError",
    "Valuation",
    "__version__",
    "balance",
    "balances",
    "compound_annual_growth",
    "deficit",
    "format_amount",
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
    "Progress",
    "progress_bar",
    "CensusData",
    "CensusRecord",
    "PartsCheck",
    "iter_census",
    "read_census",
    "CodeKind",
    "SourceCode",
    "census_code",
    "comtrade_code",
    "source_codes",
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

    assert korus.__version__ == version("korus")


SUBMODULES = {
    "korus.columnar": {
        "MAX_PRECISION",
        "RATIO_SCALE",
        "balances",
        "census_table",
        "changes",
        "comtrade_table",
        "from_flows",
        "mirror",
        "rank_partners",
        "share_changes",
        "shares",
        "to_flows",
        "top_products",
        "totals",
        "validate",
    },
    "korus.testing": {
        "CensusRow",
        "ComtradeRow",
        "SampleFiles",
        "amounts",
        "balances",
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
