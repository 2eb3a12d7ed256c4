"""The Sphinx documentation builds with zero warnings and documents every public name."""

import enum
import pathlib
import subprocess
import sys
import zlib

import pytest

import korus

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    doctrees = tmp_path_factory.mktemp("doctrees")
    # As a user runs it: -n every cross-reference must resolve, -W any warning fails,
    # -E no cached state.
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-E"]
    result = subprocess.run(
        [*command, "-q", "-d", str(doctrees), str(DOCS), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return out


def inventory_names(path):
    data = path.read_bytes()
    header_end = 0
    for _ in range(4):  # "# Sphinx inventory version 2", project, version, compression note
        header_end = data.index(b"\n", header_end) + 1
    body = zlib.decompress(data[header_end:]).decode("utf-8")
    return {line.split(" ", 1)[0] for line in body.splitlines() if line}


def test_docs_build_without_warnings(built):
    assert (built / "index.html").exists()
    assert (built / "tutorial" / "seed-article.html").exists()


NAMESPACES = (
    korus,
    korus.readers,
    korus.claims,
    korus.agreements,
    korus.columnar,
    korus.fetch,
    korus.testing,
)


def test_every_public_name_is_in_the_docs_inventory(built):
    names = inventory_names(built / "objects.inv")
    public = {
        f"{module.__name__}.{name}"
        for module in NAMESPACES
        for name in module.__all__
        if name != "__version__"
    }
    assert public - names == set()


def test_every_enumeration_member_is_in_the_docs_inventory(built):
    names = inventory_names(built / "objects.inv")
    members = {
        f"{module.__name__}.{name}.{member.name}"
        for module in NAMESPACES
        for name in module.__all__
        if isinstance(getattr(module, name), type) and issubclass(getattr(module, name), enum.Enum)
        for member in getattr(module, name)
    }
    assert members
    assert members - names == set()


def test_the_layers_page_draws_the_installed_code(built):
    page = (built / "explanation" / "layers.html").read_text(encoding="utf-8")
    for module in ("korus.readers._comtrade", "korus._calc", "korus.columnar._engine_spark"):
        assert module in page


def test_the_changelog_is_in_the_docs(built):
    page = (built / "reference" / "changelog.html").read_text(encoding="utf-8")
    assert "Unreleased" in page


@pytest.mark.parametrize(
    ("page", "label"),
    [
        ("explanation/sources.html", "US exports to Korea, by year"),
        ("how-to/comtrade.html", "Mirror flows, 2022"),
        ("tutorial/balances-as-a-table.html", "US balance with each partner, 2022"),
    ],
)
def test_the_built_pages_hold_the_charts_korus_draws(built, page, label):
    text = (built / page).read_text(encoding="utf-8")
    assert '<svg class="korus-chart"' in text
    assert f'aria-label="{label}' in text
    assert text.count("<rect") >= 3  # bars, not an empty frame


def test_the_theme_is_furo(built):
    assert "furo" in (built / "index.html").read_text(encoding="utf-8")
