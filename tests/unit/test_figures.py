"""Printed figures, their ranges, and checks within rounding."""

from decimal import Decimal
from fractions import Fraction

import pytest

import korus
from korus import Figure, Range, VerdictKind, check_figure, implied_previous, quantity


@pytest.mark.parametrize(
    ("text", "value", "unit", "step", "low", "high"),
    [
        ("$27.7 billion", "27.7", "billion USD", "0.1", Fraction("27.65e9"), Fraction("27.75e9")),
        ("$865 million", "865", "million USD", "1", Fraction("864.5e6"), Fraction("865.5e6")),
        ("2.9%", "2.9", "percent", "0.1", Fraction("2.85"), Fraction("2.95")),
        ("2.9 percent", "2.9", "percent", "0.1", Fraction("2.85"), Fraction("2.95")),
        (
            "USD 42,300 million",
            "42300",
            "million USD",
            "1",
            Fraction("42299.5e6"),
            Fraction("42300.5e6"),
        ),
        ("-2.3%", "-2.3", "percent", "0.1", Fraction("-2.35"), Fraction("-2.25")),
        # As journalists print them: a true minus sign, "per cent", "bn" for billion.
        ("\u22129.9%", "-9.9", "percent", "0.1", Fraction("-9.95"), Fraction("-9.85")),
        ("9.9 per cent", "9.9", "percent", "0.1", Fraction("9.85"), Fraction("9.95")),
        ("$17.46bn", "17.46", "billion USD", "0.01", Fraction("17.455e9"), Fraction("17.465e9")),
        ("£3.2 mn", "3.2", "million GBP", "0.1", Fraction("3.15e6"), Fraction("3.25e6")),
        ("6", "6", "rank", "0", 6, 6),
        (
            "₩1,234 trillion",
            "1234",
            "trillion KRW",
            "1",
            Fraction("1233.5e12"),
            Fraction("1234.5e12"),
        ),
    ],
)
def test_parse_reads_the_precision_from_the_digits(text, value, unit, step, low, high):
    figure = Figure.parse(text)
    assert figure.value == Decimal(value)
    assert figure.unit == unit
    assert figure.step == Decimal(step)
    assert (figure.range.low, figure.range.high) == (low, high)


@pytest.mark.parametrize(
    ("text", "error", "shown"),
    [
        ("$27.7.1 billion", korus.ParseError, "27.7.1"),
        ("twenty billion", korus.ParseError, "twenty"),
        ("¤27.7 billion", korus.ParseError, "¤"),
        ("27.7 billion", korus.ParseError, "names a scale but no currency"),
        ("27.7 billion ABC", korus.UnknownCodeError, "ABC"),
        ("$2.9%", korus.ParseError, "no currency"),
        ("9" * 10_000, korus.ParseError, "longer than"),
        (b"27.7", korus.InvalidTypeError, "b'27.7'"),
    ],
)
def test_malformed_figures_are_refused(text, error, shown):
    with pytest.raises(error) as info:
        Figure.parse(text)
    assert info.value.field == "text"
    assert shown in str(info.value)


def test_the_deficit_that_does_not_add_up_is_consistent():
    exports, imports = Figure.parse("$42.3 billion"), Figure.parse("$69.9 billion")
    printed = Figure.parse("$27.7 billion")
    verdict = check_figure(printed, imports.range - exports.range, basis="69.9 - 42.3")
    assert verdict.kind is VerdictKind.CONSISTENT
    assert "consistent within rounding" in verdict.explanation
    # Comparing with the exact difference of the printed centres calls it wrong:
    naive = check_figure(printed, quantity("27.6", "billion USD"))
    assert naive.kind is VerdictKind.INCONSISTENT
    assert naive.excess == Fraction("0.05e9")


def test_a_loose_tolerance_would_call_a_wrong_figure_right():
    exports, imports = Figure.parse("$42.3 billion"), Figure.parse("$69.9 billion")
    verdict = check_figure(Figure.parse("$28.0 billion"), imports.range - exports.range)
    assert verdict.kind is VerdictKind.INCONSISTENT
    assert verdict.excess == Fraction("0.25e9")
    assert "off by 250 million USD beyond rounding" in verdict.explanation


def test_missing_data_is_undecidable():
    verdict = check_figure(Figure.parse("$27.7 billion"), None, basis="no 2015 data")
    assert verdict.kind is VerdictKind.UNDECIDABLE
    assert verdict.computed is None


def test_a_printed_change_implies_the_other_period():
    implied = implied_previous(Figure.parse("$27.7 billion"), Figure.parse("-2.3%"))
    assert implied.low == Fraction("27.65e9") / Fraction("0.9775")
    assert implied.high == Fraction("27.75e9") / Fraction("0.9765")
    assert round(float(implied.low) / 1e9, 2) == 28.29
    assert round(float(implied.high) / 1e9, 2) == 28.42


def test_publishers_that_differ_by_vintage():
    ustr_fact_sheet = Figure.parse("$27.7 billion")
    ustr_press_release = Figure.parse("$27.6 billion")
    commerce = Figure.parse("$27.57 billion")
    # 27.7 and 27.6 meet only at 27.65, which rounds either way depending on the convention:
    # korus's ranges are closed, so the two agree there, and only there.
    assert ustr_fact_sheet.range.overlaps(ustr_press_release.range)
    assert ustr_fact_sheet.range.high - ustr_fact_sheet.range.low == Fraction("0.1e9")
    assert ustr_press_release.range.overlaps(commerce.range)
    # The later Commerce figure, 27.57, cannot be the fact sheet's 27.7: a revision.
    verdict = check_figure(ustr_fact_sheet, commerce.range)
    assert verdict.kind is VerdictKind.INCONSISTENT
    assert verdict.excess == Fraction("0.075e9")


def test_ranges_refuse_mixed_units():
    with pytest.raises(korus.CurrencyMismatchError):
        _ = Figure.parse("$1 billion").range + Figure.parse("₩1 billion").range
    with pytest.raises(korus.InvalidValueError, match="below low"):
        Range(2, 1, "USD")


def test_share_and_change_of_ranges():
    share = Figure.parse("$42.3 billion").range.share_of(Figure.parse("$1,453,721 million").range)
    assert share.low == Fraction("42.25e9") * 100 / Fraction("1453721.5e6")
    change = Figure.parse("$100 billion").range.change_to(Figure.parse("$110 billion").range)
    assert change.low == (Fraction("109.5") / Fraction("100.5") - 1) * 100


@pytest.mark.parametrize(
    "text",
    [
        "9.9 per  cents",  # not "per cent"
        "5 percent billion",  # a percentage with a scale
        "$17.46b",  # "b" alone is no abbreviation korus reads
        "$17.46 bns",
        "\u2013 9.9%",  # an en dash is no minus sign
        "17.46bnUSD",
    ],
)
def test_printed_forms_stay_strict(text):
    with pytest.raises(korus.ParseError):
        Figure.parse(text)


@pytest.mark.parametrize(
    ("measure", "text"),
    [("deficit", "9.9%"), ("share_of_reporter_exports", "$1 billion"), ("rank_exports", "2.9%")],
)
def test_a_claim_whose_unit_cannot_fit_its_measure_is_rejected(measure, text, tmp_path):
    from korus.claims import Claim, load_claims

    with pytest.raises(korus.InvalidValueError) as caught:
        Claim("c", "USA", "KOR", 2016, measure, text=text)
    assert caught.value.field == "text"
    path = tmp_path / "claims.toml"
    path.write_text(
        f'[[claim]]\nid = "c"\nreporter = "USA"\npartner = "KOR"\nyear = 2016\n'
        f'measure = "{measure}"\ntext = "{text}"\n'
    )
    (result,) = load_claims(path)
    assert result.rejected
