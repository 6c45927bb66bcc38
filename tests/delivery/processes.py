"""Real processes for tests: the README's own worker command with the app's settings, and
loopback ports for servers a test starts itself."""

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FOR_WORKERS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CARRIER_URL",
    "CARRIER_WEBHOOK_SECRET",
    "SECRET_KEY",
    "CARRIER_BACKOFF_SECONDS",
)


def readme_worker_command() -> str:
    """The `rq worker …` line of the README's Production section, without its comment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    production = readme.split("## Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", production, re.DOTALL).group(1)
    [line] = [line for line in block.splitlines() if line.startswith("rq worker")]
    return line.split("#", 1)[0].strip()


def worker_environment(settings: dict) -> dict[str, str]:
    """The environment of a worker process: ANTAR_* settings, and the virtualenv's scripts."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return os.environ | {"PATH": path} | {f"ANTAR_{name}": str(v) for name, v in settings.items()}


def start_readme_worker(settings: dict, *extra: str) -> subprocess.Popen:
    """Start the README's worker command in a process group of its own (RQ's scheduler too)."""
    return subprocess.Popen(
        ["bash", "-c", f"exec {readme_worker_command()} {' '.join(extra)}"],
        cwd=ROOT,
        env=worker_environment(settings),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def app_settings(app, **overrides) -> dict:
    """The test app's settings a worker needs, with changes."""
    return {name: app.config[name] for name in SETTINGS_FOR_WORKERS} | overrides


def kill(process: subprocess.Popen) -> None:
    """Kill a process and everything it started, as a crash or an OOM killer would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def free_port() -> int:
    """A loopback port nothing listens on (until someone starts listening there)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
