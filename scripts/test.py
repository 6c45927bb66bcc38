"""Set up and run the whole test suite: ruff (lint and format), then pytest (extra arguments go
to pytest).

python3 scripts/test.py [pytest arguments]
"""

import subprocess
import sys

from environment import BIN, ROOT, ensure_environment, run


def main() -> int:
    ensure_environment("test")
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    return subprocess.run([str(BIN / "pytest"), *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
