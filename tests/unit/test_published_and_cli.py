"""The embedded published figures, claims files, and the korus command."""

import contextlib
import datetime
import io
import json
import pathlib
import subprocess
import sys
import types

import pytest

import korus
from korus import VerdictKind
from korus._cli import main
from korus.claims import Claim, FigureMeasure, check_claims, load_claims, published_figures
from korus.testing import write_sample_files

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED_CLAIMS = ROOT / "docs" / "examples" / "seed-claims.toml"


def test_the_embedded_figures_keep_their_provenance_and_precision():
    figures = published_figures()
    assert len(figures) == 47
    deficit = published_figures(scope="goods", measure="deficit", partner="KOR", year=2016)
    # Three vintages of one statistic, each with its release date (the fact sheet's undated).
    assert [(str(f.figure.value), f.released) for f in deficit] == [
        ("27.7", None),
        ("27.6", datetime.date(2017, 7, 12)),
        ("27.57", datetime.date(2018, 2, 12)),
    ]
    keys = {f.key for f in deficit}
    assert keys == {
        "ustr16.goods.deficit",
        "ustr17pr.goods.deficit",
        "commerce18.goods.deficit_2016",
    }
    (fact_sheet,) = [f for f in deficit if f.key == "ustr16.goods.deficit"]
    assert (
        fact_sheet.figure.provenance.url
        == "https://ustr.gov/countries-regions/japan-korea-apec/korea"
    )
    assert str(fact_sheet.figure.range) == "27.65 to 27.75 billion USD"
    assert published_figures(measure=FigureMeasure.RANK_EXPORTS)[0].figure.step == 0


def test_the_seed_articles_claims():
    results = {r.claim.id: r for r in check_claims(load_claims(SEED_CLAIMS))}
    kinds = {key: r.verdict for key, r in results.items()}
    assert kinds == {
        "bilateral-trade": VerdictKind.CONSISTENT,
        # USTR published the rank; computed from the six partners in the shipped data, with no
        # world total of two-way trade, it is "6th at best", and the explanation says so too.
        "sixth-largest-partner": VerdictKind.CONSISTENT,
        # USTR printed 27.7; Commerce revised it to 27.57 in 2018.
        "goods-deficit": VerdictKind.REVISED,
        # The changes USTR published (quoted by Kelley Drye) decide the change claims.
        "goods-deficit-change": VerdictKind.CONSISTENT,
        "services-surplus": VerdictKind.CONSISTENT,
        "services-surplus-change": VerdictKind.CONSISTENT,
        "share-of-us-exports": VerdictKind.CONSISTENT,
        "top-shipments": VerdictKind.INCONSISTENT,
    }
    assert "fits goods only" in results["bilateral-trade"].explanation
    assert "rank 6 at best" in results["sixth-largest-partner"].explanation
    assert "a revision of -130 million USD" in results["goods-deficit"].explanation
    assert "omits HS:84" in results["top-shipments"].explanation
    assert "ranked 1" in results["top-shipments"].explanation
    assert "-2.3 % as published by Kelley Drye" in results["goods-deficit-change"].explanation


def test_a_wrong_claim_is_inconsistent_and_says_by_how_much():
    (result,) = check_claims(
        [Claim("x", "USA", "KOR", 2016, "deficit", text="$30 billion", scope="goods")]
    )
    assert result.verdict is VerdictKind.INCONSISTENT
    assert "off by 1.8 billion USD beyond rounding" in result.explanation


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        (
            {"id": "a", "partner": "KOR", "year": 2016, "measure": "deficit", "text": "$1 billion"},
            "reporter=None: is missing",
        ),
        (
            {
                "id": "b",
                "reporter": "USA",
                "partner": "KOR",
                "year": "sixteen",
                "measure": "deficit",
                "text": "$1",
            },
            "year='sixteen'",
        ),
        (
            {
                "id": "c",
                "reporter": "USA",
                "partner": "KOR",
                "year": 2016,
                "measure": "gdp",
                "text": "$1",
            },
            "measure='gdp'",
        ),
        (
            {
                "id": "d",
                "reporter": "USA",
                "partner": "KOR",
                "year": 2016,
                "measure": "deficit",
                "text": 27.7,
            },
            "text=27.7",
        ),
        (
            {
                "id": "e",
                "reporter": "USA",
                "partner": "KOR",
                "year": 2016,
                "measure": "deficit",
                "text": "$27.7.1 billion",
            },
            "27.7.1",
        ),
        (
            {
                "id": "f",
                "reporter": "USA",
                "partner": "KOR",
                "year": 2016,
                "measure": "deficit",
                "text": "$1",
                "color": "red",
            },
            "color",
        ),
        (
            {
                "id": "g",
                "reporter": "USA",
                "partner": "XXX",
                "year": 2016,
                "measure": "deficit",
                "text": "$1",
            },
            "XXX",
        ),
        (
            {
                "id": "h",
                "reporter": "USA",
                "partner": "Korea",
                "year": 2016,
                "measure": "deficit",
                "text": "$1",
            },
            "partner='Korea': is no code or name of an economy that korus knows; did you mean "
            "South Korea (KOR) or North Korea (PRK)?",
        ),
    ],
)
def test_bad_claims_are_rejected_naming_the_claim_and_the_field(tmp_path, entry, shown):
    path = tmp_path / "claims.json"
    good = {
        "id": "ok",
        "reporter": "USA",
        "partner": "KOR",
        "year": 2016,
        "scope": "goods",
        "measure": "deficit",
        "text": "$27.7 billion",
    }
    path.write_text(json.dumps({"claims": [good, entry]}))
    results = check_claims(load_claims(path))
    assert [r.rejected for r in results] == [False, True]
    assert f"claim {entry['id']}" in results[1].explanation
    assert shown in results[1].explanation
    assert korus.claims.summary(results) == {
        "checked": 1,
        "consistent": 0,
        "inconsistent": 0,
        "undecidable": 0,
        "revised": 1,  # USTR's 27.7, revised by Commerce to 27.57
        "rejected": 1,
    }


def test_claims_and_figures_name_economies_as_people_and_sources_write_them(tmp_path):
    # A claim's economies as the docs promise: an ISO 3166 code or name, or a source's name.
    path = tmp_path / "claims.toml"
    path.write_text(
        '[[claim]]\nid = "a"\nreporter = "United States"\npartner = "Rep. of Korea"\n'
        'year = 2016\nmeasure = "deficit"\nscope = "goods"\ntext = "$27.7 billion"\n'
    )
    (claim,) = load_claims(path)
    assert (claim.reporter, claim.partner) == (korus.Economy("USA"), korus.Economy("KOR"))
    figures = korus.claims.load_figures(
        io.StringIO(
            "key,publisher,document,url,reporter,partner,year,category,measure,value,unit,rounded_to\n"
            "a,Me,,,us,South Korea,2016,goods,deficit,27.7,billion USD,0.1\n"
        )
    )
    assert (figures[0].reporter, figures[0].partner) == (korus.Economy("USA"), korus.Economy("KOR"))
    with pytest.raises(korus.InvalidTypeError, match="reporter=840: must be an Economy, or a code"):
        Claim("b", 840, "KOR", 2016, "deficit", text="$1")


@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        ("c.toml", "[[claim]\nid = 1", "not valid TOML"),
        ("c.json", "{", "not valid JSON"),
        ("c.toml", "title = 'no claims'", "no list of claims"),
        ("c.toml", b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_claims_files(tmp_path, name, content, shown):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(korus.KorusError, match=shown):
        load_claims(path)


def run(*args):
    """The command, run in this process as `korus ARGS` would run: its exit status and what it
    wrote. (One test below runs it as a new interpreter, through `python -m korus`.)"""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit_:
            status = exit_.code
    return types.SimpleNamespace(returncode=status, stdout=out.getvalue(), stderr=err.getvalue())


def test_the_command_runs_as_a_program():
    result = subprocess.run(
        [sys.executable, "-m", "korus", "factsheet", "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == run("factsheet", "--format", "json").stdout


def test_factsheet_prints_the_seed_figures_with_verdicts():
    result = run("factsheet")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    deficit_line = next(line for line in out.splitlines() if "deficit" in line)
    assert "printed $27.7 billion" in deficit_line
    assert "recomputed $27.6 billion" in deficit_line
    assert "consistent within rounding" in deficit_line
    for shown in (
        "$112.2 billion",
        "$10.7 billion",
        "2.9%",
        "rank by two-way trade              printed 6 ",
    ):
        assert shown in out


def test_the_default_run_is_the_factsheet():
    assert run().stdout == run("factsheet").stdout


def test_factsheet_json_parses():
    document = json.loads(run("factsheet", "--format", "json").stdout)
    rows = {(r["scope"], r["measure"]): r for r in document["rows"]}
    assert rows[("goods", "deficit")]["printed"]["value"] == "27.7"
    assert rows[("goods", "deficit")]["display"]["recomputed"] == "$27.6 billion"
    assert rows[("goods", "deficit")]["verdict"] == "consistent"
    assert document["top_exports"][0]["product"] == "HS:84"


def test_factsheet_in_korean_and_markdown():
    korean = run("factsheet", "--locale", "ko")
    assert korean.returncode == 0
    assert "미국–대한민국" in korean.stdout
    assert "US$277억" in korean.stdout
    assert "US$276억" in korean.stdout
    markdown = run("factsheet", "--format", "markdown").stdout
    assert markdown.startswith("# United States–South Korea trade, 2016")
    assert (
        "| Goods | deficit | $27.7 billion | $27.6 billion | consistent within rounding |"
        in markdown
    )


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return write_sample_files(tmp_path_factory.mktemp("samples"))


def test_read_accounts_for_every_row_of_a_census_response(samples):
    result = run("read", str(samples.census_json), "--census", "CNT_VAL_YR")
    assert result.returncode == 0, result.stderr
    # 4 groupings, 6 countries and the world, each at all ports and at 4 ports.
    assert result.stdout.splitlines() == [
        "55 rows, 6 flows, 5 aggregates, 44 breakdowns, 0 rejected",
        "12 of 12 totals equal their parts",
    ]
    assert result.stderr == ""  # no progress where stderr is no terminal


def test_read_takes_gzip_files_and_says_which_option_reads_a_census_response(tmp_path, samples):
    import gzip

    plain = run("read", str(samples.census_json), "--census", "CNT_VAL_YR")
    packed = tmp_path / "census.json.gz"
    packed.write_bytes(gzip.compress(samples.census_json.read_bytes()))
    assert run("read", str(packed), "--census", "CNT_VAL_YR").stdout == plain.stdout
    for census in (samples.census_json, packed):
        # Read as a Comtrade response, as a .json is without --census: the command says why not.
        refused = run("read", str(census))
        assert refused.returncode == 2
        assert "looks like a US Census API response (a list of lists)" in refused.stderr
        assert "--census VARIABLE" in refused.stderr
    comtrade = tmp_path / "comtrade.json.gz"
    comtrade.write_bytes(gzip.compress(samples.comtrade_json.read_bytes()))
    assert run("read", str(comtrade)).stdout == run("read", str(samples.comtrade_json)).stdout


def test_read_exits_1_and_lists_rejected_rows(tmp_path, samples):
    lines = samples.comtrade_csv.read_bytes()
    rows = lines.splitlines(keepends=True)
    korea = next(i for i, row in enumerate(rows) if b'"M","Import"' in row and b'"KOR"' in row)
    rows[korea] = rows[korea].replace(b'"M","Import"', b'"Q","Import"')
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"".join(rows))
    result = run("read", str(broken), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["rows"], report["rejected"]) == (69, 1)
    assert report["rejected_rows"][0]["column"] == "flowCode"
    # One of the world totals lost a partner and no longer equals the sum.
    assert sum(not c["consistent"] for c in report["checks"]) == 1


def test_check_exits_1_when_a_claim_is_inconsistent():
    result = run("check", str(SEED_CLAIMS))
    assert result.returncode == 1
    assert (
        "8 checked, 6 consistent, 1 inconsistent, 0 undecidable, 1 revised, 0 rejected"
        in result.stdout
    )


def test_check_exits_0_when_all_is_consistent(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text(
        '[[claim]]\nid="d"\nreporter="USA"\npartner="KOR"\nyear=2016\nscope="goods"\nmeasure="deficit"\ntext="$27.7 billion"\n'
    )
    result = run("check", str(path), "--format", "json")
    assert result.returncode == 0  # a revised figure is no error in the claim
    assert json.loads(result.stdout)["summary"]["revised"] == 1
    # As published by 2017-08-01: USTR's 27.6 of 2017-07-12, consistent with 27.7.
    early = run("check", str(path), "--format", "json", "--as-of", "2017-08-01")
    assert json.loads(early.stdout)["summary"]["consistent"] == 1
    # Before anything dated was published, USTR's undated fact sheet is all there is.
    assert run("check", str(path), "--as-of", "2017-01-01").returncode == 0
    assert run("check", str(path), "--as-of", "2017-13-01").returncode == 2


@pytest.mark.parametrize(
    "args",
    [
        ("factsheet", "--year", "last"),
        ("factsheet", "--locale", "fr"),
        ("factsheet", "--partner", "Atlantis"),
        ("check", "no/such/file.toml"),
        ("frobnicate",),
        ("factsheet", "--data", "no/such/data.csv"),
        ("read", "no/such/file.csv"),
        # "@name": the path of that sample file
        ("read", "@census_json", "--census", "ALL_VAL_MO"),
        ("read", "@comtrade_legacy", "--direction", "export"),
    ],
)
def test_bad_arguments_give_a_one_line_error_and_exit_2(args, samples):
    args = tuple(str(getattr(samples, a[1:])) if a.startswith("@") else a for a in args)
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") <= 1, result.stderr
    assert "error" in result.stderr


@pytest.mark.parametrize(
    "args", [("--help",), ("factsheet", "--help"), ("check", "--help"), ("read", "--help")]
)
def test_help_everywhere(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(list(args))
    assert info.value.code == 0
    assert "exit status" in capsys.readouterr().out


def test_hostile_sizes_are_refused(tmp_path):
    many = tmp_path / "many.json"
    claim = {
        "id": "x",
        "reporter": "USA",
        "partner": "KOR",
        "year": 2016,
        "measure": "deficit",
        "text": "$1",
    }
    many.write_text(json.dumps({"claims": [claim] * (korus.claims._claims_file.MAX_CLAIMS + 1)}))
    with pytest.raises(korus.InvalidValueError, match="more than 100000 claims"):
        load_claims(many)
    long_text = tmp_path / "long.json"
    long_text.write_text(json.dumps({"claims": [dict(claim, text="$" + "9" * 10_000)]}))
    (result,) = check_claims(load_claims(long_text))
    assert result.rejected
    assert "claim x" in result.explanation
    assert len(result.explanation) < 400


def test_check_with_a_data_file(tmp_path):
    data = tmp_path / "figures.csv"
    data.write_text(
        "key,publisher,document,url,reporter,partner,year,category,measure,value,unit,rounded_to\n"
        "x,Me,,,USA,KOR,2016,goods,exports,40.0,billion USD,0.1\n"
        "m,Me,,,USA,KOR,2016,goods,imports,70.0,billion USD,0.1\n"
    )
    claims = tmp_path / "c.toml"
    claims.write_text(
        '[[claim]]\nid="d"\nreporter="USA"\npartner="KOR"\nyear=2016\nscope="goods"\nmeasure="deficit"\ntext="$27.7 billion"\n'
    )
    result = run("check", str(claims), "--data", str(data))
    assert result.returncode == 1
    assert "off by 2.15 billion USD beyond rounding" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("key,publisher\nx,Me\n")
    result = run("check", str(claims), "--data", str(bad))
    assert result.returncode == 2
    assert "lacks the columns" in result.stderr
