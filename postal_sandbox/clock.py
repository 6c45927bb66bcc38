"""The sandbox carrier's clock: real time sped up by a factor, plus manual jumps."""

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


class SandboxClock:
    """Tell the carrier's time; `speed` sandbox seconds pass per real second."""

    def __init__(self, speed: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        if speed < 0:
            raise ValueError("speed must not be negative")
        self.speed = speed
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self.reset()

    def now(self) -> datetime:
        """Return the sandbox's current time (timezone-aware, UTC)."""
        with self._lock:
            elapsed = (self._monotonic() - self._started_monotonic) * self.speed
            return self._started_at + timedelta(seconds=elapsed) + self._jumped

    def real_time_of(self, moment: datetime) -> datetime:
        """Return the real time at which the clock showed `moment` (manual jumps count as
        having taken no time), never later than now: a sped-up carrier stamps its events with
        it, so their times are ones the receiver's clock has already seen."""
        with self._lock:
            real_now = self._started_at + timedelta(
                seconds=self._monotonic() - self._started_monotonic
            )
            if self.speed == 0:
                return real_now
            shown = (moment - self._started_at - self._jumped).total_seconds()
            real = self._started_at + timedelta(seconds=shown / self.speed)
        return min(real, real_now)

    def advance(self, minutes: float) -> datetime:
        """Move the clock forward by `minutes` and return the new time."""
        if minutes < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._jumped += timedelta(minutes=minutes)
        return self.now()

    def reset(self) -> None:
        """Set the clock back to the real time of day."""
        with self._lock:
            self._started_at = datetime.now(UTC)
            self._started_monotonic = self._monotonic()
            self._jumped = timedelta(0)
