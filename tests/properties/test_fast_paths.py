"""korus's fast paths give what its general paths give, for every input: the quantity built
without pint's general constructor, public calls that skip a second switch of context, sums
and differences of amounts in one unit, and a balance built from two flows without judging
their checked parts again."""

import decimal
import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import korus
from korus._units import _general_money, combined, money
from korus.testing import balances, bases, currencies, scales

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


# Amounts anywhere within korus's limits (38 digits, 10**-30 to below 10**31), both signs being
# reachable by a difference: where a sum or difference leaves the limits, the fast path must
# decline and the general one refuse by name.
#: A caller's context that traps everything: any operation korus left to it would raise.
_ALL_SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]
_COEFFICIENTS = st.integers(min_value=0, max_value=10**38 - 1)
_EXPONENTS = st.integers(min_value=-30, max_value=30)
_WIDE = decimal.Context(prec=100)
LIMIT_MAGNITUDES = st.builds(
    lambda c, e: Decimal(c).scaleb(e, context=_WIDE), _COEFFICIENTS, _EXPONENTS
).filter(lambda d: d.is_zero() or -30 <= d.adjusted() <= 30)


@given(LIMIT_MAGNITUDES, LIMIT_MAGNITUDES, scales(), st.sampled_from([-1, 1]))
@example(Decimal("9" * 38).scaleb(-8, context=_WIDE), Decimal("1E-9"), None, 1)  # 39 digits
@example(Decimal("9.99E+30"), Decimal("9.99E+30"), None, 1)  # past 10**31
@example(Decimal("5"), Decimal("5"), "billion", -1)  # zero
# 39 digits of which the last are zeros: exact, but beyond the 38 korus holds (found in CI).
@example(Decimal("0E-8"), Decimal("1E+30"), None, -1)
def test_the_fast_sum_and_difference_are_the_general_ones(a, b, scale, sign):
    x, m = money(a, scale, "USD"), money(b, scale, "USD")
    balance = korus.Balance(
        korus.Economy("USA"), korus.Economy("KOR"), korus.Coverage.GOODS, korus.Period(2016), x, m
    )
    fast = combined(x, m, sign)
    try:
        general = balance._combine_general(sign)
    except korus.InvalidValueError:
        assert fast is None  # beyond the limits: only the general path says so, by name
        return
    assert fast is None or (fast.magnitude.as_tuple(), fast.units) == (
        general.magnitude.as_tuple(),
        general.units,
    )
    # ... and what the caller sees is the same either way, whatever its context.
    with decimal.localcontext(decimal.Context(prec=3, traps=_ALL_SIGNALS)):
        seen = balance.net if sign < 0 else balance.two_way
    assert (seen.magnitude.as_tuple(), seen.units) == (
        general.magnitude.as_tuple(),
        general.units,
    )


@given(balances(), st.sampled_from([None, "million", "billion"]), bases(), bases())
def test_a_balance_of_flows_is_the_balance_its_constructor_builds(model, scale, x_basis, m_basis):
    exports = korus.TradeFlow(
        model.reporter,
        model.partner,
        korus.Direction.EXPORT,
        model.scope,
        model.period,
        model.exports,
        basis=x_basis,
    )
    imports = korus.TradeFlow(
        model.reporter,
        model.partner,
        korus.Direction.IMPORT,
        model.scope,
        model.period,
        model.imports if scale is None else korus.rescale(model.imports, scale),
        basis=m_basis,
    )

    def built(call):
        try:
            return call()
        except korus.KorusError as error:
            return (type(error), str(error))

    general = built(
        lambda: korus.Balance(
            exports.reporter,
            exports.partner,
            exports.scope,
            exports.period,
            exports.value,
            imports.value,
            export_basis=exports.basis,
            import_basis=imports.basis,
        )
    )
    # Twice: the first call may go through the constructor, the second takes the fast path.
    for _ in range(2):
        with decimal.localcontext(decimal.Context(prec=2, traps=_ALL_SIGNALS)):
            fast = built(lambda: korus.balance(exports, imports))
        assert fast == general
        if isinstance(general, korus.Balance):
            assert type(fast) is korus.Balance
            assert hash(fast) == hash(general)
            assert repr(fast) == repr(general)
            assert pickle.loads(pickle.dumps(fast)) == general
            assert attrs.evolve(fast, period=korus.Period(1999)) == attrs.evolve(
                general, period=korus.Period(1999)
            )
            with pytest.raises(korus.ImmutableError):
                fast.exports = general.imports
            if general.net.magnitude <= 0:
                assert korus.deficit(fast) == korus.deficit(general)
            else:
                assert korus.surplus(fast) == korus.surplus(general)
