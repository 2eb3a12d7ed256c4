"""Sphinx configuration for korus's documentation.

Build it warning-free, with every cross-reference checked:
``sphinx-build -n -W --keep-going docs docs/_build/html``.
"""

import pathlib
import sys

import korus

# korus_layers: the "korus-layers" directive, which draws the import graph of the installed korus;
# korus_charts: the "korus-chart" directive, charts computed by korus at build time.
sys.path.insert(0, str(pathlib.Path(__file__).parent / "_ext"))

project = "korus"
author = "The korus developers"
copyright = "2026, The korus developers"
release = korus.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "myst_parser",
    "korus_layers",
    "korus_charts",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
autodoc_typehints = "description"
autodoc_member_order = "bysource"
nitpicky = True
nitpick_ignore = [
    # The type variable of Ranked[K]: a placeholder, not a name to document.
    ("py:class", "korus._calc.K"),
    ("py:class", "K"),
    # httpx documents itself with MkDocs: there is no Sphinx inventory to link its types to.
    ("py:class", "httpx.BaseTransport"),
]

# Inventories ship in docs/_inventories (see its README): the build needs no network, and each
# link goes to the documentation of the version the inventory describes.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.11", "_inventories/python.inv"),
    "pint": ("https://pint.readthedocs.io/en/0.19.2", "_inventories/pint.inv"),
    "attrs": ("https://www.attrs.org/en/22.2.0", "_inventories/attrs.inv"),
    "hypothesis": (
        "https://hypothesis.readthedocs.io/en/hypothesis-python-6.67.1",
        "_inventories/hypothesis.inv",
    ),
}
doctest_global_setup = """
import datetime
from decimal import Decimal
import korus
from korus import *
"""
exclude_patterns = ["_build", "_inventories", "reference/_generated"]
html_theme = "furo"
html_title = f"korus {release}"


def _copy_crosswalks() -> None:
    # The reference shows korus's crosswalk tables as the installed package holds them, so the
    # docs can never show a table other than the one korus reads.
    import importlib.resources
    import pathlib

    target = pathlib.Path(__file__).parent / "reference" / "_generated"
    target.mkdir(exist_ok=True)
    for name in ("comtrade_economies.csv", "census_countries.csv"):
        text = importlib.resources.files("korus.data").joinpath(name).read_text("utf-8")
        (target / name).write_text(text, encoding="utf-8")


_copy_crosswalks()
