"""Every record: hashable, equal by value, a repr that reads back, pickles, cannot change."""

import pickle
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import korus
from korus.testing import (
    amounts,
    balances,
    economies,
    exchange_rates,
    periods,
    products,
    trade_flows,
)

RECORDS = st.one_of(
    economies(),
    periods(),
    products(),
    trade_flows(currency=st.sampled_from(["USD", "KRW", "EUR"])),
    balances(),
    exchange_rates(),
    amounts(),
    st.sampled_from(["KORUS", "NAFTA"]).map(korus.agreements.Agreement.named),
    st.just(korus.agreements.JointCommitteeRequest.korus_2017()),
)

NAMESPACE = {
    name: getattr(module, name)
    for module in (korus, korus.agreements, korus.claims, korus.readers)
    for name in module.__all__
} | {
    "datetime": __import__("datetime"),
    "Decimal": __import__("decimal").Decimal,
}


@given(RECORDS)
def test_repr_reads_back(record):
    assert eval(repr(record), NAMESPACE) == record


@given(RECORDS)
def test_pickle_round_trips_with_equal_hash(record):
    copy = pickle.loads(pickle.dumps(record))
    assert copy == record
    assert hash(copy) == hash(record)


@given(trade_flows(), st.sampled_from(["reporter", "value", "period", "scope"]))
def test_records_cannot_be_changed(flow, field):
    # korus's own error, which is an AttributeError as attrs' would be.
    with pytest.raises(korus.ImmutableError) as caught:
        setattr(flow, field, None)
    assert isinstance(caught.value, AttributeError)
    assert caught.value.field == field


@given(trade_flows())
def test_the_value_of_a_flow_cannot_be_changed_in_place(flow):
    before = hash(flow)
    with pytest.raises(korus.ImmutableError):
        flow.value.ito("USD")
    assert hash(flow) == before


def test_records_unpickle_in_a_fresh_interpreter():
    flow = korus.TradeFlow.of(
        "USA",
        "KOR",
        "export",
        "HS:84",
        2016,
        "$6.1 billion",
        provenance=korus.Provenance("USTR", document="U.S.-Korea Trade Facts (2016 data)"),
    )
    balance = korus.Balance.of(
        "USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion"
    )
    payload = pickle.dumps((flow, balance, korus.share(flow.value, balance.two_way)))
    code = (
        "import pickle, sys\n"
        "flow, balance, s = pickle.loads(sys.stdin.buffer.read())\n"
        "print(repr(flow)); print(balance.net); print(s.units)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=payload, capture_output=True, check=True
    ).stdout.decode()
    assert repr(flow) in out
    assert "-27.6 billion USD" in out
    assert "percent" in out
