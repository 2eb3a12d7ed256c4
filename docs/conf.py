"""Sphinx configuration for korus's documentation."""

import korus

project = "korus"
author = "The korus developers"
copyright = "2026, The korus developers"
release = korus.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]
autodoc_typehints = "description"
autodoc_member_order = "bysource"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "pint": ("https://pint.readthedocs.io/en/stable", None),
    "attrs": ("https://www.attrs.org/en/stable", None),
}
doctest_global_setup = """
import datetime
from decimal import Decimal
import korus
from korus import *
"""
exclude_patterns = ["_build"]
html_theme = "alabaster"
