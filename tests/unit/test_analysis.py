"""korus.analysis: the mirror decomposition and the trade indices, on files and values korus
writes itself. The same decompositions on the real 2022 Comtrade file: tests/samples."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from korus import (
    CurrencyMismatchError,
    Figure,
    InvalidTypeError,
    InvalidValueError,
    KorusError,
    MismatchError,
    Product,
    TradeFlow,
    TradeSystem,
    UndefinedResultError,
    Valuation,
    ValuationAdjustment,
    parse_amount,
    quantity,
)
from korus._cli import main
from korus.analysis import (
    ComponentKind,
    MirrorComponent,
    MirrorDecomposition,
    complementarity,
    concentration,
    decompose_mirror,
    hhi,
    rca,
    trade_intensity,
)
from korus.readers import read_comtrade
from korus.testing import ComtradeRow, comtrade_plus_csv, comtrade_sample

# China 156, Germany 276, Hong Kong 344, the USA 842, Korea 410.
ROWS = [
    ComtradeRow("842", "156", "M", 2022, cif="575688091172", fob="536732471721"),
    ComtradeRow("156", "842", "X", 2022, fob="582756110047"),
    ComtradeRow("276", "156", "M", 2022, cif="206642208248.492"),
    ComtradeRow("156", "276", "X", 2022, fob="116226631561"),
    # Hong Kong's re-exports to the USA of goods from China, and of all origins.
    ComtradeRow("344", "842", "RX", 2022, fob="30000000000", partner2="156"),
    ComtradeRow("344", "842", "RX", 2022, fob="41000000000"),
]


@pytest.fixture(scope="module")
def data():
    return read_comtrade(comtrade_plus_csv(ROWS))


def _sums_to_gap(d):
    # Summed as fractions: Decimal's default context rounds past 28 digits.
    parts = sum((Fraction(c.value.to("USD").magnitude) for c in d.components), Fraction(0))
    assert parts + Fraction(d.residual.to("USD").magnitude) == Fraction(d.gap.to("USD").magnitude)


def test_the_valuation_is_cif_less_fob_as_the_importer_reported_them(data):
    d = decompose_mirror(data, "CHN", "USA", period=2022)
    assert d.gap == quantity("-7068018875", "USD")
    [valuation] = d.components
    assert valuation.kind is ComponentKind.VALUATION
    assert valuation.value == quantity(575688091172 - 536732471721, "USD")
    assert "as USA reported them" in valuation.explanation
    assert d.residual == quantity(-7068018875 - (575688091172 - 536732471721), "USD")
    assert d.notes == ()
    _sums_to_gap(d)


def test_re_exports_through_a_named_economy_are_its_rows_of_that_origin(data):
    d = decompose_mirror(data, "CHN", "USA", via=["HKG"])
    re_exports = d.components[1]
    assert (re_exports.kind, re_exports.via.code) == (ComponentKind.RE_EXPORTS, "HKG")
    # The row of Chinese origin, never Hong Kong's re-exports of every origin.
    assert re_exports.value == quantity("30000000000", "USD")
    assert d.residual == quantity(-7068018875 - 38955619451 - 30000000000, "USD")
    _sums_to_gap(d)


def test_re_exports_the_data_do_not_hold_are_refused_not_taken_as_zero(data):
    with pytest.raises(MismatchError, match="no re-exports by HKG to DEU of goods from CHN") as e:
        decompose_mirror(data, "CHN", "DEU", via=["HKG"])
    assert e.value.field == "via"
    with pytest.raises(InvalidValueError, match="third economy"):
        decompose_mirror(data, "CHN", "USA", via=["USA"])


def test_without_a_fob_value_the_valuation_stays_in_the_residual_and_a_note_says_so(data):
    d = decompose_mirror(data, "CHN", "DEU")
    assert d.components == ()
    assert d.residual == d.gap == quantity("90415576687.492", "USD")
    assert "reports no FOB value" in d.notes[0]


def test_a_sourced_adjustment_estimates_the_valuation_where_the_importer_gives_none(data):
    rate = ValuationAdjustment(Valuation.CIF, Valuation.FOB, "0.95", source="an assumed 5 %")
    d = decompose_mirror(data, "CHN", "DEU", adjustment=rate)
    [valuation] = d.components
    assert Decimal(valuation.value.magnitude) == Decimal("206642208248.492") * Decimal("0.05")
    assert "an assumed 5 %" in valuation.explanation
    _sums_to_gap(d)
    # Where the importer reports FOB itself, its own figure wins over any estimate.
    own = decompose_mirror(data, "CHN", "USA", adjustment=rate)
    assert own.components[0].value == quantity("38955619451", "USD")
    backwards = ValuationAdjustment(Valuation.FOB, Valuation.CIF, "1.05", source="an assumed 5 %")
    with pytest.raises(MismatchError, match="converts FOB to CIF, not CIF to FOB"):
        decompose_mirror(data, "CHN", "DEU", adjustment=backwards)


def test_a_missing_side_or_period_is_named():
    two_years = comtrade_plus_csv(
        [ComtradeRow("842", "156", "M", year, cif="10", fob="9") for year in (2021, 2022)]
        + [ComtradeRow("156", "842", "X", year, fob="8") for year in (2021, 2022)]
    )
    data = read_comtrade(two_years)
    with pytest.raises(MismatchError, match="2 periods"):
        decompose_mirror(data, "CHN", "USA")
    assert decompose_mirror(data, "CHN", "USA", period="2021").period.year == 2021
    with pytest.raises(MismatchError, match="has no imports from CHN in 2020"):
        decompose_mirror(data, "CHN", "USA", period=2020)
    with pytest.raises(MismatchError, match=r"KOR.*has no imports from CHN in 2021"):
        decompose_mirror(data, "CHN", "KOR", period=2021)
    imports_alone = [r.flow for r in data.flows if r.flow.direction.value == "import"]
    with pytest.raises(MismatchError, match="has no exports to USA in 2021"):
        decompose_mirror(imports_alone, "CHN", "USA", period=2021)
    with pytest.raises(InvalidValueError, match="two economies"):
        decompose_mirror(data, "CHN", "CHN")
    with pytest.raises(InvalidTypeError):
        decompose_mirror("a file name", "CHN", "USA")


def test_flows_on_two_valuations_are_one_report_and_differing_bases_are_noted():
    cif = TradeFlow.of("USA", "CHN", "import", "goods", 2022, "$100", valuation="CIF")
    fob = cif.replace(value=parse_amount("$93"), basis=cif.basis.replace(valuation=Valuation.FOB))
    exports = TradeFlow.of("CHN", "USA", "export", "goods", 2022, "$90", valuation="FOB")
    exports = exports.replace(basis=exports.basis.replace(system=TradeSystem.SPECIAL))
    d = decompose_mirror([fob, exports, cif], "CHN", "USA")
    assert d.imports == cif
    assert d.components[0].value == quantity(7, "USD")
    assert d.residual == quantity(3, "USD")
    assert "differ in system" in d.notes[0]
    with pytest.raises(MismatchError, match="appear twice"):
        decompose_mirror([cif, cif.replace(value=parse_amount("$101")), exports], "CHN", "USA")


def test_the_parts_must_sum_to_the_gap_for_a_decomposition_to_exist():
    m = TradeFlow.of("USA", "CHN", "import", "goods", 2022, "$100", valuation="CIF")
    x = TradeFlow.of("CHN", "USA", "export", "goods", 2022, "$90", valuation="FOB")
    valuation = MirrorComponent(ComponentKind.VALUATION, quantity(7, "USD"), "CIF - FOB")
    good = MirrorDecomposition(m, x, quantity(10, "USD"), (valuation,), quantity(3, "USD"))
    assert good.exporter.code == "CHN"
    with pytest.raises(InvalidValueError, match="do not sum to the gap"):
        MirrorDecomposition(m, x, quantity(10, "USD"), (valuation,), quantity(4, "USD"))
    with pytest.raises(InvalidValueError, match="imports less the exports"):
        MirrorDecomposition(m, x, quantity(11, "USD"), (), quantity(11, "USD"))
    with pytest.raises(MismatchError):
        MirrorDecomposition(x, m, quantity(-10, "USD"), (), quantity(-10, "USD"))


def test_the_hhi_of_one_partner_and_of_equal_partners_is_exact():
    assert hhi({"KOR": parse_amount("$5 billion")}).low == 10_000
    three = hhi({c: parse_amount("$1 million") for c in ("CHN", "JPN", "MEX")})
    assert (three.low, three.high, three.unit) == (
        Fraction(10_000, 3),
        Fraction(10_000, 3),
        "points",
    )
    assert hhi({"a": parse_amount("$3"), "b": parse_amount("$1")}, unit="ratio").low == Fraction(
        5, 8
    )


def test_a_world_total_is_a_denominator_and_missing_partners_make_a_range():
    named = {"CHN": parse_amount("$50"), "USA": parse_amount("$30")}
    index = hhi(named, whole=parse_amount("$100"))
    # The missing $20 spread thinly adds nothing; in one more partner it adds 20 %².
    assert (index.low, index.high) == (3400, 3800)
    assert hhi(named, whole=parse_amount("$80")).low == hhi(named).low
    with pytest.raises(MismatchError, match="more than the whole"):
        hhi(named, whole=parse_amount("$70"))


def test_the_hhi_refuses_what_it_cannot_share():
    with pytest.raises(UndefinedResultError):
        hhi({})
    with pytest.raises(UndefinedResultError):
        hhi({"a": parse_amount("$0")})
    with pytest.raises(InvalidValueError, match="negative"):
        hhi({"a": parse_amount("-$1")})
    with pytest.raises(CurrencyMismatchError):
        hhi({"a": parse_amount("$1"), "b": parse_amount("KRW 1")})
    with pytest.raises(InvalidValueError, match="money"):
        hhi({"a": quantity(5, "percent")})
    with pytest.raises(InvalidTypeError):
        hhi([parse_amount("$1")])


def test_the_r_comtrade_packages_rounded_shares_give_another_hhi():
    # Exports to 3 partners of 1/3 each: shares rounded to 2 decimals (0.33 each) and squared,
    # as the R comtrade package does, give 3267 points; the exact index is 10,000/3.
    values = {p: parse_amount("$1 billion") for p in ("CHN", "JPN", "USA")}
    rounded = sum(round(Fraction(1, 3), 2) ** 2 for _ in values) * 10_000
    assert rounded == Fraction(3267)
    assert hhi(values).low == Fraction(10_000, 3) != rounded


def test_concentration_over_flows_takes_the_world_as_denominator_only():
    flows = [
        TradeFlow.of("KOR", p, "export", "goods", 2022, v)
        for p, v in [("CHN", "$60"), ("USA", "$40"), ("WLD", "$100")]
    ]
    assert concentration(flows).low == concentration(flows).high == 5200
    with pytest.raises(MismatchError, match="second total"):
        concentration([*flows, flows[2]])
    with pytest.raises(MismatchError, match="appears twice"):
        concentration([flows[0], flows[0]])
    with pytest.raises(MismatchError, match="basis"):
        concentration(
            [flows[0], flows[1].replace(basis=flows[1].basis.replace(valuation=Valuation.CIF))]
        )
    with pytest.raises(MismatchError, match="differs from flows"):
        concentration([flows[0], flows[1].replace(period=flows[1].period.previous())])


def test_concentration_by_product_refuses_overlapping_products():
    flows = [
        TradeFlow.of("KOR", "USA", "export", scope, 2022, v)
        for scope, v in [("HS:84", "$6"), ("HS:87", "$4"), ("goods", "$20")]
    ]
    index = concentration(flows, by="product", unit="ratio")
    assert (index.low, index.high) == (Fraction(52, 400), Fraction(52 + 100, 400))
    overlapping = TradeFlow.of("KOR", "USA", "export", "HS:8471", 2022, "$1")
    with pytest.raises(MismatchError, match="lies within HS:84") as caught:
        concentration([*flows[:2], overlapping], by="product")
    # The flows' field, the scope, as every other check of the flows names theirs.
    assert caught.value.field == "scope"


def test_rca_and_trade_intensity_are_ratios_of_exact_shares():
    a = parse_amount
    assert rca(
        a("$30 billion"), a("$600 billion"), a("$1,000 billion"), a("$25,000 billion")
    ).low == Fraction(5, 4)
    # The currency's scale does not matter: the same amounts in millions.
    assert rca(
        a("$30,000 million"), a("$600 billion"), a("$1 trillion"), a("$25 trillion")
    ).low == Fraction(5, 4)
    assert trade_intensity(a("$66"), a("$600"), a("$3,000"), a("$25,000")).low == Fraction(11, 12)
    with pytest.raises(MismatchError, match="exceeds total"):
        rca(a("$700"), a("$600"), a("$1,000"), a("$25,000"))
    with pytest.raises(UndefinedResultError):
        rca(a("$0"), a("$0"), a("$1,000"), a("$25,000"))
    with pytest.raises(CurrencyMismatchError):
        rca(a("$1"), a("$2"), a("KRW 3"), a("KRW 4"))


def test_rca_of_printed_figures_is_the_range_their_rounding_allows():
    printed = rca(
        Figure.parse("$30 billion"),
        Figure.parse("$600 billion"),
        Figure.parse("$1,000 billion"),
        Figure.parse("$25,000 billion"),
    )
    assert printed.low < Fraction(5, 4) < printed.high
    # Each end where the four printed values are at the ends of their rounding.
    low = Fraction("29.5") * Fraction("24999.5") / (Fraction("600.5") * Fraction("1000.5"))
    high = Fraction("30.5") * Fraction("25000.5") / (Fraction("599.5") * Fraction("999.5"))
    assert (printed.low, printed.high) == (low, high)


def test_complementarity_is_100_for_one_mix_and_0_for_none_shared():
    a = parse_amount
    same = complementarity({"84": a("$6"), "87": a("$4")}, {"84": a("$60"), "87": a("$40")})
    assert same.low == same.high == 100
    apart = complementarity({"84": a("$6"), "87": a("$0")}, {"84": a("$0"), "87": a("$9")})
    assert apart.low == apart.high == 0
    with pytest.raises(MismatchError, match="give a zero where it is zero"):
        complementarity({"84": a("$6")}, {"87": a("$9")})


def test_products_within_one_another_are_refused_as_the_table_twins_refuse_them():
    a = parse_amount
    machines, computers = Product.parse("HS:84"), Product.parse("HS:8471")
    nested = {machines: a("$6"), computers: a("$4")}
    with pytest.raises(MismatchError, match="lies within HS:84") as refused:
        complementarity(nested, nested)
    assert refused.value.field == "exports"
    with pytest.raises(MismatchError, match="lies within HS:84"):
        hhi(nested)
    # Products apart are an index like any other keys.
    apart = {machines: a("$6"), Product.parse("HS:87"): a("$4")}
    assert complementarity(apart, apart).low == 100


def test_korus_mirror_prints_the_decomposition(tmp_path, capsys):
    path = tmp_path / "comtrade.csv"
    path.write_bytes(comtrade_plus_csv(ROWS))
    assert main(["mirror", "CHN", "USA", "2022", "--data", str(path), "--via", "HKG"]) == 0
    out = capsys.readouterr().out
    assert "valuation: CIF - FOB, as USA reported them" in out
    assert "38955619451 USD" in out
    assert "re-exports: HKG's" in out
    assert main(["mirror", "CHN", "USA", "2022", "--data", str(path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [row["value"] for row in document["rows"]][-1] == "-46023638326 USD"
    assert main(["mirror", "CHN", "DEU", "2022", "--data", str(path), "--adjustment", "0.95"]) == 2
    assert "needs --source" in capsys.readouterr().err
    assert main(["mirror", "CHN", "KOR", "2022", "--data", str(path)]) == 2


def test_korus_mirror_reads_economies_by_name(tmp_path, capsys):
    path = tmp_path / "comtrade.csv"
    path.write_bytes(comtrade_plus_csv(ROWS))
    by_code = ["mirror", "CHN", "USA", "2022", "--data", str(path), "--via", "HKG"]
    assert main(by_code) == 0
    expected = capsys.readouterr().out
    # As a shell user writes them, and as Comtrade's own files name them.
    by_name = ["mirror", "china", "United States", "2022", "--data", str(path)]
    assert main([*by_name, "--via", "China, Hong Kong SAR"]) == 0
    assert capsys.readouterr().out == expected
    # A name korus cannot read is said before the file is read, with what it may mean.
    assert main(["mirror", "Korea", "USA", "2022", "--data", str(tmp_path / "none.csv")]) == 2
    assert capsys.readouterr().err == (
        "korus: error: economy='Korea': is no code or name of an economy that korus knows; "
        "did you mean South Korea (KOR) or North Korea (PRK)?\n"
    )


def test_the_shipped_sample_decomposes_like_the_real_file():
    d = decompose_mirror(read_comtrade(comtrade_plus_csv(comtrade_sample())), "CHN", "USA")
    assert d.components[0].value == quantity("38955619451", "USD")


def test_timing_moves_the_exporters_months_back_by_the_lag():
    monthly = [ComtradeRow("156", "842", "X", 2022, month=m, fob=str(10 * m)) for m in range(1, 13)]
    december = ComtradeRow("156", "842", "X", 2021, month=12, fob="5")
    data = read_comtrade(comtrade_plus_csv([*ROWS[:2], *monthly, december]))
    d = decompose_mirror(data, "CHN", "USA", period=2022, lag=1)
    timing = d.components[-1]
    assert timing.kind is ComponentKind.TIMING
    # December 2021 to November 2022, less January to December 2022.
    assert timing.value == quantity(5 + sum(10 * m for m in range(1, 12)) - 780, "USD")
    assert "2021-12 to 2022-11" in timing.explanation
    _sums_to_gap(d)
    with pytest.raises(MismatchError, match="monthly exports to USA for 2021-11, which") as e:
        decompose_mirror(data, "CHN", "USA", period=2022, lag=2)
    assert e.value.field == "lag"
    with pytest.raises(MismatchError, match="for 2021-10 and 1 more month, which"):
        decompose_mirror(data, "CHN", "USA", period=2022, lag=3)
    with pytest.raises(InvalidValueError):
        decompose_mirror(data, "CHN", "USA", period=2022, lag=13)
    assert decompose_mirror(data, "CHN", "USA", period=2022).components[-1].kind is not (
        ComponentKind.TIMING
    )


def _export_figures():
    from korus.claims import figures_from_flows

    data = read_comtrade(comtrade_plus_csv(comtrade_sample()))
    flows = [r.flow for r in (*data.flows, *data.aggregates) if r.flow.direction.value == "export"]
    return figures_from_flows(flows)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("above 2,000", "consistent"),
        ("above 2,500", "inconsistent"),
        ("below 2,300", "consistent"),
        ("at most 2,282.66", "inconsistent"),
        ("at least 2,282.66", "consistent"),
        ("2,283", "consistent"),
        ("2,282", "inconsistent"),
    ],
)
def test_a_claim_of_concentration_gets_a_verdict_from_the_data(text, verdict):
    from korus.claims import Claim, check_claims

    claim = Claim("c", "CHN", "WLD", 2022, "hhi_exports_by_partner", text=text, scope="goods")
    (result,) = check_claims([claim], _export_figures())
    assert result.verdict.value == verdict, result.explanation
    assert "11 partners within a world total" in result.explanation


def test_a_threshold_the_rounded_figures_straddle_is_undecidable():
    from korus.claims import Claim, check_claims

    # USITC's 2016 figures name six US partners and the world total: the other partners'
    # trade could be spread thinly or held by one, so the index lies in a range.
    claim = Claim(
        "c", "USA", "WLD", 2016, "hhi_exports_by_partner", text="above 2,500", scope="goods"
    )
    (result,) = check_claims([claim])
    assert result.verdict.value == "undecidable"
    assert "both sides" in result.explanation
    low = Claim("c", "USA", "WLD", 2016, "hhi_exports_by_partner", text="above 500", scope="goods")
    assert check_claims([low])[0].verdict.value == "consistent"


def test_a_concentration_claim_needs_a_number_of_points_and_a_world_total():
    from korus.claims import Claim, check_claims

    with pytest.raises(InvalidValueError, match="give WLD"):
        Claim("c", "CHN", "USA", 2022, "hhi_exports_by_partner", text="above 2,000")
    for text in ("$5 billion", "25%", "above -3"):
        with pytest.raises(KorusError, match=r"number of points|printed figure"):
            Claim("c", "CHN", "WLD", 2022, "hhi_exports_by_partner", text=text)
    figures = [f for f in _export_figures() if not f.partner.is_aggregate]
    claim = Claim(
        "c", "CHN", "WLD", 2022, "hhi_exports_by_partner", text="above 2,000", scope="goods"
    )
    (result,) = check_claims([claim], figures)
    assert result.verdict.value == "undecidable"
    assert "without a world total" in result.explanation


def test_indices_of_flows_refuse_flows_measured_two_ways():
    x = TradeFlow.of("KOR", "USA", "export", "HS:87", 2022, "$30 billion", valuation="FOB")
    total = TradeFlow.of("KOR", "WLD", "export", "goods", 2022, "$600 billion", valuation="FOB")
    world_x = TradeFlow.of("USA", "WLD", "export", "HS:87", 2022, "$1,000 billion", valuation="FOB")
    world = TradeFlow.of("USA", "WLD", "export", "goods", 2022, "$25,000 billion", valuation="FOB")
    assert rca(x, total, world_x, world).low == Fraction(5, 4)
    cif = world.replace(basis=world.basis.replace(valuation=Valuation.CIF))
    with pytest.raises(MismatchError, match=r"basis\.valuation"):
        rca(x, total, world_x, cif)
    # Exports FOB beside imports CIF is each side's usual valuation: the mixes compare.
    m = TradeFlow.of("USA", "KOR", "import", "HS:87", 2022, "$40 billion", valuation="CIF")
    assert complementarity({"87": x}, {"87": m}).low == 100
    special = m.replace(basis=m.basis.replace(system=TradeSystem.SPECIAL))
    with pytest.raises(MismatchError, match=r"basis\.system"):
        complementarity({"87": x}, {"87": special})


def test_an_economy_named_twice_in_via_is_refused_and_one_may_be_named_alone(data):
    alone = decompose_mirror(data, "CHN", "USA", via="HKG")
    assert alone == decompose_mirror(data, "CHN", "USA", via=["HKG"])
    with pytest.raises(InvalidValueError, match="twice"):
        decompose_mirror(data, "CHN", "USA", via=["HKG", "HKG"])


def test_the_table_timing_refuses_months_in_another_currency_as_the_scalar_does():
    from korus import columnar

    year = [
        TradeFlow.of("USA", "CHN", "import", "goods", 2022, "$1000", valuation="CIF"),
        TradeFlow.of("CHN", "USA", "export", "goods", 2022, "$900", valuation="FOB"),
    ]
    months = [
        TradeFlow.of("CHN", "USA", "export", "goods", f"{y}-{m:02d}", "EUR 10", valuation="FOB")
        for y, m in [(2021, 12), *((2022, m) for m in range(1, 13))]
    ]
    with pytest.raises(CurrencyMismatchError):
        decompose_mirror([*year, *months], "CHN", "USA", period=2022, lag=1)
    with pytest.raises(CurrencyMismatchError):
        columnar.decompose_mirror(columnar.from_flows([*year, *months]), lag=1)
