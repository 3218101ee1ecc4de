"""Import torch and numpy, or say exactly how to install them."""

import sys

APT_HINT = "apt-get update && apt-get install -y python3-torch python3-numpy"


def require():
    missing = []
    try:
        import numpy  # noqa: F401
    except ImportError:
        missing.append("python3-numpy")
    try:
        import torch  # noqa: F401
    except ImportError:
        missing.append("python3-torch")
    if missing:
        sys.stderr.write(
            "error: the Python side needs %s under %s, which is missing here.\n"
            "Install with (as root): %s\n" % (", ".join(missing), sys.executable, APT_HINT)
        )
        sys.exit(3)
