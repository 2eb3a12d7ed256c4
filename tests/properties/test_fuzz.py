"""Arbitrary objects fed to every public constructor and function: each call succeeds or
raises a KorusError, never another exception, within a time and memory bound; and what comes
back is usable: every amount in it adds, compares, hashes and pickles, here and in a fresh
interpreter."""

import contextlib
import datetime
import pickle
import signal
import subprocess
import sys
import tracemalloc
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import korus
from korus.testing import amounts, balances, bases, economies, periods, products, trade_flows

HOSTILE_TEXT = st.sampled_from(
    [
        "10**10**10 USD",
        "1,5 USD",
        "9" * 10_000,
        "$" + "9" * 5000 + " billion",
        "NaN",
        "Infinity",
        "-0",
        "1e999999999",
        "USD",
        "",
        " ",
        "\x00",
        "٣ USD",
        "1_000 USD",
        "HS:",
        ":84",
        "HS:8471.30",
        "2016-Q5",
        "kor",
        "NA",
        "WLD",
        "goods",
        "export",
        "$27.7 billion",
        "42.3 billion USD",
        "percent",
        "billion USD",
    ]
)

ANYTHING = st.deferred(
    lambda: st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.fractions(),
        st.text(max_size=30),
        HOSTILE_TEXT,
        st.binary(max_size=10),
        st.dates(),
        st.datetimes(),
        amounts(),
        amounts("USD").map(lambda q: -q),
        st.just(korus.quantity("2.9", "percent")),
        st.just(korus.quantity("0.2", "percentage_point")),
        economies(),
        st.just(korus.Economy.WORLD),
        periods(),
        products(),
        st.sampled_from(list(korus.Coverage) + list(korus.Direction) + list(korus.Measure)),
        st.sampled_from(
            [
                *korus.Valuation,
                *korus.TradeSystem,
                *korus.TransportMode,
                *korus.Treatment,
                *korus.HSEdition,
                *korus.StatisticalBasis,
            ]
        ),
        bases(),
        trade_flows(),
        balances(),
        st.lists(st.one_of(trade_flows(), amounts("USD"), st.integers()), max_size=4),
        st.dictionaries(economies(), amounts("USD"), max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
        st.just(object()),
        st.just(datetime.timedelta(days=1)),
        st.just(Decimal("NaN")),
        st.sampled_from(["washington", "seoul"]).map(korus.agreements.Place.named),
        st.builds(
            korus.agreements.LocalDate,
            st.dates(),
            st.sampled_from(["washington", "seoul"]).map(korus.agreements.Place.named),
        ),
        st.just(korus.agreements.Agreement.named("KORUS")),
        st.just(korus.agreements.JointCommitteeRequest.korus_2017().sessions),
        st.lists(
            st.just(korus.agreements.JointCommitteeRequest.korus_2017().first_session), max_size=2
        ),
        st.sampled_from(
            ["America/New_York", "Asia/Seoul", "../../etc/passwd", "UTC", "Mars/Olympus", "America"]
        ),
        # Past Python's limit on the digits of an int, and Unicode lookalikes of scale words.
        st.just(10**5000),
        st.just(-(10**5000)),
        st.sampled_from(["5 thou\u017fand USD", "5 \u212aILLION USD", "\u221227.7 billion USD"]),
        st.just([[[[[[[[]]]]]]]]),
    )
)

CALLABLES = {
    "Economy": korus.Economy,
    "Economy.lookup": korus.Economy.lookup,
    "Period": korus.Period,
    "Period.parse": korus.Period.parse,
    "Product": korus.Product,
    "Product.parse": korus.Product.parse,
    "Provenance": korus.Provenance,
    "TradeFlow": korus.TradeFlow,
    "TradeFlow.of": korus.TradeFlow.of,
    "Balance": korus.Balance,
    "Balance.of": lambda *a: korus.Balance.of(*a[:4], exports=a[4], imports=a[5]),
    "ExchangeRate": lambda *a: korus.ExchangeRate(*a[:3], on=a[3], source=a[4]),
    "ExchangeRate.convert": lambda *a: korus.ExchangeRate(
        "USD", "KRW", "1160.5", on=korus.Period(2016), source="test"
    ).convert(a[0]),
    "Ranked": korus.Ranked,
    "Direction": korus.Direction,
    "Coverage": korus.Coverage,
    "Measure": korus.Measure,
    "Valuation": korus.Valuation,
    "TradeSystem": korus.TradeSystem,
    "StatisticalBasis": korus.StatisticalBasis,
    "TransportMode": korus.TransportMode,
    "Treatment": korus.Treatment,
    "HSEdition": korus.HSEdition,
    "Basis": lambda *a: korus.Basis(
        valuation=a[0], system=a[1], statistical_basis=a[2], edition=a[3], mode=a[4], treatment=a[5]
    ),
    "Basis.of": lambda *a: korus.Basis.of(
        valuation=a[0], system=a[1], statistical_basis=a[2], edition=a[3], mode=a[4], treatment=a[5]
    ),
    "ValuationAdjustment": lambda *a: korus.ValuationAdjustment(*a[:3], source=a[3], period=a[4]),
    "ValuationAdjustment.apply": lambda *a: korus.ValuationAdjustment(
        "CIF", "FOB", "0.95", source="test"
    ).apply(a[0]),
    "exports_from_parts": korus.exports_from_parts,
    "Classification": korus.Classification,
    "BalancePosition": korus.BalancePosition,
    "Frequency": korus.Frequency,
    "ProductLevel": korus.ProductLevel,
    "quantity": korus.quantity,
    "parse_amount": korus.parse_amount,
    "rescale": korus.rescale,
    "format_amount": lambda *a: korus.format_amount(a[0], scale=a[1], places=a[2]),
    "balance": korus.balance,
    "balances": korus.balances,
    "deficit": korus.deficit,
    "surplus": korus.surplus,
    "two_way_trade": korus.two_way_trade,
    "total": korus.total,
    "sum_amounts": korus.sum_amounts,
    "share": korus.share,
    "percent_change": korus.percent_change,
    "percentage_point_change": korus.percentage_point_change,
    "compound_annual_growth": korus.compound_annual_growth,
    "rank": korus.rank,
    "rank_partners": korus.rank_partners,
    "top_products": korus.top_products,
    "scope_contains": korus.scope_contains,
    "Agreement": korus.agreements.Agreement,
    "Agreement.named": korus.agreements.Agreement.named,
    "Amendment": korus.agreements.Amendment,
    "JointCommittee": korus.agreements.JointCommittee,
    "JointCommitteeRequest": lambda *a: korus.agreements.JointCommitteeRequest(
        *a[:5], sessions=a[5], reply=a[6]
    ),
    "JointCommitteeRequest.status": lambda *a: (
        korus.agreements.JointCommitteeRequest.korus_2017().status(a[0])
    ),
    "LocalDate": korus.agreements.LocalDate,
    "Official": korus.agreements.Official,
    "Place": korus.agreements.Place,
    "Place.named": korus.agreements.Place.named,
    "RequestStatus": korus.agreements.RequestStatus,
    "Session": korus.agreements.Session,
    "SpecialSessionRule": korus.agreements.SpecialSessionRule,
    "deadline": korus.agreements.deadline,
    "within_time_limit": korus.agreements.within_time_limit,
    "Figure": korus.Figure,
    "Figure.parse": korus.Figure.parse,
    "Range": korus.Range,
    "Range.exact": korus.Range.exact,
    "check_figure": lambda *a: korus.check_figure(a[0], a[1]),
    "check_figure.parsed": lambda *a: korus.check_figure(korus.Figure.parse("$27.7 billion"), a[0]),
    "implied_previous": korus.implied_previous,
    "Claim": lambda *a: korus.claims.Claim(*a[:5], text=a[5], scope=a[6]),
    "check_claims": korus.claims.check_claims,
    "figures_from_flows": korus.claims.figures_from_flows,
    "load_claims": korus.claims.load_claims,
    "load_figures": korus.claims.load_figures,
    "published_figures": lambda *a: korus.claims.published_figures(
        reporter=a[0], partner=a[1], year=a[2], scope=a[3], measure=a[4]
    ),
    "FigureMeasure": korus.claims.FigureMeasure,
    "VerdictKind": korus.VerdictKind,
    "Verdict": korus.Verdict,
    "PublishedFigure": korus.claims.PublishedFigure,
    "ClaimCheck": korus.claims.ClaimCheck,
    "read_comtrade": lambda *a: korus.readers.read_comtrade(a[0], strict=bool(a[1])),
    "iter_comtrade": lambda *a: list(korus.readers.iter_comtrade(a[0], strict=False)),
    "ComtradeData": korus.readers.ComtradeData,
    "ComtradeRecord": korus.readers.ComtradeRecord,
    "RejectedRow": korus.readers.RejectedRow,
    "WorldCheck": korus.readers.WorldCheck,
    "Mirror": korus.readers.Mirror,
    "read_comtrade_json": lambda *a: korus.readers.read_comtrade_json(a[0], strict=bool(a[1])),
    "read_census": lambda *a: korus.readers.read_census(
        a[0], a[1], direction=a[2], strict=bool(a[3])
    ),
    "iter_census": lambda *a: list(korus.readers.iter_census(a[0], a[1], strict=False)),
    "CensusData": korus.readers.CensusData,
    "CensusRecord": korus.readers.CensusRecord,
    "PartsCheck": korus.readers.PartsCheck,
    "census_code": korus.readers.census_code,
    "census_measure": korus.readers.census_measure,
    "comtrade_code": korus.readers.comtrade_code,
    "source_codes": korus.readers.source_codes,
    "sample_file": korus.readers.sample_file,
    "SourceCode": korus.readers.SourceCode,
    "CodeKind": korus.readers.CodeKind,
    "Source": korus.readers.Source,
    "FigureIndex": korus.claims.FigureIndex,
    "summary": korus.claims.summary,
    "progress_bar": lambda *a: korus.readers.progress_bar(a[0])(1, 2, 3),
    "Progress": lambda *a: korus.readers.read_census(CENSUS_ROW, "ALL_VAL_MO", progress=a[0]),
    "ComponentKind": korus.analysis.ComponentKind,
    "ConcentrationBy": korus.analysis.ConcentrationBy,
    "HHIUnit": korus.analysis.HHIUnit,
    "MirrorComponent": lambda *a: korus.analysis.MirrorComponent(*a[:3], via=a[3]),
    "MirrorDecomposition": lambda *a: korus.analysis.MirrorDecomposition(*a[:5], notes=a[5]),
    "decompose_mirror": lambda *a: korus.analysis.decompose_mirror(
        a[0], a[1], a[2], period=a[3], scope=a[4], via=a[5], adjustment=a[6], lag=a[7]
    ),
    "hhi": lambda *a: korus.analysis.hhi(a[0], whole=a[1], unit=a[2]),
    "concentration": lambda *a: korus.analysis.concentration(a[0], by=a[1], unit=a[2]),
    "rca": korus.analysis.rca,
    "trade_intensity": korus.analysis.trade_intensity,
    "complementarity": korus.analysis.complementarity,
}

CENSUS_ROW = b'[["CTY_CODE","ALL_VAL_MO","E_COMMODITY","time"],\n["5800","1","87","2024-01"]]\n'

ARITY = {
    "Economy": 1,
    "Economy.lookup": 1,
    "Period": 1,
    "Period.parse": 1,
    "Product": 2,
    "Product.parse": 1,
    "Provenance": 1,
    "TradeFlow": 6,
    "TradeFlow.of": 6,
    "Balance": 6,
    "Balance.of": 6,
    "ExchangeRate": 5,
    "ExchangeRate.convert": 1,
    "Ranked": 3,
    "Direction": 1,
    "Coverage": 1,
    "BalancePosition": 1,
    "Frequency": 1,
    "ProductLevel": 1,
    "Measure": 1,
    "Valuation": 1,
    "TradeSystem": 1,
    "StatisticalBasis": 1,
    "TransportMode": 1,
    "Treatment": 1,
    "HSEdition": 1,
    "Basis": 6,
    "Basis.of": 6,
    "ValuationAdjustment": 5,
    "ValuationAdjustment.apply": 1,
    "exports_from_parts": 2,
    "Classification": 1,
    "quantity": 2,
    "parse_amount": 1,
    "rescale": 2,
    "format_amount": 3,
    "balance": 2,
    "balances": 1,
    "deficit": 1,
    "surplus": 1,
    "two_way_trade": 2,
    "total": 1,
    "sum_amounts": 1,
    "share": 2,
    "percent_change": 2,
    "percentage_point_change": 2,
    "compound_annual_growth": 3,
    "rank": 1,
    "rank_partners": 2,
    "top_products": 2,
    "scope_contains": 2,
    "Agreement": 5,
    "Agreement.named": 1,
    "Amendment": 3,
    "JointCommittee": 5,
    "JointCommitteeRequest": 7,
    "JointCommitteeRequest.status": 1,
    "LocalDate": 2,
    "Official": 2,
    "Place": 3,
    "Place.named": 1,
    "RequestStatus": 1,
    "Session": 1,
    "SpecialSessionRule": 2,
    "deadline": 2,
    "within_time_limit": 2,
    "Figure": 3,
    "Figure.parse": 1,
    "Range": 3,
    "Range.exact": 1,
    "check_figure": 2,
    "check_figure.parsed": 1,
    "implied_previous": 2,
    "Claim": 7,
    "check_claims": 2,
    "figures_from_flows": 1,
    "load_claims": 1,
    "load_figures": 1,
    "published_figures": 5,
    "FigureMeasure": 1,
    "VerdictKind": 1,
    "Verdict": 5,
    "PublishedFigure": 7,
    "ClaimCheck": 3,
    "read_comtrade": 2,
    "iter_comtrade": 1,
    "ComtradeData": 5,
    "ComtradeRecord": 5,
    "RejectedRow": 4,
    "WorldCheck": 5,
    "Mirror": 4,
    "read_comtrade_json": 2,
    "read_census": 4,
    "iter_census": 2,
    "CensusData": 7,
    "CensusRecord": 7,
    "PartsCheck": 5,
    "census_code": 1,
    "census_measure": 2,
    "comtrade_code": 1,
    "source_codes": 1,
    "sample_file": 1,
    "SourceCode": 5,
    "CodeKind": 1,
    "Source": 1,
    "FigureIndex": 1,
    "summary": 1,
    "progress_bar": 1,
    "Progress": 1,
    "ComponentKind": 1,
    "ConcentrationBy": 1,
    "HHIUnit": 1,
    "MirrorComponent": 4,
    "MirrorDecomposition": 6,
    "decompose_mirror": 8,
    "hhi": 3,
    "concentration": 3,
    "rca": 4,
    "trade_intensity": 4,
    "complementarity": 2,
}


def test_the_fuzz_table_covers_every_public_callable():
    public = {
        name
        for module in (korus, korus.readers, korus.claims, korus.agreements, korus.analysis)
        for name in module.__all__
        if callable(getattr(module, name))
        and not (
            isinstance(getattr(module, name), type) and issubclass(getattr(module, name), Exception)
        )
    }
    # Quantity is pint's class (made through korus.quantity), Scope a type alias, ureg a registry.
    assert public - set(CALLABLES) <= {"Quantity", "Scope", "ureg"}
    assert set(CALLABLES) == set(ARITY)


# Bounds that catch a hang or a blow-up (one number costing seconds and gigabytes), far above
# what any call here needs (milliseconds, kilobytes), so a slow machine never trips them.
SECONDS_PER_CALL = 10
BYTES_PER_CALL = 64 * 2**20


class _Overran(BaseException):  # not an Exception: nothing in korus may swallow it
    pass


def _alarm(signum, frame):
    raise _Overran(f"a call ran for more than {SECONDS_PER_CALL} s")


def _bounded(call, *args):
    """``call(*args)`` under the per-call time and memory bounds; its result, or None for a
    KorusError."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_CALL)
    tracemalloc.start()
    try:
        with contextlib.suppress(korus.KorusError):
            return call(*args)
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < BYTES_PER_CALL, f"a call allocated {peak:,} bytes at its peak"


def _amounts_in(value, depth=0):
    """The korus quantities in a returned value: itself, its attrs fields, its items."""
    if depth > 4:
        return
    if isinstance(value, korus.Quantity):
        yield value
    elif isinstance(value, korus.Balance):
        for derived in ("net", "two_way", "size"):
            with contextlib.suppress(korus.KorusError):  # beyond korus's limits: refused
                yield getattr(value, derived)
        yield from _amounts_in(attrs.asdict(value, recurse=False), depth + 1)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _amounts_in(getattr(value, field.name), depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value[:20]:
            yield from _amounts_in(item, depth + 1)
    elif isinstance(value, dict):
        for item in list(value.values())[:20]:
            yield from _amounts_in(item, depth + 1)


def _usable(amount):
    """An amount korus returned adds to itself, compares, hashes and survives a pickle."""
    doubled = amount + amount
    assert doubled - amount == amount
    assert amount <= doubled or amount.magnitude < 0
    assert amount == amount
    back = pickle.loads(pickle.dumps(amount))
    assert back == amount
    assert hash(back) == hash(amount)


@pytest.mark.parametrize("name", sorted(CALLABLES))
@given(data=st.data())
def test_public_callables_succeed_or_raise_korus_errors(name, data):
    args = [data.draw(ANYTHING, label=f"arg{i}") for i in range(ARITY[name])]
    result = _bounded(CALLABLES[name], *args)
    for amount in _amounts_in(result):
        # Doubling may leave korus's limits: that must be a KorusError, not a broken value.
        with contextlib.suppress(korus.KorusError):
            _usable(amount)


# What the fresh interpreter does with each returned amount: read it back and use it.
_FRESH_CHECK = """
import pickle, sys
import korus
for text, dumped in pickle.loads(sys.stdin.buffer.read()):
    amount = pickle.loads(dumped)
    assert repr(amount) == text, (repr(amount), text)
    assert amount == amount
    assert hash(amount) == hash(pickle.loads(dumped))
    assert amount - amount == amount * 0
print("read back", "ok")
"""


# Amounts anywhere in korus's range, to its limits: 1 to 38 digits, 10**-30 to below 10**31.
EDGE_AMOUNTS = st.builds(
    lambda digits, adjusted, currency: korus.quantity(
        Decimal((0, tuple(map(int, str(digits))), adjusted - len(str(digits)) + 1)), currency
    ),
    st.integers(min_value=1, max_value=10**38 - 1),
    st.integers(min_value=-30, max_value=30),
    st.sampled_from(["USD", "billion USD", "thousand KRW"]),
)
USD_EDGES = EDGE_AMOUNTS.filter(lambda q: str(q).endswith(" USD"))
RATE = korus.ExchangeRate("USD", "KRW", "1160.5", on=korus.Period(2016), source="test")

# Calls that return amounts, with arguments of the right types, to korus's limits.
TYPED_CALLS = {
    "rescale": (
        korus.rescale,
        st.tuples(EDGE_AMOUNTS, st.sampled_from([None, "thousand", "billion", "trillion"])),
    ),
    "sum_amounts": (
        lambda *a: korus.sum_amounts(list(a)),
        st.tuples(USD_EDGES, USD_EDGES, USD_EDGES),
    ),
    "convert": (RATE.convert, st.tuples(USD_EDGES)),
    "Balance": (
        lambda b, x, m: attrs.evolve(b, exports=x, imports=m),
        st.tuples(balances(), USD_EDGES, USD_EDGES),
    ),
    "share": (korus.share, st.tuples(USD_EDGES, USD_EDGES)),
    "percent_change": (korus.percent_change, st.tuples(USD_EDGES, USD_EDGES)),
    "parse_amount": (
        korus.parse_amount,
        st.tuples(EDGE_AMOUNTS.map(lambda q: f"{q.magnitude} {str(q).split(' ', 1)[1]}")),
    ),
    "operators": (
        lambda x, y: [x + y, x - y, -x, x * 3, x / 7, abs(x - y)],
        st.tuples(USD_EDGES, USD_EDGES),
    ),
}


def test_returned_amounts_read_back_in_a_fresh_interpreter():
    returned = {}

    def collector(call, arguments):
        @settings(max_examples=40, database=None)
        @given(arguments)
        def collect(args):
            for amount in _amounts_in(_bounded(call, *args)):
                with contextlib.suppress(korus.KorusError):
                    _usable(amount)
                returned.setdefault(repr(amount), pickle.dumps(amount))

        return collect

    for call, arguments in TYPED_CALLS.values():
        collector(call, arguments)()
    assert len(returned) > 200  # the calls did return amounts, near the limits too
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_CHECK],
        input=pickle.dumps(list(returned.items())),
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().strip() == "read back ok"
