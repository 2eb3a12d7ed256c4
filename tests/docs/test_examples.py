"""Every example korus shows runs and prints what it says: docstrings, the README, examples/."""

import datetime
import doctest
import enum
import importlib
import pathlib
import pkgutil
import subprocess
import sys
from decimal import Decimal

import pytest

import korus

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(korus.__path__, prefix="korus.")
    # korus.__main__ runs the command when imported; its code is tested through the command.
    if "data" not in name and name != "korus.__main__"
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _globs():
    namespace = {name: getattr(korus, name) for name in korus.__all__}
    return namespace | {
        "korus": korus,
        "Decimal": Decimal,
        "datetime": datetime,
        "pathlib": pathlib,
        # the files the readers' examples read: the samples korus ships, as installed
        "SAMPLE": korus.readers.sample_file("comtrade_csv"),
        "SAMPLE_JSON": korus.readers.sample_file("comtrade_json"),
        "LEGACY_SAMPLE": korus.readers.sample_file("comtrade_legacy"),
        "CENSUS_SAMPLE": korus.readers.sample_file("census_json"),
    }


@pytest.mark.parametrize("module_name", ["korus", *MODULES])
def test_docstring_examples_run(module_name):
    # Public names report korus as their module, so "korus" collects their examples and
    # each private module the examples of its private helpers.
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    # A module's examples see its own names, as a reader of its page would (korus.testing's
    # examples use korus.testing's names), and the samples.
    tests = finder.find(module, module_name, globs=_globs() | vars(module))
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring examples failed in {module_name}"


NAMESPACES = (
    korus,
    korus.readers,
    korus.claims,
    korus.agreements,
    korus.analysis,
    korus.columnar,
    korus.testing,
)


@pytest.mark.parametrize("namespace", NAMESPACES, ids=lambda m: m.__name__)
def test_every_public_callable_has_an_example_in_its_docstring(namespace):
    finder = doctest.DocTestFinder(exclude_empty=True)
    missing = []
    for name in namespace.__all__:
        obj = getattr(namespace, name)
        if not callable(obj):
            continue  # constants: documented in the reference, with nothing to run
        # The version, the registry and type aliases: no example of their own to give.
        if name in {"__version__", "Scope", "Progress", "Quantity", "ureg"}:
            continue
        if (
            isinstance(obj, type)
            and issubclass(obj, korus.KorusError)
            and obj is not korus.KorusError
        ):
            continue  # the errors are shown in the examples of what raises them
        if isinstance(obj, type) and issubclass(obj, enum.Enum):
            continue  # enumerations: their members are shown wherever they are used
        if not any(t.examples for t in finder.find(obj, name, globs=_globs())):
            missing.append(name)
    assert missing == []


def test_readme_examples_run():
    parser = doctest.DocTestParser()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    test = parser.get_doctest(text, _globs(), "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    assert test.examples
    assert runner.summarize(verbose=False).failed == 0


def test_seed_article_example_recomputes_the_printed_figures():
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "seed_article.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "korus: 112.2 billion USD" in out
    assert "korus: 27.6 billion USD" in out
    assert "printed: 27.7 billion USD (USTR)" in out
    assert "korus: 2.9 %" in out
    assert "korus: 6 of the 6 partners in the data" in out
    assert "1. HS 84" in out


DOC_PAGES = sorted((ROOT / "docs").rglob("*.rst"))


def test_the_docs_have_pages():
    assert len(DOC_PAGES) >= 6


@pytest.mark.parametrize("page", DOC_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_documentation_examples_run(page):
    text = page.read_text(encoding="utf-8")
    # A page names the files it reads itself (korus.readers.sample_file), as a reader would.
    globs = {k: v for k, v in _globs().items() if "SAMPLE" not in k}
    test = doctest.DocTestParser().get_doctest(text, globs, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
