"""Rank claims: decided only where the data rule out every other rank, otherwise undecided with
the bound in words; a rank is never "consistent within rounding"."""

import pytest

import korus
from korus import VerdictKind
from korus.claims import Claim, check_claims, figures_from_flows


def exports(partner, value):
    return korus.TradeFlow.of("USA", partner, "export", "goods", 2022, f"{value} USD")


def rank_claim(text, partner="KOR"):
    return Claim("r", "USA", partner, 2022, "rank_exports", text=text, scope="goods")


def verdict(text, flows, partner="KOR"):
    (result,) = check_claims([rank_claim(text, partner)], figures_from_flows(flows))
    return result


PARTNERS = [exports("CAN", 100), exports("MEX", 50), exports("KOR", 30)]


def test_without_a_world_total_a_rank_is_only_bounded():
    # The "60th partner": USTR published 6th, and the six partners in the shipped data put
    # Korea 6th at best; never consistent.
    sixtieth = check_claims(
        [Claim("x", "USA", "KOR", 2016, "rank_two_way_trade", text="60", scope="goods")]
    )[0]
    assert sixtieth.verdict is VerdictKind.INCONSISTENT
    assert "rank 6 at best" in sixtieth.explanation
    # The data decide what the rank is not, and leave 3rd open: three partners, no world total.
    result = verdict("3", PARTNERS)
    assert result.verdict is VerdictKind.UNDECIDABLE
    assert "at best 3rd" in result.explanation
    assert verdict("2", PARTNERS).verdict is VerdictKind.INCONSISTENT  # above its best


def test_a_complete_partner_list_decides_the_rank():
    # The world total is the sum of the three: no trade is left for another partner.
    flows = [*PARTNERS, exports("WLD", 180)]
    decided = verdict("3", flows)
    assert decided.verdict is VerdictKind.CONSISTENT
    assert "the rank the data give" in decided.explanation
    assert verdict("60", flows).verdict is VerdictKind.INCONSISTENT
    assert verdict("1", flows, partner="CAN").verdict is VerdictKind.CONSISTENT


@pytest.mark.parametrize(
    ("world", "expected", "words"),
    [
        # 20 dollars left: no partner not in the data can hold more than Korea's 30.
        (200, {"3": VerdictKind.CONSISTENT, "4": VerdictKind.INCONSISTENT}, "3rd, ranked"),
        # 80 left: room for two partners of more than 30 each (2 x 30 < 80), not three.
        (
            260,
            {
                "3": VerdictKind.UNDECIDABLE,
                "5": VerdictKind.UNDECIDABLE,
                "6": VerdictKind.INCONSISTENT,
            },
            "3rd at best and 5th at worst",
        ),
    ],
)
def test_a_world_total_bounds_the_partners_not_in_the_data(world, expected, words):
    flows = [*PARTNERS, exports("WLD", world)]
    for text, kind in expected.items():
        result = verdict(text, flows)
        assert result.verdict is kind, (text, result.explanation)
    assert words in verdict("3", flows).explanation


def test_equal_printed_values_leave_the_order_open():
    # Printed to the dollar, 30 and 30 may be 29.6 and 30.4: either could be first.
    flows = [exports("CAN", 30), exports("KOR", 30), exports("WLD", 60)]
    result = verdict("1", flows)
    assert result.verdict is VerdictKind.UNDECIDABLE
    assert "1st at best and 2nd at worst" in result.explanation
    assert verdict("3", flows).verdict is VerdictKind.INCONSISTENT


def test_the_fact_sheet_never_calls_a_bound_consistent():
    import contextlib
    import io

    from korus._cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["factsheet"])
    ranks = [line for line in out.getvalue().splitlines() if line.strip().startswith("rank")]
    assert len(ranks) == 3
    for line in ranks:
        assert "at best" in line
        assert "within rounding" not in line
        assert line.split("at best", 1)[1].split()[0] == "undecidable"  # the verdict column
