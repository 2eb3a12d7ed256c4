"""Claims of change, as journalists write them: in percent and in dollars, between any two
years, with their own base figures. Each case worked by hand from the shipped figures."""

import pytest

import korus
from korus import VerdictKind
from korus.claims import Claim, check_claims, load_claims


def verdict(**fields):
    claim = Claim("c", fields.pop("reporter", "USA"), fields.pop("partner"), 2016,
                  fields.pop("measure"), scope="goods", **fields)  # fmt: skip
    (result,) = check_claims([claim])
    return result.verdict


# US goods exports to the world (USITC, Table US.1): 1,502,572 million in 2015, 1,453,721 in
# 2016, each printed to the million: down 48,851 million (48,850 to 48,852), or
# -48,851 / 1,502,572 = -3.2511 %.
@pytest.mark.parametrize(
    ("change", "text", "kind"),
    [
        ("percent", "-3.3%", VerdictKind.CONSISTENT),  # -3.35 to -3.25 holds -3.2511
        ("percent", "-3.1%", VerdictKind.INCONSISTENT),
        ("amount", "-$48.9 billion", VerdictKind.CONSISTENT),  # -48.95 to -48.85 holds -48.851
        ("amount", "-$50 billion", VerdictKind.INCONSISTENT),  # -50.5 to -49.5
    ],
)
def test_export_growth_in_percent_and_in_dollars(change, text, kind):
    assert verdict(partner="WLD", measure="exports", text=text, change=change) is kind


def test_a_change_over_five_years():
    # The deficit: 13.2 in 2011 (USTR, 2017-07-12); 2016 from 69.9 - 42.3 = 27.5 to 27.7. From
    # 13.25 to 27.5 is +107.5 %; from 13.15 to 27.7, +110.6 %: "more than doubled", +109 %.
    assert verdict(partner="KOR", measure="deficit", text="109%", change="percent", since=2011) is (
        VerdictKind.CONSISTENT
    )
    assert verdict(partner="KOR", measure="deficit", text="50%", change="percent", since=2011) is (
        VerdictKind.INCONSISTENT
    )


def test_a_claim_with_its_own_base_figure():
    # Exports to Korea 42.3 in 2016 (42.25 to 42.35) against the claim's own 43.5 for 2015
    # (43.45 to 43.55): from 42.25 / 43.55 - 1 = -2.99 % to 42.35 / 43.45 - 1 = -2.53 %.
    base = {"partner": "KOR", "measure": "exports", "change": "percent", "base": "$43.5 billion"}
    assert verdict(text="-2.8%", **base) is VerdictKind.CONSISTENT
    assert verdict(text="-5%", **base) is VerdictKind.INCONSISTENT


def test_a_published_change_decides_where_there_is_one():
    # USTR's "down 2.3 %" (Kelley Drye) for the 2016 goods deficit.
    assert verdict(partner="KOR", measure="deficit", text="-2.3%", change="percent") is (
        VerdictKind.CONSISTENT
    )
    assert verdict(partner="KOR", measure="deficit", text="-4%", change="percent") is (
        VerdictKind.INCONSISTENT
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"measure": "exports", "text": "$1 billion", "change": "percent"}, "text"),
        ({"measure": "exports", "text": "5%", "change": "amount"}, "text"),
        ({"measure": "balance", "text": "5%", "change": "percent"}, "measure"),
        ({"measure": "share_of_reporter_exports", "text": "5%", "change": "percent"}, "measure"),
        ({"measure": "exports", "text": "5%", "change": "percent", "since": 2016}, "since"),
        ({"measure": "exports", "text": "5%", "change": "double"}, "change"),
        ({"measure": "exports", "text": "$1 billion", "since": 2015}, "change"),
    ],
)
def test_a_change_claim_that_cannot_be_checked_is_refused(fields, field):
    with pytest.raises(korus.KorusError) as caught:
        Claim("c", "USA", "KOR", 2016, **fields)
    assert caught.value.field == field


def test_change_claims_in_a_claims_file(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text(
        '[[claim]]\nid = "growth"\nreporter = "USA"\npartner = "WLD"\nyear = 2016\n'
        'scope = "goods"\nmeasure = "exports"\nchange = "amount"\nsince = 2015\n'
        'text = "-$48.9 billion"\n'
    )
    (claim,) = load_claims(path)
    assert (claim.change, claim.since) == ("amount", 2015)
    assert check_claims([claim])[0].verdict is VerdictKind.CONSISTENT


def test_a_claim_from_the_other_side_of_the_pair_is_not_decided_by_this_sides_figures():
    # Korea's ministry on Korea's goods surplus with the US: korus ships US figures only. They
    # are shown (the US deficit with Korea, 27.5 to 27.7 from 69.9 - 42.3), never a verdict.
    (result,) = check_claims(
        [Claim("k", "KOR", "USA", 2016, "surplus", text="$23.2 billion", scope="goods")]
    )
    assert result.verdict is VerdictKind.UNDECIDABLE
    assert "no published surplus of KOR with USA" in result.explanation
    assert "USA's own figures give its deficit with KOR as 27.5 to 27.7 billion USD" in (
        result.explanation
    )
