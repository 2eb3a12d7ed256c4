"""Rank verdicts are sound: whatever the partners not in the data hold (within the world total),
the true rank is never called inconsistent, and a rank called consistent is the true one."""

from hypothesis import given
from hypothesis import strategies as st

import korus
from korus import VerdictKind
from korus.claims import Claim, check_claims, figures_from_flows

CODES = ["CAN", "MEX", "CHN", "JPN", "DEU", "VNM", "IND", "GBR"]
VALUES = st.integers(min_value=0, max_value=1000)


def exports(partner, value):
    return korus.TradeFlow.of("USA", partner, "export", "goods", 2022, f"{value} USD")


@given(
    mine=st.integers(min_value=1, max_value=1000),
    known=st.lists(VALUES, max_size=4),
    hidden=st.lists(VALUES, max_size=4),
    world=st.booleans(),
    claimed=st.integers(min_value=1, max_value=12),
)
def test_rank_verdicts_are_sound(mine, known, hidden, world, claimed):
    flows = [exports("KOR", mine), *(exports(c, v) for c, v in zip(CODES, known, strict=False))]
    if world:
        flows.append(exports("WLD", mine + sum(known) + sum(hidden)))
    true_rank = 1 + sum(1 for v in (*known, *hidden) if v > mine)
    figures = figures_from_flows(flows)

    def kind(rank):
        claim = Claim("r", "USA", "KOR", 2022, "rank_exports", text=str(rank), scope="goods")
        return check_claims([claim], figures)[0].verdict

    assert kind(true_rank) is not VerdictKind.INCONSISTENT
    if kind(claimed) is VerdictKind.CONSISTENT:
        assert claimed == true_rank
