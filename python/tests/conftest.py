"""Where the tests find the command line (NORMSIM, set by CTest) and the test data."""

import os
import subprocess

import pandas as pd
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("NS_SOURCE_DIR", os.path.join(HERE, "..", ".."))


@pytest.fixture(scope="session")
def source():
    return SOURCE


@pytest.fixture(scope="session")
def cli_csv():
    """cli_csv(*args): `normsim ARGS --format csv` read by pandas (args without
    --format where the command has none, e.g. export)."""
    exe = os.environ.get("NORMSIM", os.path.join(SOURCE, "build", "normsim"))
    if not os.path.exists(exe):
        pytest.skip("no normsim program (set NORMSIM)")

    def run(*args, fmt=True, cwd=None):
        argv = [exe, *args] + (["--format", "csv"] if fmt else [])
        out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=cwd)
        import io
        return pd.read_csv(io.StringIO(out.stdout))

    return run
