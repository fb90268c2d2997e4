"""Rate limits for what visitors who are not signed in can cause: failed sign-ins per browser address and
audit entries per minute. In memory, per server process (a restart forgets them; the account lockout in
the accounts file is what persists). No streamlit here."""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable


class Window:
    """At most `limit` events per `seconds` for each key (a sliding window)."""

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.limit, self.seconds, self.clock = max(1, int(limit)), float(seconds), clock
        self._events: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque:
        q = self._events.setdefault(key, deque())
        while q and now - q[0] >= self.seconds:
            q.popleft()
        return q

    def full(self, key: str) -> bool:
        with self._lock:
            return len(self._trim(key, self.clock())) >= self.limit

    def wait_seconds(self, key: str) -> int:
        """How long until one more event is allowed (0: now)."""
        with self._lock:
            now = self.clock()
            q = self._trim(key, now)
            return 0 if len(q) < self.limit else max(1, int(q[0] + self.seconds - now + 0.999))

    def add(self, key: str) -> bool:
        """Count one event; False (and not counted) when the key is over its limit."""
        with self._lock:
            now = self.clock()
            q = self._trim(key, now)
            if len(q) >= self.limit:
                return False
            q.append(now)
            if len(self._events) > 10_000:   # many addresses: drop the idle ones
                for k in [k for k, v in self._events.items() if not v]:
                    del self._events[k]
            return True

    def clear(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)
