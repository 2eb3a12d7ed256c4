"""Vintages: every release of a statistic kept, judged by date, never by the order of rows."""

import datetime
import io

import pytest

import korus
from korus import VerdictKind
from korus.claims import Claim, check_claims, load_figures

HEADER = "key,publisher,document,url,reporter,partner,year,category,measure,value,unit,rounded_to,released\n"


def figures(*rows):
    return load_figures(io.StringIO(HEADER + "".join(f"{r}\n" for r in rows)))


def exports(key, publisher, value, released=""):
    return f"{key},{publisher},,,USA,KOR,2016,goods,exports,{value},billion USD,0.1,{released}"


def claim(text):
    return Claim("c", "USA", "KOR", 2016, "exports", text=text, scope="goods")


def test_a_key_given_twice_is_an_error_naming_both_lines():
    with pytest.raises(korus.ParseError) as caught:
        figures(exports("x", "A", "42.3"), exports("x", "B", "42.1"))
    assert "line 2" in caught.value.reason
    assert caught.value.field.endswith(":3: key")


def test_a_release_date_is_written_yyyy_mm_dd():
    with pytest.raises(korus.ParseError) as caught:
        figures(exports("x", "A", "42.3", "12/07/2017"))
    assert caught.value.field.endswith("released")


def test_two_undated_figures_that_disagree_decide_nothing_in_any_order():
    rows = [exports("a", "USTR", "42.3"), exports("b", "Census", "41.9")]
    for ordered in (rows, rows[::-1]):
        (result,) = check_claims([claim("$42.3 billion")], figures(*ordered))
        assert result.verdict is VerdictKind.UNDECIDABLE
        assert "USTR 42.3 billion USD" in result.explanation
        assert "Census 41.9 billion USD" in result.explanation
        assert "neither is later" in result.explanation


def test_a_later_release_revises_an_earlier_one():
    data = figures(
        exports("first", "USTR", "42.3", "2017-02-07"),
        exports("later", "Census", "42.1", "2018-02-06"),
    )
    (result,) = check_claims([claim("$42.3 billion")], data)
    assert result.verdict is VerdictKind.REVISED
    assert "a revision of -200 million USD" in result.explanation
    (then,) = check_claims([claim("$42.3 billion")], data, as_of=datetime.date(2017, 3, 1))
    assert then.verdict is VerdictKind.CONSISTENT
    (wrong,) = check_claims([claim("$40.0 billion")], data)
    assert wrong.verdict is VerdictKind.INCONSISTENT


def test_figures_of_one_release_that_agree_are_one_figure():
    data = figures(
        exports("a", "USTR", "21.6", "2017-03-07"),
        "b,KEI,,,USA,KOR,2016,goods,exports,21.55,billion USD,0.01,2017-03-07",
    )
    (result,) = check_claims([claim("$21.6 billion")], data)
    assert result.verdict is VerdictKind.CONSISTENT
    assert "21.55 billion USD as published by KEI" in result.explanation  # the finer print


def test_goods_and_services_are_checked_against_goods_plus_services():
    # USTR printed G&S exports of 63.8 and goods 42.3 + services 21.6 = 63.9: both right.
    (result,) = check_claims(
        [
            Claim(
                "c", "USA", "KOR", 2016, "exports", text="$63.8 billion", scope="goods_and_services"
            )
        ]
    )
    assert result.verdict is VerdictKind.CONSISTENT
    # Decided by the published 63.8; the identity listed, on the current figures (KEI's 21.55
    # of 2017-03-07 is the latest release of services exports).
    assert "(42.3 + 21.55 (goods + services)): consistent within rounding" in result.explanation


def test_the_fact_sheet_shows_the_identity_on_the_first_releases():
    import contextlib

    from korus._cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["factsheet"])
    section = out.getvalue().split("Goods and services")[1]
    exports = next(line for line in section.splitlines() if "exports" in line)
    assert "printed $63.8 billion" in exports
    assert "recomputed $63.9 billion" in exports
    assert "consistent within rounding" in exports
