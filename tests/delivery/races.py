"""Real concurrent requests: people signed in to a live server, firing together behind a barrier."""

import re
import threading
from collections import Counter
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor

import requests

CSRF_VALUE = re.compile(r'name="csrf(?:_token|-token)"[^>]*(?:value|content)="([^"]+)"')
ROUNDS = 20  # each race is run this many times, on a fresh parcel each time


class Browser:
    """Someone signed in to the live server with their own cookies, as a browser or a phone."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.token = self.read_token("/login")
        signed_in = self.session.post(
            base_url + "/login",
            data={"username": username, "password": password, "csrf_token": self.token},
            allow_redirects=False,
        )
        assert signed_in.status_code == 302, signed_in.text
        self.token = self.read_token(signed_in.headers["Location"])

    def read_token(self, path: str) -> str:
        page = self.session.get(self.base_url + path, timeout=30).text
        return CSRF_VALUE.search(page).group(1)

    def post(self, path: str, data: dict, files: dict | None = None) -> requests.Response:
        """Post a form as the page (or the phone's script) does, without following redirects."""
        return self.session.post(
            self.base_url + path,
            data=data,
            files=files,
            headers={"X-CSRFToken": self.token, "Accept": "application/json"},
            allow_redirects=False,
            timeout=60,
        )


def at_once(*calls: Callable[[], requests.Response]) -> list[int]:
    """Run the calls on threads released together; return their answers' status codes."""
    barrier = threading.Barrier(len(calls))

    def released(call: Callable[[], requests.Response]) -> int:
        barrier.wait(timeout=30)
        return call().status_code

    with ThreadPoolExecutor(len(calls)) as pool:
        return [future.result() for future in [pool.submit(released, call) for call in calls]]


def tally(race: Callable[[], Hashable]) -> Counter:
    """Run a race ROUNDS times and count how each run ended."""
    return Counter(race() for _ in range(ROUNDS))
