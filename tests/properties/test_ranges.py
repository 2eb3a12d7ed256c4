"""Ranges of rounded figures: sound (the truth is always inside) and tight (no wider than
interval arithmetic requires); a figure is consistent with itself rounded."""

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from korus import Figure, Range, VerdictKind, check_figure, quantity

STEPS = st.sampled_from([Decimal("0.1"), Decimal("1"), Decimal("0.01")])
TRUE = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("1000"), places=4)


def printed(true_value, step):
    """A true value (in billions) rounded to ``step`` and printed, as people print figures."""
    rounded = true_value.quantize(step, rounding=ROUND_HALF_EVEN)
    return Figure.parse(f"${rounded} billion")


def billions(value):
    return Fraction(value) * 10**9


@given(TRUE, TRUE, STEPS, STEPS)
def test_sums_and_differences_contain_the_truth(a, b, step_a, step_b):
    fa, fb = printed(a, step_a), printed(b, step_b)
    assert (fa.range + fb.range).contains(billions(a + b))
    assert (fa.range - fb.range).contains(billions(a - b))


@given(TRUE, TRUE, STEPS, STEPS)
def test_shares_and_changes_contain_the_truth(a, b, step_a, step_b):
    fa, fb = printed(a, step_a), printed(b, step_b)
    assume(fa.range.low > 0 and fb.range.low > 0)
    assert fa.range.share_of(fb.range).contains(Fraction(a) * 100 / Fraction(b))
    assert fa.range.change_to(fb.range).contains((Fraction(b) / Fraction(a) - 1) * 100)


@given(TRUE, TRUE, STEPS, STEPS)
def test_ranges_are_no_wider_than_they_must_be(a, b, step_a, step_b):
    ra, rb = printed(a, step_a).range, printed(b, step_b).range
    assume(ra.low > 0 and rb.low > 0)
    # Every bound is reached by some pair of values inside the operands.
    corners = [(x, y) for x in (ra.low, ra.high) for y in (rb.low, rb.high)]
    total = ra + rb
    assert {total.low, total.high} <= {x + y for x, y in corners}
    difference = ra - rb
    assert {difference.low, difference.high} <= {x - y for x, y in corners}
    share = ra.share_of(rb)
    assert {share.low, share.high} <= {x * 100 / y for x, y in corners}


@given(TRUE, STEPS)
def test_a_figure_is_consistent_with_its_own_true_value(true_value, step):
    figure = printed(true_value, step)
    verdict = check_figure(figure, quantity(str(true_value), "billion USD"))
    assert verdict.kind is VerdictKind.CONSISTENT


@given(TRUE, TRUE, STEPS, STEPS)
def test_agreement_between_two_figures_is_symmetric(a, b, step_a, step_b):
    fa, fb = printed(a, step_a), printed(b, step_b)
    assert (check_figure(fa, fb.range).kind is VerdictKind.CONSISTENT) == (
        check_figure(fb, fa.range).kind is VerdictKind.CONSISTENT
    )
    assert fa.range.gap(fb.range) == fb.range.gap(fa.range)


@given(
    st.fractions(min_value=-(10**12), max_value=10**12), st.fractions(min_value=0, max_value=10**9)
)
def test_a_range_contains_its_bounds(low, width):
    r = Range(low, low + width, "USD")
    assert r.contains(r.low)
    assert r.contains(r.high)


@given(TRUE, TRUE)
def test_ranges_and_the_calculations_apply_one_rule(a, b):
    # A range of one value is the exact value: the claims checker's arithmetic on ranges and
    # korus's calculations on amounts are the same rules (korus._rules).
    import korus

    x, m = quantity(a, "billion USD"), quantity(b, "billion USD")
    rx, rm = Range.exact(x), Range.exact(m)
    balance = korus.Balance.of("USA", "KOR", "goods", 2016, exports=x, imports=m)
    assert rx - rm == Range.exact(balance.net)
    assert rx + rm == Range.exact(balance.two_way)
    share = rm.share_of(rx + rm)
    assert share.low == share.high
    assert korus.share(m, balance.two_way) == quantity(
        korus._calc.rounded_ratio(share.low), "percent"
    )
    change = rx.change_to(rm)
    assert korus.percent_change(x, m) == quantity(korus._calc.rounded_ratio(change.low), "percent")
