import os
import pathlib
import re
import shutil
import subprocess

import pytest

JAVA_NEEDED = 17


def _java_version():
    """The major version of the Java that PySpark would start, or None with the reason."""
    home = os.environ.get("JAVA_HOME")
    java = str(pathlib.Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not pathlib.Path(java).exists():
        return None, "no java on PATH and no JAVA_HOME"
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"{java} -version failed: {error}"
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not match:
        return None, f"{java} -version printed no version"
    major = int(match.group(1))
    return (int(match.group(2)) if major == 1 else major), java


def pytest_collection_finish(session):
    # Without a JDK every Spark test fails on its own, in a cascade of Py4J errors; one message
    # says what is missing instead.
    if not any("spark" in item.nodeid for item in session.items):
        return
    version, where = _java_version()
    if version is None or version < JAVA_NEEDED:
        found = where if version is None else f"Java {version} at {where}"
        pytest.exit(
            f"the Spark tests need Java {JAVA_NEEDED} or newer ({found}). Install a JDK "
            "(e.g. apt install openjdk-17-jre-headless) and set JAVA_HOME, or leave Spark out: "
            "python -m pytest -k 'not spark'",
            returncode=4,
        )


@pytest.fixture(scope="session")
def spark():
    from spark_local import spark_session

    session = spark_session()
    yield session
    session.stop()
