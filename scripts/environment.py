"""Create the virtual environment, install the project and the sandbox carrier into it, and
compile translations.

Shared by scripts/demo.py and scripts/test.py; uses only the standard library.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
SANDBOX = ROOT / "postal_sandbox"  # its own distribution: the production install leaves it out


def run(*command: str | Path, **kwargs) -> None:
    """Run a command from the repository root, stopping on failure."""
    subprocess.run([str(part) for part in command], cwd=ROOT, check=True, **kwargs)


def has_working_pip() -> bool:
    """Tell whether .venv exists and can install (a half-made one is rebuilt)."""
    if not PYTHON.exists():
        return False
    check = subprocess.run([str(PYTHON), "-m", "pip", "--version"], capture_output=True)
    return check.returncode == 0


def install_stamp(extras: str) -> Path:
    """Name the file that records what was installed for these extras."""
    projects = (ROOT / "pyproject.toml").read_bytes() + (SANDBOX / "pyproject.toml").read_bytes()
    digest = hashlib.sha256(projects + extras.encode()).hexdigest()
    return VENV / f".installed-{digest[:16]}"


def ensure_environment(extras: str = "") -> None:
    """Make .venv and install the project (with extras) and the sandbox carrier, unless their
    pyproject.toml files are unchanged."""
    if sys.version_info < (3, 11):  # noqa: UP036  (this script may run on an older python3)
        sys.exit("Antar needs Python 3.11 or newer.")
    if not has_working_pip():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp = install_stamp(extras)
    if not stamp.exists():
        print("Installing Antar and its dependencies …", flush=True)
        target = f".[{extras}]" if extras else "."
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--editable", target, "--editable", SANDBOX)
        stamp.write_text(extras)
    compile_translations()


def compile_translations() -> None:
    """Build the .mo catalogues that Flask-Babel reads from the committed .po files."""
    run(BIN / "pybabel", "-q", "compile", "--directory", ROOT / "delivery" / "translations")
