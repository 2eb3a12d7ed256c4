"""Bases of measurement on any input: flows on two bases never combine in a calculation; a
balance takes exactly the pairs UN IMTS 2010 and the Census basis allow; a part is never added
to its whole; a record's other valuation is its own printed value, exactly."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import korus
from korus.readers import read_comtrade, read_comtrade_json
from korus.testing import ComtradeRow, bases, comtrade_api_json, comtrade_plus_csv

ANY_BASIS = bases()


def flow(partner="KOR", direction="export", period=2016, value="42.3 billion USD", **basis):
    return korus.TradeFlow.of("USA", partner, direction, "goods", period, value, **basis)


@given(first=ANY_BASIS, second=ANY_BASIS)
def test_flows_on_two_bases_never_combine(first, second):
    assume(first != second)
    a = flow("KOR", basis=first)
    b = flow("JPN", basis=second)
    for calculation in (
        lambda: korus.total([a, b]),
        lambda: korus.rank_partners([a, b], by="exports"),
        lambda: korus.percent_change(a, flow("KOR", period=2017, basis=second)),
        lambda: korus.compound_annual_growth(a, flow("KOR", period=2018, basis=second)),
        lambda: korus.top_products(
            [
                a.replace(scope=korus.Product("HS", "84")),
                b.replace(scope=korus.Product("HS", "85")),
            ],
            2,
        ),
    ):
        with pytest.raises(korus.MismatchError) as caught:
            calculation()
        assert ".basis." in caught.value.field or caught.value.field.startswith("basis")


@given(exports=ANY_BASIS, imports=ANY_BASIS)
def test_a_balance_takes_exactly_the_pairs_on_one_basis(exports, imports):
    x = flow(basis=exports)
    m = flow(direction="import", value="69.9 billion USD", basis=imports)
    # Stated independently of korus._basis: no part; everything but the valuation the same;
    # both valuations stated or neither; freight and insurance in both values or in neither.
    valuations = {exports.valuation, imports.valuation}
    same_side = valuations == {None} or (
        None not in valuations and len({v is korus.Valuation.CIF for v in valuations}) == 1
    )
    allowed = (
        not exports.is_part
        and not imports.is_part
        and exports.replace(valuation=None) == imports.replace(valuation=None)
        and same_side
    )
    if allowed:
        b = korus.balance(x, m)
        assert b.net == korus.quantity("-27.6", "billion USD")
        assert (b.export_basis, b.import_basis) == (exports, imports)
        assert korus.two_way_trade(x, m) == b.two_way
        assert b.mirror().mirror() == b
    else:
        with pytest.raises(korus.MismatchError):
            korus.balance(x, m)
        with pytest.raises(korus.MismatchError):
            korus.two_way_trade(x, m)
        with pytest.raises(korus.MismatchError):
            korus.Balance.of(
                "USA", "KOR", "goods", 2016, exports="$1", imports="$2",
                export_basis=exports, import_basis=imports,
            )  # fmt: skip


@given(whole=bases(parts=False), mode=st.sampled_from(list(korus.TransportMode)[1:]))
def test_a_part_has_a_share_of_its_whole_and_is_never_added_to_it(whole, mode):
    total = flow(value="100 USD", basis=whole)
    part = flow(value="40 USD", basis=whole.replace(mode=mode))
    assert korus.share(part, total) == korus.quantity("40", "percent")
    with pytest.raises(korus.MismatchError):
        korus.total([total.replace(partner=korus.Economy("JPN")), part])
    with pytest.raises(korus.MismatchError):
        korus.share(total, part)


AMOUNTS = st.decimals(min_value=0, max_value=Decimal("9" * 15), places=0) | st.decimals(
    min_value=0, max_value=Decimal("9" * 12), places=3
)


@given(cif=AMOUNTS, fob=AMOUNTS, write=st.sampled_from([comtrade_plus_csv, comtrade_api_json]))
def test_a_record_gives_its_other_valuation_exactly(cif, fob, write):
    rows = [ComtradeRow("842", "410", "M", 2022, cif=str(cif), fob=str(fob))]
    read = read_comtrade if write is comtrade_plus_csv else read_comtrade_json
    (record,) = read(write(rows)).flows
    for valuation, printed in ((korus.Valuation.CIF, cif), (korus.Valuation.FOB, fob)):
        other = record.on(valuation)
        assert Decimal(other.value.magnitude) == printed
        assert other.valuation is valuation
        assert other.replace(basis=record.flow.basis, value=record.flow.value) == record.flow
