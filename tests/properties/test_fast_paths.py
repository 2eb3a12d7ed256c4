"""korus's fast paths give what its general paths give, for every input: the quantity built
without pint's general constructor, and public calls that skip a second switch of context."""

import decimal
import pickle
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import korus
from korus._units import _general_money, money
from korus.testing import balances, currencies, scales

MAGNITUDES = st.decimals(
    min_value=Decimal("-1e20"), max_value=Decimal("1e20"), places=4, allow_nan=False
)


@given(MAGNITUDES, scales(), currencies())
def test_the_fast_constructor_builds_what_pints_builds(magnitude, scale, currency):
    fast, general = money(magnitude, scale, currency), _general_money(magnitude, scale, currency)
    assert type(fast) is type(general)
    assert fast == general
    assert repr(fast) == repr(general)
    assert str(fast) == str(general)
    assert hash(fast) == hash(general)
    assert fast.units == general.units
    assert fast.magnitude == general.magnitude
    assert pickle.loads(pickle.dumps(fast)) == general
    assert fast + general == general + general
    assert fast.to(general.units) == general


@given(balances())
def test_deficit_surplus_and_size_agree_with_the_balance(balance):
    net = balance.net
    if net.magnitude <= 0:
        assert korus.deficit(balance) == balance.size
    if net.magnitude >= 0:
        assert korus.surplus(balance) == balance.size
    assert balance.size == money(net.magnitude.copy_abs(), *korus._units.unit_parts(net))


@given(balances(), st.integers(min_value=2, max_value=6))
def test_a_call_from_within_korus_answers_as_a_call_from_outside(balance, precision):
    outside = (balance.net, balance.two_way, korus.rank_partners([balance]))
    with decimal.localcontext() as hostile:
        hostile.prec = precision
        inside = (balance.net, balance.two_way, korus.rank_partners([balance]))
    assert inside == outside
