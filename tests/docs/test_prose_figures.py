"""Every figure in the docs' prose comes from a source or from the page itself: the published
figures korus ships, a number an example on the same page computes or prints, or a figure listed
here with where it comes from. A figure typed into prose from nowhere fails this test."""

import csv
import importlib.resources
import io
import pathlib
import re
from decimal import Decimal

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "docs").rglob("*.rst")), ROOT / "README.md"]

#: A printed trade figure: an amount with a scale word, or a percentage.
FIGURE = re.compile(
    r"(?<![\w.^])[-−]?(?:US)?\$?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    r"(?P<unit>billion|million|bn|%|percent|per cent)"
)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
SCALES = {"billion": 9, "bn": 9, "million": 6}

#: Figures whose source is not on their page, each with it.
SOURCED = {
    # UN Comtrade's 2022 record of US trade with China and Korea, read from the real file by
    # tests/samples/test_real_comtrade.py (575,688,091,172 CIF; 536,732,471,721 FOB; exports
    # 153,837,022,415): the differences as computed there.
    ("docs/explanation/measurement.rst", "575.69"),
    ("docs/explanation/measurement.rst", "536.73"),
    ("docs/explanation/measurement.rst", "153.84"),
    ("docs/explanation/measurement.rst", "421.85"),
    ("docs/explanation/measurement.rst", "382.90"),
    ("README.md", "575.7"),
    # Germany's imports from China against China's exports to Germany, 177.8 %: computed by
    # the ComtradeData.mirror docstring and tests/unit/test_comtrade.py.
    ("docs/explanation/measurement.rst", "178"),
    ("docs/how-to/comtrade.rst", "178"),
    # Commerce's 2022 release, quoted on the page from Investopedia.
    ("docs/tutorial/published-deficit.rst", "29.4"),
    # korus's measurements (benchmarks/columnar.py): table sizes, not trade figures.
    ("docs/explanation/columnar.rst", "25"),
    ("docs/explanation/columnar.rst", "10"),
    ("docs/explanation/columnar.rst", "50"),
    # ... and benchmarks/readers.py: the share of a read the garbage collector took (measured
    # with the collector paused and not, on a million rows).
    ("docs/explanation/columnar.rst", "40"),
    # The range the printed "$27.7 billion" allows (Figure.parse's docstring computes it).
    ("README.md", "27.75"),
    # The arithmetic of percentage points, explained in words on the page: 100 % of shares,
    # 2.9 % to 3.1 % is +0.2 points and +6.9 % (3.1 / 2.9 - 1 = 6.897 %).
    ("docs/explanation/design.rst", "100"),
    ("docs/explanation/design.rst", "3.1"),
    ("docs/explanation/design.rst", "0.2"),
    ("docs/explanation/design.rst", "6.9"),
}


def _published():
    # As installed: the tests run against the built wheel, with src/ out of the way.
    text = importlib.resources.files("korus.data").joinpath("us-korea-published-figures.csv")
    text = text.read_text(encoding="utf-8")
    values = {row["value"] for row in csv.DictReader(io.StringIO(text))}
    return values | {v.lstrip("-") for v in values}  # "down 2.3%" prints -2.3 without its sign


def _split(text):
    """The page's prose lines, and the numbers its examples compute or print."""
    prose, numbers = [], []
    in_example = in_fence = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            # A Markdown code block: what it shows, an example's output too, is no prose.
            in_fence = not in_fence
        elif (
            in_fence
            or stripped.startswith((">>>", "..."))
            or (in_example and line.startswith("   "))
        ):
            in_example = bool(stripped)
            numbers += [Decimal(n.replace(",", "")) for n in NUMBER.findall(line)]
        else:
            in_example = False
            prose.append(line)
    return prose, numbers


def _agrees(number, unit, computed):
    """Whether a printed number is one an example gives, rounded as printed."""
    printed = Decimal(number)
    places = Decimal(1).scaleb(printed.as_tuple().exponent)
    for value in computed:
        for scaled in (value, value.scaleb(-SCALES.get(unit, 0))):
            if abs(scaled - printed) <= places / 2 or abs(abs(scaled) - printed) <= places / 2:
                return True
    return False


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_figure_in_prose_has_a_source(page):
    name = str(page.relative_to(ROOT))
    prose, computed = _split(page.read_text(encoding="utf-8"))
    published = _published()
    unsourced = []
    for line in prose:
        for match in FIGURE.finditer(line):
            number = match["number"].replace(",", "")
            if number in published or (name, number) in SOURCED:
                continue
            if _agrees(number, match["unit"], computed):
                continue
            unsourced.append(f"{match.group()} in {line.strip()[:80]!r}")
    assert unsourced == []


def test_the_sourced_list_has_no_stale_entries():
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in PAGES}
    assert [entry for entry in SOURCED if entry[1] not in texts[entry[0]]] == []
