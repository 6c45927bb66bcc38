"""Redirect targets taken from forms: only paths on this site, never another host."""

from urllib.parse import urlsplit


def same_site_path(target: str) -> str | None:
    """Return the target if it is a path on this site, so a form cannot redirect away."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
