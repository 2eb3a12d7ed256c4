"""The command's output as data and as text: JSON that its shipped schemas describe, the same
in every language but for its display fields; text that keeps the printed precision, aligns by
display width in Korean, names economies in CLDR's words and credits every publisher."""

import importlib.resources
import json
import re
import subprocess
import sys
from fractions import Fraction

import jsonschema
import pytest

import korus
from korus._cli import build_parser, main
from korus._cli._text import places_of, printed_value, scale_word, value_text, width
from korus.claims import published_figures


def _schema(name):
    folder = importlib.resources.files("korus.data").joinpath("schemas")
    text = folder.joinpath(name).read_text("utf-8")
    return json.loads(text)


def _run(argv, capsys):
    status = main(argv)
    return status, capsys.readouterr().out


def _without_display(document):
    document = json.loads(json.dumps(document))
    document.pop("display")
    for row in document["rows"]:
        row.pop("display")
    return document


def test_the_fact_sheet_json_is_described_by_its_schema_and_the_same_in_every_language(capsys):
    _, english = _run(["factsheet", "--format", "json", "--locale", "en"], capsys)
    _, korean = _run(["factsheet", "--format", "json", "--locale", "ko"], capsys)
    english, korean = json.loads(english), json.loads(korean)
    schema = _schema("factsheet-1.schema.json")
    jsonschema.validate(english, schema)
    jsonschema.validate(korean, schema)
    assert _without_display(english) == _without_display(korean)
    deficit = next(r for r in english["rows"] if (r["scope"], r["measure"]) == ("goods", "deficit"))
    assert deficit["printed"]["range"] == {
        "low": "27650000000",
        "high": "27750000000",
        "unit": "USD",
    }
    assert deficit["recomputed"] == {"low": "27500000000", "high": "27700000000", "unit": "USD"}
    assert deficit["source"]["publisher"] == "USTR"
    exports = next(r for r in english["rows"] if (r["scope"], r["measure"]) == ("goods", "exports"))
    assert exports["recomputed"] is None  # the printed figure is not echoed as a recomputation
    assert "USITC" in english["publishers"]


def test_the_check_json_is_described_by_its_schema(capsys):
    status, out = _run(["check", "docs/examples/seed-claims.toml", "--format", "json"], capsys)
    document = json.loads(out)
    jsonschema.validate(document, _schema("check-1.schema.json"))
    results = {r["claim"]: r for r in document["results"]}
    change = results["goods-deficit-change"]
    assert (change["verdict"], change["route"]) == ("consistent", "published")
    assert change["printed"]["range"] == {"low": "-2.35", "high": "-2.25", "unit": "percent"}
    revised = results["goods-deficit"]
    assert revised["verdict"] == "revised"
    assert revised["sources"][0].startswith("U.S. Department of Commerce")
    assert status == 1


def test_text_keeps_the_printed_precision():
    assert value_text(Fraction(1_453_721 * 10**6), "USD", "en_US", 0, "million") == (
        "$1,453,721 million"
    )
    assert value_text(Fraction(17 * 10**9), "USD", "en_US", 1, "billion") == "$17.0 billion"
    assert value_text(Fraction(1_453_721 * 10**6), "USD", "ko_KR", 0, "million") == (
        "US$14,537.21억"
    )
    assert value_text(Fraction(277 * 10**8), "USD", "ko_KR", 1, "billion") == "US$277억"


def test_every_money_figure_the_korean_fact_sheet_writes_reads_back():
    money = [p.figure for p in published_figures() if p.figure.unit.endswith(("USD", "KRW"))]
    assert len(money) >= 20
    for figure in money:
        text = value_text(
            printed_value(figure), figure.range.unit, "ko_KR", places_of(figure), scale_word(figure)
        )
        read = korus.Figure.parse(text)
        # The same amount, in the same currency, printed no coarser than the figure was.
        assert read.range.unit == figure.range.unit, text
        assert printed_value(read) == printed_value(figure), text
        assert figure.range.low <= read.range.low <= read.range.high <= figure.range.high, text


def test_the_korean_fact_sheet_aligns_by_display_width(capsys):
    _, out = _run(["factsheet", "--locale", "ko"], capsys)
    rows = [line for line in out.splitlines() if line.startswith("  ") and " 발표 " in line]
    assert len(rows) >= 10
    # Where each column starts, in terminal columns: the same on every row.
    starts = {
        (width(line[: line.index(" 발표 ")]), width(line[: line.index(" 재계산 ")]))
        for line in rows
    }
    assert len(starts) == 1
    assert "미국 수출 중 비중" in out  # the economy's name from CLDR, not its code
    assert "출처:" in out
    assert "USITC" in out


def test_the_version_and_the_exit_statuses_are_documented():
    done = subprocess.run(
        [sys.executable, "-m", "korus", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"korus {korus.__version__} (korus-trade on PyPI)"
    epilog = build_parser().epilog
    for status in ("0 all consistent", "1 a claim is inconsistent", "2 bad arguments", "3 a bug"):
        assert status in epilog


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["check", "docs/examples/seed-claims.toml"], 1),
        (["check", "no-such-file.toml"], 2),
        (["factsheet"], 0),
        (["read", "comtrade_json"], 0),  # a sample korus ships, by its kind
    ],
)
def test_each_exit_status(argv, status, capsys):
    if argv[0] == "read":
        argv = ["read", str(korus.readers.sample_file(argv[1]))]
    assert main(argv) == status
    assert "Traceback" not in capsys.readouterr().err


def test_the_hint_for_a_census_file_read_as_comtrade(capsys):
    assert main(["read", str(korus.readers.sample_file("census_json"))]) == 2
    assert re.search(r"--census VARIABLE", capsys.readouterr().err)


def test_json_numbers_are_exact_however_long():
    from korus._cli._json import number

    assert number(Fraction(123456789012345678901234567891, 10)) == "12345678901234567890123456789.1"
    assert number(Fraction(-276, 10)) == "-27.6"
    assert number(Fraction(1, 3)) == "0.3333333333333333333333333333"  # 28 digits, said so
