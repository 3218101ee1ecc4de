"""pytest set-up for the Python side: `PYTHONPATH=scripts /usr/bin/python3 -m pytest -q scripts/tests`.

Puts scripts/ on the import path (so `import purchase` works however pytest is started) and
offers the repository root as a fixture.
"""

import os
import sys

import pytest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(SCRIPTS)
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)


@pytest.fixture(scope="session")
def repo_root():
    """The checkout's root, holding zoo/ and reference-outputs/."""
    return ROOT
