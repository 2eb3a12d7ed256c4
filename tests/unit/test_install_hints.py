"""Every install hint names korus's distribution, ``korus-trade``: ``korus`` on PyPI is another
project, so a hint naming it installs the wrong thing."""

import pathlib
import re
import tomllib

import korus
from korus._install import DISTRIBUTION, install_hint

ROOT = pathlib.Path(__file__).resolve().parents[2]
# "pip install korus" or "korus[extra]" for any name but korus-trade.
WRONG = re.compile(r"pip3? install\s+[\"']?korus(?![\w-])|(?<![\w\-])korus\[")


def _texts():
    package = pathlib.Path(korus.__file__).parent  # the installed code, not src/
    yield from package.rglob("*.py")
    for folder in ("docs", "examples", "benchmarks", "tests"):
        for suffix in ("*.rst", "*.md", "*.py", "*.toml"):
            yield from (ROOT / folder).rglob(suffix)
    yield from (ROOT / name for name in ("README.md", "pyproject.toml", ".ci/run"))


def test_no_hint_names_another_distribution():
    found = []
    for path in _texts():
        if path.is_file() and path.name != "test_install_hints.py":
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if WRONG.search(line):
                    found.append(f"{path.relative_to(path.anchor)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_distribution_is_the_one_pyproject_builds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == DISTRIBUTION == "korus-trade"
    extras = project["optional-dependencies"]
    assert set(extras["columnar"][0].removeprefix("korus-trade[").rstrip("]").split(",")) == {
        "polars",
        "duckdb",
    }
    assert any(dep.startswith("pyarrow") for dep in extras["polars"])
    assert any(dep.startswith("korus-trade[hypothesis") for dep in extras["docs"])
    assert install_hint("polars") == 'pip install "korus-trade[polars]"'


def test_the_pattern_finds_what_it_is_for():
    assert WRONG.search("pip install korus")
    assert WRONG.search('pip install "korus[polars]"')
    assert WRONG.search("``korus[duckdb]``")
    assert not WRONG.search('pip install "korus-trade[polars]"')
    assert not WRONG.search("import korus")
