"""A sandbox postal carrier that speaks the contract in postal_client's openapi.json.

For tests and demos; Antar's production install leaves it out. Start it in-process with
`SandboxCarrier(port=0).start()` (then `.url`, `.stop()`), or from a shell with
`python -m postal_sandbox --port 8090`; drive it with `SandboxAdmin(url)`. It uses only
postal_client's public API.
"""

from postal_sandbox.admin_client import SandboxAdmin
from postal_sandbox.server import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SandboxCarrier
from postal_sandbox.stories import STORIES, STORY_HEADER

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "STORIES",
    "STORY_HEADER",
    "SandboxAdmin",
    "SandboxCarrier",
]
