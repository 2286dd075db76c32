"""Who is acting, and what they may do: the contract between the alarm service and accounts.

Acknowledging, shelving and taking an alarm out of service change what operators are
told, so each needs a right, and each is journalled with the actor's name. The alarm
service asks only for an :class:`Actor`; where it comes from is not its concern. Until
the accounts service exists, the command line and the window build one from the name
given (``--user``) through :func:`provisional_actor`, which grants the operator rights:
the name is recorded, not verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Right(StrEnum):
    ACKNOWLEDGE = "alarm.acknowledge"
    SHELVE = "alarm.shelve"
    OUT_OF_SERVICE = "alarm.out_of_service"


#: What a control-room operator may do with alarms; taking one out of service is maintenance's.
OPERATOR_RIGHTS = frozenset({Right.ACKNOWLEDGE, Right.SHELVE})


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in person (or the system itself) and the rights they hold."""

    name: str
    rights: frozenset[Right]

    def can(self, right: Right) -> bool:
        return right in self.rights


#: The alarm service itself, for what happens by rule or clock (a shelf expiring).
SYSTEM = Actor("system", frozenset())


def provisional_actor(name: str) -> Actor:
    """An operator named on the command line or in the window, before accounts exist.

    Raises ``ValueError`` for an empty or padded name, so the journal never holds one.
    """
    if not name or name != name.strip() or len(name) > 100:
        raise ValueError(f"{name!r} is not a user name")
    return Actor(name, OPERATOR_RIGHTS)
