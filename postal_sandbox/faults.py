"""The faults the sandbox injects when asked, decided under one lock.

Each rule fires on a share of eligible requests (`rate`, 0..1), deterministically on
every Nth one (`every_nth`), or on the next N (`next`). `server_error`, `rate_limit`
and `slow` apply to every /v1 call, `response_lost` to the calls that change state
(create, cancel, pickup), `webhook_duplicate` to each first webhook delivery.
`webhook_out_of_order` and `webhook_batch` change how released events are sent.
"""

import random
import threading
from dataclasses import dataclass
from typing import Any

from postal_sandbox.routing import ApiError

RULE_NAMES = ("server_error", "rate_limit", "slow", "response_lost", "webhook_duplicate")
SWITCHES = ("webhook_out_of_order", "webhook_batch")


@dataclass
class FaultRule:
    """When one kind of fault fires."""

    rate: float = 0.0
    every_nth: int = 0
    next: int = 0
    seen: int = 0

    def fires(self, rng: random.Random) -> bool:
        """Count one eligible request and say whether the fault hits it."""
        self.seen += 1
        if self.next > 0:
            self.next -= 1
            return True
        if self.every_nth and self.seen % self.every_nth == 0:
            return True
        return rng.random() < self.rate

    def to_json(self) -> dict[str, Any]:
        """Return the rule's settings."""
        return {"rate": self.rate, "every_nth": self.every_nth, "next": self.next}


@dataclass(frozen=True)
class FaultSettings:
    """The parameters of the faults, beside the rules saying when they fire."""

    server_error_status: int = 503
    retry_after_seconds: int = 1
    delay_seconds: float = 1.0
    webhook_out_of_order: bool = False
    webhook_batch: bool = False


class FaultPlan:
    """The faults currently switched on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.configure({})

    def configure(self, settings: dict[str, Any]) -> None:
        """Replace every fault setting; whatever is not named is switched off."""
        problems: dict[str, str] = {}
        rules = {name: _rule(settings.get(name, {}), name, problems) for name in RULE_NAMES}
        parameters = _parameters(settings, problems)
        unknown = set(settings) - set(RULE_NAMES) - set(FaultSettings.__dataclass_fields__)
        problems.update({name: "unknown setting" for name in sorted(unknown - {"seed"})})
        if problems:
            raise ApiError(400, "invalid_faults", "the fault settings are invalid", fields=problems)
        with self._lock:
            self._rules = rules
            self.settings = parameters
            self._rng = random.Random(settings.get("seed"))

    def fires(self, name: str) -> bool:
        """Say whether the named fault hits this request."""
        with self._lock:
            return self._rules[name].fires(self._rng)

    def to_json(self) -> dict[str, Any]:
        """Return the current settings in the shape `configure` takes."""
        with self._lock:
            rules = {name: rule.to_json() for name, rule in self._rules.items()}
            return {**rules, **self.settings.__dict__}


def _rule(value: Any, name: str, problems: dict[str, str]) -> FaultRule:
    """Parse one rule's settings, noting problems under its name."""
    if not isinstance(value, dict) or set(value) - {"rate", "every_nth", "next"}:
        problems[name] = "must be an object with rate, every_nth and/or next"
        return FaultRule()
    rate = value.get("rate", 0)
    every_nth, upcoming = value.get("every_nth", 0), value.get("next", 0)
    if not isinstance(rate, int | float) or not 0 <= rate <= 1:
        problems[f"{name}.rate"] = "must be a number from 0 to 1"
    for key, count in (("every_nth", every_nth), ("next", upcoming)):
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            problems[f"{name}.{key}"] = "must be a whole number, 0 or more"
    if any(key.startswith(f"{name}.") for key in problems):
        return FaultRule()
    return FaultRule(rate=float(rate), every_nth=every_nth, next=upcoming)


def _parameters(settings: dict[str, Any], problems: dict[str, str]) -> FaultSettings:
    """Parse the fault parameters, noting problems by name."""
    defaults = FaultSettings()
    status = settings.get("server_error_status", defaults.server_error_status)
    retry_after = settings.get("retry_after_seconds", defaults.retry_after_seconds)
    delay = settings.get("delay_seconds", defaults.delay_seconds)
    switches = {name: settings.get(name, False) for name in SWITCHES}
    if not isinstance(status, int) or not 500 <= status <= 599:
        problems["server_error_status"] = "must be a 5xx status"
    if not isinstance(retry_after, int) or isinstance(retry_after, bool) or retry_after < 0:
        problems["retry_after_seconds"] = "must be whole seconds, 0 or more"
    if not isinstance(delay, int | float) or not 0 <= delay <= 60:
        problems["delay_seconds"] = "must be from 0 to 60 seconds"
    for name, value in switches.items():
        if not isinstance(value, bool):
            problems[name] = "must be true or false"
    if problems.keys() & set(FaultSettings.__dataclass_fields__):
        return defaults
    return FaultSettings(status, retry_after, float(delay), **switches)
