"""Vintages on any input: a claim is judged by what had been published by its day, whatever the
order of the figures, and a figure about something else never changes a verdict."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from korus import Figure, Provenance, VerdictKind
from korus.claims import Claim, PublishedFigure, check_claims

DAYS = st.dates(min_value=datetime.date(2017, 1, 1), max_value=datetime.date(2019, 12, 31))
TENTHS = st.integers(min_value=400, max_value=460).map(lambda n: Decimal(n) / 10)


@st.composite
def releases(draw):
    """One to four releases of US exports to Korea in 2016, each dated, in billions."""
    n = draw(st.integers(min_value=1, max_value=4))
    days = draw(st.lists(DAYS, min_size=n, max_size=n, unique=True))
    return [
        PublishedFigure(
            f"v{i}", "USA", "KOR", 2016, "goods", "exports",
            Figure(draw(TENTHS), "billion USD", Decimal("0.1"),
                   provenance=Provenance("P", released=day)),
        )
        for i, day in enumerate(days)
    ]  # fmt: skip


def verdict(claimed, figures, as_of=None):
    claim = Claim("c", "USA", "KOR", 2016, "exports", text=f"${claimed} billion", scope="goods")
    return check_claims([claim], figures, as_of=as_of)[0].verdict


@given(figures=releases(), claimed=TENTHS, data=st.data())
def test_the_order_of_the_figures_never_matters(figures, claimed, data):
    shuffled = data.draw(st.permutations(figures))
    assert verdict(claimed, figures) is verdict(claimed, shuffled)


@given(figures=releases(), claimed=TENTHS, other=TENTHS, day=DAYS)
def test_a_figure_about_something_else_never_changes_a_verdict(figures, claimed, other, day):
    unrelated = PublishedFigure(
        "u", "USA", "JPN", 2016, "goods", "imports",
        Figure(other, "billion USD", Decimal("0.1"), provenance=Provenance("Q", released=day)),
    )  # fmt: skip
    assert verdict(claimed, figures) is verdict(claimed, [*figures, unrelated])


@given(figures=releases(), claimed=TENTHS)
def test_before_any_release_nothing_is_decided(figures, claimed):
    first = min(f.released for f in figures)
    assert verdict(claimed, figures, as_of=first - datetime.timedelta(days=1)) is (
        VerdictKind.UNDECIDABLE
    )


@given(figures=releases(), claimed=TENTHS, as_of=DAYS)
def test_a_verdict_is_that_of_the_latest_release_by_its_day(figures, claimed, as_of):
    published = sorted((f for f in figures if f.released <= as_of), key=lambda f: f.released)
    kind = verdict(claimed, figures, as_of=as_of)
    claim = Figure.parse(f"${claimed} billion").range
    if not published:
        assert kind is VerdictKind.UNDECIDABLE
    elif claim.overlaps(published[-1].figure.range):
        assert kind is VerdictKind.CONSISTENT
    elif any(claim.overlaps(f.figure.range) for f in published[:-1]):
        assert kind is VerdictKind.REVISED
    else:
        assert kind is VerdictKind.INCONSISTENT
