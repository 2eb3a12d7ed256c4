"""korus.analysis on the real 2022 Comtrade+ file (../shared/samples): the Germany-China and
US-China mirror decompositions sum to the observed gap to the last digit, and the US-China
valuation is CIF - FOB as the US reported them, no model involved."""

import csv
from decimal import Decimal
from fractions import Fraction

import pytest
from real_files import COMTRADE_PLUS

from korus import Direction, Valuation, ValuationAdjustment
from korus._units import in_unit
from korus.analysis import ComponentKind, concentration, decompose_mirror
from korus.readers import read_comtrade


@pytest.fixture(scope="module")
def data():
    return read_comtrade(COMTRADE_PLUS)


@pytest.fixture(scope="module")
def printed():
    """The file's own text of each (reporter, flow, partner) row's values, read apart from korus."""
    with COMTRADE_PLUS.open(encoding="cp1252", newline="") as file:
        return {
            (r["reporterISO"], r["flowCode"], r["partnerISO"]): r
            for r in csv.DictReader(file)
            if r["cmdCode"] == "TOTAL" and r["partner2ISO"] == "W00"
        }


def usd(q):
    return in_unit(q, None, "USD")


def _sums_to_the_gap(d):
    # Summed as fractions: Decimal's default context rounds past 28 digits.
    parts = sum((Fraction(usd(c.value)) for c in d.components), Fraction(0))
    assert parts + Fraction(usd(d.residual)) == Fraction(usd(d.gap))


def test_us_china_valuation_is_cif_less_fob_as_the_us_reported_them(data, printed):
    d = decompose_mirror(data, "CHN", "USA", period=2022)
    us, china = printed[("USA", "M", "CHN")], printed[("CHN", "X", "USA")]
    gap = Decimal(us["primaryValue"]) - Decimal(china["primaryValue"])
    assert usd(d.gap) == gap == Decimal("-7068018875")
    [valuation] = d.components
    assert valuation.kind is ComponentKind.VALUATION
    assert usd(valuation.value) == Decimal(us["cifvalue"]) - Decimal(us["fobvalue"])
    assert usd(d.residual) == gap - (Decimal(us["cifvalue"]) - Decimal(us["fobvalue"]))
    _sums_to_the_gap(d)


def test_germany_china_sums_to_the_gap_to_the_last_digit(data, printed):
    d = decompose_mirror(data, "CHN", "DEU", period=2022)
    germany, china = printed[("DEU", "M", "CHN")], printed[("CHN", "X", "DEU")]
    assert usd(d.gap) == Decimal(germany["primaryValue"]) - Decimal(china["primaryValue"])
    assert usd(d.gap) == Decimal("90415576687.492")
    # Germany gives no FOB value: nothing is estimated unless asked, and the note says so.
    assert d.components == ()
    assert "reports no FOB value" in d.notes[0]
    _sums_to_the_gap(d)
    rate = ValuationAdjustment(Valuation.CIF, Valuation.FOB, "0.95", source="a stated 5 %")
    estimated = decompose_mirror(data, "CHN", "DEU", adjustment=rate)
    _sums_to_the_gap(estimated)
    assert usd(estimated.components[0].value) == Decimal(germany["cifvalue"]) * Decimal("0.05")


def test_the_other_direction_of_each_pair_sums_too(data):
    for exporter, importer in (("USA", "CHN"), ("DEU", "CHN")):
        _sums_to_the_gap(decompose_mirror(data, exporter, importer))


def test_concentration_of_each_reporters_exports_over_its_world_total(data):
    for reporter in ("CHN", "DEU", "USA"):
        flows = [
            r.flow
            for r in (*data.flows, *data.aggregates)
            if r.flow.reporter.code == reporter and r.flow.direction is Direction.EXPORT
        ]
        over_world = concentration(flows)
        over_partners = concentration([f for f in flows if not f.partner.is_aggregate])
        # The file's partners fall short of its world total by rounding at most: the range
        # is as narrow as that, and holds the index over the partners alone.
        assert over_world.low <= over_partners.low <= over_world.high
        assert over_world.high - over_world.low < 1


def test_the_table_twins_give_the_scalar_results_on_the_real_file(data):
    import polars as pl

    from korus import columnar

    as_reported = columnar.comtrade_table(COMTRADE_PLUS)
    fob = columnar.comtrade_table(COMTRADE_PLUS, valuation="FOB")
    table = pl.concat([as_reported, fob.filter(pl.col("direction") == "import")])
    for engine in ("polars", "duckdb"):
        pairs = columnar.decompose_mirror(table, engine=engine)
        for exporter, importer in (("CHN", "USA"), ("CHN", "DEU"), ("USA", "CHN"), ("DEU", "CHN")):
            scalar = decompose_mirror(data, exporter, importer)
            row = pairs.filter(pl.col("exporter") == exporter, pl.col("importer") == importer).row(
                0, named=True
            )
            assert row["gap"] == usd(scalar.gap)
            assert row["residual"] == usd(scalar.residual)
            separated = [usd(c.value) for c in scalar.components]
            assert [row["valuation"]] == (separated or [None])
    # Every reporter's exports over its partners alone (the world rows left out): the table's
    # index, written with six decimals, is the scalar one rounded once.
    exports = as_reported.filter(pl.col("direction") == "export", pl.col("partner") != "WLD")
    indices = columnar.concentration(exports)
    for reporter in ("CHN", "DEU", "USA"):
        flows = [
            r.flow
            for r in data.flows
            if r.flow.reporter.code == reporter and r.flow.direction is Direction.EXPORT
        ]
        exact = concentration(flows)
        row = indices.filter(pl.col("reporter") == reporter).row(0, named=True)
        assert row["partners"] == len(flows)
        assert abs(
            row["hhi_low"] - Decimal(exact.low.numerator) / exact.low.denominator
        ) <= Decimal("0.0000005")
