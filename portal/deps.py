"""What every service needs besides its database session: settings, secrets and the clock."""

from dataclasses import dataclass

from portal.clock import Clock
from portal.instance import InstanceSecrets
from portal.settings import Settings


@dataclass(frozen=True)
class Deps:
    settings: Settings
    secrets: InstanceSecrets
    clock: Clock

    def now(self) -> int:
        return self.clock.now()
