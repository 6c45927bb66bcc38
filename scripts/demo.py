"""Set up and start the whole system on the embedded defaults, with demo data and the sandbox
carrier (its own process: the app's production install does not include it).

    python3 scripts/demo.py [--port 5000] [--sandbox-port 8090] [--sandbox-speed 600]
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from environment import BIN, PYTHON, ensure_environment, run

SANDBOX_CLIENT_ID = "antar-sandbox"
SANDBOX_CLIENT_SECRET = "sandbox-secret"
SANDBOX_WEBHOOK_SECRET = "sandbox-webhook-secret"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5000")
    parser.add_argument("--sandbox-port", default="8090")
    parser.add_argument(
        "--sandbox-speed", default="600", help="sandbox carrier minutes per real minute"
    )
    options = parser.parse_args()

    ensure_environment()
    flask = BIN / "flask"
    base_url = f"http://{options.host}:{options.port}"
    env = {
        **os.environ,
        "ANTAR_PUBLIC_BASE_URL": base_url,
        "ANTAR_CARRIER_URL": f"http://127.0.0.1:{options.sandbox_port}",
        "ANTAR_CARRIER_CLIENT_ID": SANDBOX_CLIENT_ID,
        "ANTAR_CARRIER_CLIENT_SECRET": SANDBOX_CLIENT_SECRET,
        "ANTAR_CARRIER_WEBHOOK_SECRET": SANDBOX_WEBHOOK_SECRET,
    }
    run(flask, "--app", "wsgi", "db", "upgrade", env=env)
    run(flask, "--app", "wsgi", "demo", "load", env=env)
    with sandbox_carrier(options.sandbox_port, options.sandbox_speed, base_url):
        run(
            flask,
            "--app",
            "wsgi",
            "demo",
            "serve",
            "--host",
            options.host,
            "--port",
            options.port,
            env=env,
        )


@contextmanager
def sandbox_carrier(port: str, speed: str, app_url: str) -> Iterator[None]:
    """Run the sandbox carrier, sending its webhooks to the app, until the block ends."""
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "postal_sandbox",
            "--port",
            port,
            "--speed",
            speed,
            "--client-id",
            SANDBOX_CLIENT_ID,
            "--client-secret",
            SANDBOX_CLIENT_SECRET,
            "--webhook-url",
            f"{app_url}/api/v1/carrier/webhook",
            "--webhook-secret",
            SANDBOX_WEBHOOK_SECRET,
            "--stamp-real-time",
        ]
    )
    try:
        wait_until_listening(process, f"http://127.0.0.1:{port}/sandbox/clock")
        print(
            f"  Sandbox carrier: http://127.0.0.1:{port}/sandbox/shipments (x{speed} speed)",
            flush=True,
        )
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_listening(process: subprocess.Popen, url: str) -> None:
    """Return once the sandbox answers; stop the demo if it could not start."""
    for _ in range(100):
        if process.poll() is not None:
            sys.exit("The sandbox carrier did not start (is its port taken? try --sandbox-port).")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"The sandbox carrier does not answer at {url}.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
