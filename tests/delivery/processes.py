"""Real processes for tests: the README's own worker command with the app's settings, and
loopback ports for servers a test starts itself."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from redis import Redis
from redis.exceptions import RedisError

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


def start_readme_worker(settings: dict, *extra: str, log: Path | None = None) -> subprocess.Popen:
    """Start the README's worker command in a process group of its own (RQ's scheduler too)."""
    with output_to(log) as output:
        return subprocess.Popen(
            ["bash", "-c", f"exec {readme_worker_command()} {' '.join(extra)}"],
            cwd=ROOT,
            env=worker_environment(settings),
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def output_to(log: Path | None) -> IO:
    """Where a process writes: its log file, or nowhere (the process keeps its own handle)."""
    return log.open("a") if log else open(os.devnull, "a")


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


def wait_until(condition: Callable[[], object], seconds: float, what: str) -> None:
    """Wait for a condition, or fail the test saying what never happened."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


def answers(check: Callable[[], object]) -> bool:
    """Tell whether a check runs without a connection error."""
    try:
        check()
    except (OSError, RedisError):
        return False
    return True


class RedisServer:
    """A redis-server of the test's own on a free port, that it can kill and start again
    (empty: no persistence, like a cache node that was replaced)."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with output_to(self.log) as output:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no"],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        client = Redis.from_url(self.url)
        wait_until(lambda: answers(client.ping), 10, "redis-server answering")
        client.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


class Supervised:
    """A process kept running as systemd's Restart=always would: started again once it exits."""

    def __init__(self, start: Callable[[], subprocess.Popen]) -> None:
        self.start = start
        self.process = start()
        self.restarts = 0

    def keep_running(self) -> None:
        if self.process.poll() is not None:
            self.process = self.start()
            self.restarts += 1

    def kill(self) -> None:
        kill(self.process)


def start_gunicorn(settings: dict, port: int, log: Path) -> subprocess.Popen:
    """Serve the app with gunicorn, as the README starts the web processes."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    with output_to(log) as output:
        return subprocess.Popen(
            [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT,
            env=worker_environment(settings),
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
