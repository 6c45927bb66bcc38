"""What each install holds: Antar's production install leaves the sandbox carrier out, the
sandbox's own install holds only it; and what the two postal packages may import."""

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
NOT_SOURCE = shutil.ignore_patterns(
    ".venv", ".git", "*.egg-info", "__pycache__", "build", ".*_cache", "instance", "test-artifacts"
)


@pytest.fixture(scope="module")
def source_tree(tmp_path_factory) -> Path:
    """A copy of the repository's sources, so that building leaves nothing in the worktree."""
    copy = tmp_path_factory.mktemp("source") / "antar"
    shutil.copytree(REPOSITORY, copy, ignore=NOT_SOURCE)
    return copy


def built_wheel(project: Path, wheel_dir: Path) -> zipfile.ZipFile:
    """Build the project's wheel as `pip install` does, and open it."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
        + ["--wheel-dir", str(wheel_dir), str(project)],
        check=True,
        capture_output=True,
    )
    [wheel] = wheel_dir.glob("*.whl")
    return zipfile.ZipFile(wheel)


def top_level_packages(wheel: zipfile.ZipFile) -> set[str]:
    return {name.split("/")[0] for name in wheel.namelist() if ".dist-info/" not in name}


def test_the_production_install_leaves_the_sandbox_out(source_tree, tmp_path):
    with built_wheel(source_tree, tmp_path) as wheel:
        assert top_level_packages(wheel) == {"delivery", "postal_client", "labels"}
        assert [name for name in wheel.namelist() if "sandbox" in name] == []
        assert "postal_client/openapi.json" in wheel.namelist()  # the contract stays


def test_the_sandbox_installs_on_its_own_with_its_command(source_tree, tmp_path):
    with built_wheel(source_tree / "postal_sandbox", tmp_path) as wheel:
        assert top_level_packages(wheel) == {"postal_sandbox"}
        assert "postal_sandbox/__main__.py" in wheel.namelist()
        [entry_points] = [name for name in wheel.namelist() if name.endswith("entry_points.txt")]
        assert "postal-sandbox = postal_sandbox.__main__:main" in wheel.read(entry_points).decode()


def imports_of(package: str) -> list[str]:
    """Every module the package's source files import, by its absolute name."""
    modules = []
    for path in (REPOSITORY / package).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.append(node.module)
    return modules


@pytest.mark.parametrize("package", ["postal_client", "postal_sandbox"])
def test_the_postal_packages_import_neither_flask_nor_the_app(package):
    roots = {module.split(".")[0] for module in imports_of(package)}

    assert not roots & {"flask", "delivery", "werkzeug", "sqlalchemy"}


def test_the_client_knows_nothing_of_the_sandbox():
    assert not any(module.startswith("postal_sandbox") for module in imports_of("postal_client"))


def test_the_sandbox_uses_only_the_clients_public_api():
    from_client = {module for module in imports_of("postal_sandbox") if "postal_client" in module}

    assert from_client == {"postal_client"}
