"""Serving an app with gunicorn on loopback and driving it with wrk: shared by the benchmarks.

`start_gunicorn` serves a WSGI target on a free port; `run_wrk` drives it and reads requests
per second and latency percentiles; `rate_limit_settings` turns the resident lookup's rate
limits off, or on and counted in a Redis with limits too high to refuse any request of a run.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TRACK_SCRIPT = """
local bodies = %s
local counter = 0
request = function()
  counter = counter + 1
  local body = bodies[(counter %% #bodies) + 1]
  return wrk.format("POST", "/api/v1/track", {["Content-Type"] = "application/json"}, body)
end
"""


def track_script(pairs: list[dict]) -> str:
    """A wrk script posting the residents' code and birth-date pairs in turn."""
    bodies = "{" + ",".join(json.dumps(json.dumps(pair)) for pair in pairs) + "}"
    return TRACK_SCRIPT % bodies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(target: str, workdir: Path, workers: int, env: dict) -> tuple:
    """Serve the WSGI target on a free loopback port; return the process, its URL and its log
    (the caller closes the log after stopping the process)."""
    port = free_port()
    log = open(workdir / f"gunicorn-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", target],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}", log


def stop_gunicorn(process: subprocess.Popen, log) -> None:
    process.terminate()
    process.wait(timeout=30)
    log.close()


def app_environment(database_url: str, redis_url: str | None, **more: str) -> dict[str, str]:
    """The environment gunicorn serves the app in: its database, the rate limits as asked."""
    return (
        dict(os.environ)
        | {"ANTAR_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
        | rate_limit_settings(redis_url)
        | more
    )


def wait_until_answering(url: str, pair: dict, timeout: float = 30) -> None:
    """Wait for the server to answer a tracking lookup with 200."""
    deadline = time.monotonic() + timeout
    body = json.dumps(pair).encode()
    while True:
        try:
            request = urllib.request.Request(
                url + "/api/v1/track", data=body, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def run_wrk(url: str, script: Path, threads: int, connections: int, seconds: int) -> dict:
    """Drive the server with wrk and read its requests per second and latency percentiles."""
    output = subprocess.run(
        ["wrk", "--latency", "-t", str(threads), "-c", str(connections)]
        + ["-d", f"{seconds}s", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": milliseconds(percentiles["50"]),
        "p90_ms": milliseconds(percentiles["90"]),
        "p99_ms": milliseconds(percentiles["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def milliseconds(text: str) -> float:
    """Read a wrk duration such as 812.00us, 3.41ms or 1.02s."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def rate_limit_settings(redis_url: str | None) -> dict[str, str]:
    """Limits off; or on, counted in the Redis, with the production windows set too high to
    refuse any lookup of the run."""
    if not redis_url:
        return {"ANTAR_RATELIMIT_ENABLED": "false"}
    return {
        "ANTAR_RATELIMIT_ENABLED": "true",
        "ANTAR_RATELIMIT_STORAGE_URI": redis_url,
        "ANTAR_TRACKING_LIMITS_PER_ADDRESS": "100000000 per minute; 1000000000 per day",
        "ANTAR_TRACKING_LIMITS_PER_CODE": "100000000 per 15 minutes; 1000000000 per day",
    }
