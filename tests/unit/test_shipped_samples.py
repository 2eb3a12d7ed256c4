"""The sample files korus ships are what its own generator writes today, byte for byte: package
data, so the docs' examples run from an installed wheel, and never edited by hand."""

import pathlib

import pytest

import korus
from korus.readers import sample_file
from korus.readers._samples import SAMPLE_FILES
from korus.testing import write_sample_files


def test_each_shipped_sample_is_what_the_generator_writes(tmp_path):
    written = write_sample_files(tmp_path)
    for kind in SAMPLE_FILES:
        shipped = sample_file(kind)
        assert shipped.name == getattr(written, kind).name
        assert shipped.read_bytes() == getattr(written, kind).read_bytes(), (
            f"{shipped.name} differs from what korus.testing writes; regenerate it with "
            'python -c "from korus.testing import write_sample_files; '
            "write_sample_files('src/korus/data/samples')\""
        )


def test_the_samples_are_installed_with_the_package():
    # Beside the installed code (CI runs the tests against the wheel, without src/).
    package = pathlib.Path(korus.__file__).parent
    for kind in SAMPLE_FILES:
        assert sample_file(kind).is_relative_to(package)


def test_an_unknown_sample_is_named():
    with pytest.raises(korus.UnknownCodeError, match="comtrade_csv, comtrade_json"):
        sample_file("comtrade.csv")
