"""Laws of korus.analysis: a mirror decomposition sums to its gap exactly for any pair of
reports; the indices take their known values where they have them and do not depend on the
currency's scale; an index of printed figures holds the index of the values they round."""

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from hypothesis import assume, example, given
from hypothesis import strategies as st

from korus import Economy, Figure, TradeFlow, Valuation, ValuationAdjustment, quantity
from korus._units import in_unit
from korus.analysis import complementarity, decompose_mirror, hhi, rca, trade_intensity
from korus.readers import ComtradeRecord

SCALES = st.sampled_from([None, "thousand", "million", "billion"])
VALUES = st.decimals(min_value=0, max_value=Decimal("1e12"), places=3)
POSITIVE = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1e12"), places=3)
FACTORS = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("1"), places=4)
STEPS = st.sampled_from([Decimal("1"), Decimal("0.1"), Decimal("10")])


def money(value, scale):
    return quantity(value, f"{scale} USD" if scale else "USD")


def usd(q):
    return in_unit(q, None, "USD")


@given(
    imports=VALUES,
    exports=VALUES,
    fob=st.none() | VALUES,
    re_exports=st.lists(VALUES, max_size=2),
    factor=st.none() | FACTORS,
    scales=st.tuples(SCALES, SCALES, SCALES),
    months=st.none() | st.tuples(st.integers(1, 3), st.lists(VALUES, min_size=15, max_size=15)),
)
@example(
    # Components of 29 digits: a sum in Decimal's default context rounds; korus's is exact.
    imports=Decimal("10.362"),
    exports=Decimal("0.000"),
    fob=None,
    re_exports=[Decimal("43.654"), Decimal("999999999999.999")],
    factor=Decimal("0.5279"),
    scales=(None, None, "billion"),
    months=None,
)
def test_a_decomposition_sums_to_its_gap_exactly(
    imports, exports, fob, re_exports, factor, scales, months
):
    cif = TradeFlow.of(
        "USA", "CHN", "import", "goods", 2022, money(imports, scales[0]), valuation="CIF"
    )
    shipped = TradeFlow.of(
        "CHN", "USA", "export", "goods", 2022, money(exports, scales[1]), valuation="FOB"
    )
    data = [
        ComtradeRecord(1, cif, cif.value, None if fob is None else money(fob, scales[2]), "M"),
        ComtradeRecord(2, shipped, None, shipped.value, "X"),
    ]
    thirds = ["HKG", "SGP"][: len(re_exports)]
    for line, (third, value) in enumerate(zip(thirds, re_exports, strict=True), start=3):
        flow = TradeFlow.of(third, "USA", "re-export", "goods", 2022, money(value, scales[2]))
        data.append(
            ComtradeRecord(line, flow, None, flow.value, "RX", breakdown="partner2Code 156")
        )
    lag = 0
    if months is not None:
        lag, values = months
        # The exporter's months from October 2021 (a lag of up to 3) to December 2022.
        periods = [(2021, m) for m in (10, 11, 12)] + [(2022, m) for m in range(1, 13)]
        for line, ((year, month), value) in enumerate(zip(periods, values, strict=True), 10):
            flow = TradeFlow.of(
                "CHN", "USA", "export", "goods", f"{year}-{month:02d}", money(value, scales[1])
            )
            data.append(ComtradeRecord(line, flow, None, flow.value, "X"))
    adjustment = (
        None
        if factor is None
        else ValuationAdjustment(Valuation.CIF, Valuation.FOB, factor, source="a test")
    )
    d = decompose_mirror(
        data, "CHN", "USA", period=2022, via=thirds, adjustment=adjustment, lag=lag
    )
    # Summed as fractions: Decimal's default context would round a sum of 29 digits.
    parts = sum((Fraction(usd(c.value)) for c in d.components), Fraction(0))
    assert parts + Fraction(usd(d.residual)) == Fraction(usd(d.gap))
    assert Fraction(usd(d.gap)) == Fraction(usd(cif.value)) - Fraction(usd(shipped.value))
    if fob is not None:
        # The importer's own FOB value, no model involved, whatever estimate was offered.
        assert Fraction(usd(d.components[0].value)) == Fraction(usd(cif.value)) - Fraction(
            usd(money(fob, scales[2]))
        )
    measured = d.components[1 if (fob, factor) != (None, None) else 0 :]
    assert [c.via for c in measured if c.via is not None] == [Economy(t) for t in thirds]
    if lag:
        shifted = sum(map(Fraction, values[3 - lag : 15 - lag])) - sum(map(Fraction, values[3:]))
        unit = Fraction(usd(money(Decimal(1), scales[1])))
        assert Fraction(usd(measured[-1].value)) == shifted * unit


@given(POSITIVE, SCALES, st.integers(min_value=1, max_value=40))
def test_one_partner_has_10000_points_and_n_equal_partners_10000_over_n(value, scale, n):
    amount = money(value, scale)
    one = hhi({"KOR": amount})
    assert one.low == one.high == 10_000
    equal = hhi(dict.fromkeys(range(n), amount))
    assert equal.low == equal.high == Fraction(10_000, n)


@given(st.lists(POSITIVE, min_size=4, max_size=4), st.integers(min_value=-6, max_value=6))
def test_rca_does_not_depend_on_the_currency_scale(values, shift):
    exports, rest, world_rest, world_other = values
    total, world_exports = exports + rest, exports + world_rest
    world_total = world_exports + rest + world_other
    amounts = [exports, total, world_exports, world_total]
    plain = rca(*(money(v, None) for v in amounts))
    # The same amounts written in thousands, exactly.
    thousands = rca(*(money(v.scaleb(-3), "thousand") for v in amounts))
    assert plain == thousands
    # Every amount multiplied by one factor: shares, and so the index, do not move.
    factor = Decimal(10) ** shift
    assert rca(*(money(v * factor, None) for v in amounts)) == plain


@given(POSITIVE, POSITIVE, st.integers(min_value=2, max_value=10**6))
def test_rca_is_1_where_the_export_mix_is_the_worlds(exports, rest, times):
    total = exports + rest
    index = rca(
        money(exports, None),
        money(total, None),
        money(exports * times, None),
        money(total * times, None),
    )
    assert index.low == index.high == 1


def printed(value, step):
    """A true value rounded to ``step`` and printed as a figure in dollars."""
    rounded = (
        value.quantize(step, rounding=ROUND_HALF_EVEN)
        if step <= 1
        else ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * step)
    )
    return Figure(rounded, "USD", step)


@given(st.lists(VALUES, min_size=1, max_size=6), STEPS, st.none() | VALUES)
def test_the_hhi_of_printed_figures_holds_the_exact_index(values, step, extra):
    assume(sum(values) > 0)
    exact = {index: money(v, None) for index, v in enumerate(values)}
    rounded = {index: printed(v, step) for index, v in enumerate(values)}
    truth = hhi(exact)
    assert truth.low == truth.high
    allowed = hhi(rounded)
    assert allowed.low <= truth.low <= allowed.high
    if extra is not None:
        whole = sum(values) + extra
        truth_range = hhi(exact, whole=money(whole, None))
        allowed = hhi(rounded, whole=printed(whole, step))
        assert allowed.low <= truth_range.low
        assert truth_range.high <= allowed.high


@given(st.lists(POSITIVE, min_size=4, max_size=4), STEPS)
def test_rca_and_intensity_of_printed_figures_hold_the_exact_index(values, step):
    exports, rest, world_rest, world_other = values
    total, world_exports = exports + rest, exports + world_rest
    world_total = world_exports + rest + world_other
    amounts = [exports, total, world_exports, world_total]
    figures = [printed(v, step) for v in amounts]
    assume(all(f.range.low > 0 for f in figures))
    for index in (rca, trade_intensity):
        truth = index(*(money(v, None) for v in amounts))
        allowed = index(*figures)
        assert allowed.low <= truth.low == truth.high <= allowed.high


@given(
    st.lists(st.tuples(VALUES, VALUES), min_size=1, max_size=5),
    STEPS,
)
def test_complementarity_of_printed_figures_holds_the_exact_index(pairs, step):
    assume(sum(x for x, _ in pairs) > 0 and sum(m for _, m in pairs) > 0)
    exports = {k: money(x, None) for k, (x, _) in enumerate(pairs)}
    imports = {k: money(m, None) for k, (_, m) in enumerate(pairs)}
    truth = complementarity(exports, imports)
    assert truth.low == truth.high
    assert 0 <= truth.low <= 100
    assume(sum(printed(x, step).range.high for x, _ in pairs) > 0)
    assume(sum(printed(m, step).range.high for _, m in pairs) > 0)
    allowed = complementarity(
        {k: printed(x, step) for k, (x, _) in enumerate(pairs)},
        {k: printed(m, step) for k, (_, m) in enumerate(pairs)},
    )
    assert allowed.low <= truth.low <= allowed.high
