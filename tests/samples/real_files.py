"""Where the real-sample tier finds its files: korus's readers on real files written by others.

The files live in ``../shared/samples`` beside the project (or where ``KORUS_SAMPLES`` says)
and are read there, in place: they are not the project's, and never copied into it. This folder
is not collected by a plain ``pytest`` (see ``norecursedirs`` in pyproject.toml); run it with
``pytest tests/samples``, as ``.ci/run`` does where the files exist. Without them, every test
here fails: a tier that cannot run is not a tier that passed.
"""

import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = pathlib.Path(os.environ.get("KORUS_SAMPLES", ROOT.parent / "shared" / "samples"))

COMTRADE_PLUS = SAMPLES / "comtrade" / "comtradeplus_2022_total_CHN-DEU-USA.csv"
COMTRADE_API = SAMPLES / "comtrade" / "comtradeplus_api_v1_CHN_2010.json"
COMTRADE_LEGACY = SAMPLES / "comtrade" / "comtrade_legacy_2016_hs01_world.csv"
CENSUS_PORTS = SAMPLES / "census" / "porths_exports_hs10_2024-12.json"
#: The sourced published figures beside the samples (../shared/reference).
PUBLISHED = SAMPLES.parent / "reference" / "us-korea-published-figures.csv"

for _path in (COMTRADE_PLUS, COMTRADE_API, COMTRADE_LEGACY, CENSUS_PORTS, PUBLISHED):
    if not _path.is_file():
        raise FileNotFoundError(
            f"the real-sample tier needs {_path}: set KORUS_SAMPLES to the folder of the "
            "shared samples, or run the default tier (plain pytest) instead"
        )
