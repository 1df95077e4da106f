"""The server's clock, injectable so tests can stand at any instant without sleeping."""

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> int: ...


class SystemClock:
    def now(self) -> int:
        return int(time.time())


class FixedClock:
    """A clock that moves only when told to."""

    def __init__(self, start: int) -> None:
        self.value = start

    def now(self) -> int:
        return self.value

    def advance(self, seconds: int) -> None:
        self.value += seconds
