"""The sandbox carrier started on its own from a shell."""

import re
import subprocess
import sys
from pathlib import Path

import requests

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_sandbox_runs_from_the_command_line():
    command = [sys.executable, "-m", "postal_sandbox", "--port", "0", "--speed", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPOSITORY) as process:
        try:
            assert process.stdout
            banner = process.stdout.readline()
            url = re.search(r"http://\S+", banner)
            assert url, banner
            stories = requests.get(f"{url.group()}/sandbox/stories", timeout=5).json()
        finally:
            process.terminate()
            process.wait(timeout=5)

    assert stories["default"] == "delivered"
    assert stories["by_postal_code_last_digit"]["9"] == "lost"


def test_a_webhook_url_needs_a_secret():
    command = [sys.executable, "-m", "postal_sandbox", "--webhook-url", "http://x"]

    finished = subprocess.run(command, capture_output=True, text=True, timeout=10, cwd=REPOSITORY)

    assert finished.returncode == 2
    assert "--webhook-secret" in finished.stderr
