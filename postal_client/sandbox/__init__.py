"""A sandbox postal carrier that speaks the contract in postal_client/openapi.json.

Start it in-process with `SandboxCarrier(port=0).start()` (then `.url`, `.stop()`), or
from a shell with `python -m postal_client.sandbox --port 8090`.
"""

from postal_client.sandbox.server import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SandboxCarrier
from postal_client.sandbox.stories import STORIES, STORY_HEADER

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "STORIES",
    "STORY_HEADER",
    "SandboxCarrier",
]
