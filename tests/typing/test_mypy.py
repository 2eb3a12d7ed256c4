"""korus's public API type-checks in user code under ``mypy --strict``."""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).parent


def test_user_code_passes_mypy_strict():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(HERE / "user_code.py")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_catches_a_wrong_type(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import korus\n"
        "b: korus.Balance = korus.Balance.of('USA', 'KOR', 'goods', 2016, exports='$1', imports='$2')\n"
        "x: int = korus.deficit(b)\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Incompatible types in assignment" in result.stdout
