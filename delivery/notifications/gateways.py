"""Sending a text message to a resident's phone: to the log (default), or to an SMS gateway.

The `http` backend POSTs JSON made from NOTIFIER_HTTP_TEMPLATE, whose string values may hold
`{phone}` and `{message}`, e.g. {"to": "{phone}", "text": "{message}"}.
"""

import json
import logging
from typing import Any, Protocol

import requests
from flask import current_app

log = logging.getLogger(__name__)


class NotifierError(RuntimeError):
    """The gateway did not take the message; the job fails and is retried."""


class Notifier(Protocol):
    def send(self, phone: str, message: str) -> None: ...


def mask_phone(phone: str) -> str:
    """Hide all but the last four digits of a phone number."""
    digits = sum(char.isdigit() for char in phone)
    seen = 0
    masked = []
    for char in phone:
        if char.isdigit():
            seen += 1
            masked.append(char if seen > digits - 4 else "*")
        else:
            masked.append(char)
    return "".join(masked)


class LogNotifier:
    """Writes each message to the log, with the phone number masked."""

    def send(self, phone: str, message: str) -> None:
        log.info("message to %s: %s", mask_phone(phone), message)


class HttpNotifier:
    """POSTs each message as JSON to an SMS or WhatsApp gateway."""

    def __init__(self, url: str, template: Any, token: str = "", timeout: float = 10) -> None:
        self.url = url
        self.template = json.loads(template) if isinstance(template, str) else template
        self.timeout = timeout
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def send(self, phone: str, message: str) -> None:
        body = fill_template(self.template, {"{phone}": phone, "{message}": message})
        try:
            response = self.session.post(self.url, json=body, timeout=self.timeout)
            response.raise_for_status()
        except requests.RequestException as error:
            raise NotifierError(f"the message gateway refused or failed: {error}") from error
        log.info("message to %s handed to the gateway", mask_phone(phone))


def fill_template(template: Any, values: dict[str, str]) -> Any:
    """Put the values into every string of a JSON-like template."""
    if isinstance(template, dict):
        return {key: fill_template(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [fill_template(value, values) for value in template]
    if isinstance(template, str):
        for placeholder, value in values.items():
            template = template.replace(placeholder, value)
    return template


def configured_notifier() -> Notifier:
    """The notifier the settings ask for."""
    config = current_app.config
    backend = config["NOTIFIER_BACKEND"]
    if backend == "log":
        return LogNotifier()
    if backend == "http":
        return HttpNotifier(
            config["NOTIFIER_HTTP_URL"],
            config["NOTIFIER_HTTP_TEMPLATE"],
            config["NOTIFIER_HTTP_TOKEN"],
            config["NOTIFIER_HTTP_TIMEOUT"],
        )
    raise NotifierError(f"NOTIFIER_BACKEND must be 'log' or 'http', not {backend!r}")
