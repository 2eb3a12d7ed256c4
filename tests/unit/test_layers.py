"""The import graph of the installed korus keeps korus's layers (docs/_ext/korus_layers.py):
no cycle, no import from a layer above or from another domain of the same layer, no private
module or name of another package. The explanation page "Layers" draws the same graph."""

import pathlib
import sys

import pytest

import korus

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import korus_layers  # noqa: E402

PACKAGE = pathlib.Path(korus.__file__).parent


def test_the_import_graph_keeps_the_layers():
    assert korus_layers.violations(PACKAGE) == []


def test_every_module_is_in_a_layer():
    for module in korus_layers.modules(PACKAGE):
        korus_layers.layer_of(module)  # raises for a module no layer holds


@pytest.mark.parametrize(
    ("source", "target", "name", "broken"),
    [
        ("korus._model", "korus._calc", "balance", "a layer above its own"),
        ("korus.claims._published", "korus.readers", "read_comtrade", "another domain"),
        ("korus._cli", "korus.claims._published", "check_claims", "private module"),
        ("korus._calc", "korus._units", "_parts", "a private name of another module"),
        # What korus.readers lends korus.columnar's fast table reader, it lends to it alone,
        # and only those modules.
        ("korus.columnar._frames", "korus.readers._comtrade_arrow", "COLUMNS_READ", "private"),
        ("korus.columnar._comtrade", "korus.readers._comtrade_row", "_economy", "private"),
    ],
)
def test_each_rule_finds_what_breaks_it(tmp_path, source, target, name, broken):
    # A copy of korus with one import added: the rules must notice it.
    import shutil

    copy = tmp_path / "korus"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    path = copy.joinpath(*source.split(".")[1:])
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    path.write_text(path.read_text() + f"\nfrom {target} import {name}\n")
    assert any(broken in v for v in korus_layers.violations(copy))


def test_a_cycle_is_found(tmp_path):
    import shutil

    copy = tmp_path / "korus"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    errors = copy / "_errors.py"
    errors.write_text(errors.read_text() + "\n\ndef f():\n    from korus._validate import text\n")
    assert any("cycle" in v and "korus._errors" in v for v in korus_layers.violations(copy))
