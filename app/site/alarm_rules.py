"""Alarm rules and alarm presentation as written in the site file.

A rule names one point and one condition on it; the alarm engine gives each kind its
meaning (``app/alarms/conditions.py``). Rules are checked against the configured points
here, so a mistyped path or a band whose low end is above its high end is reported as
``FILE: alarm_rules[i].key: problem`` before anything runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from app.site.strict_model import Strict

NonNegative = Annotated[float, Field(ge=0)]
Delay = Annotated[float, Field(ge=0, le=86_400)]


class Priority(StrEnum):
    """ISA-18.2 priorities, most urgent first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for the most urgent, for sorting."""
        return list(Priority).index(self)


class RuleKind(StrEnum):
    HIGH = "high"
    HIGH_HIGH = "high_high"
    LOW = "low"
    LOW_LOW = "low_low"
    RATE_OF_CHANGE = "rate_of_change"
    DEVIATION = "deviation"
    BAND = "band"
    NOMINAL_BAND = "nominal_band"
    COMM_LOSS = "comm_loss"
    STALE = "stale"
    DIGITAL = "digital"
    ANOMALY = "anomaly"


LIMIT_KINDS = {RuleKind.HIGH, RuleKind.HIGH_HIGH, RuleKind.LOW, RuleKind.LOW_LOW}
#: What each kind needs besides ``point``; checked with a message naming the key.
_REQUIRED: dict[RuleKind, tuple[str, ...]] = {
    **{kind: ("limit",) for kind in LIMIT_KINDS},
    RuleKind.RATE_OF_CHANGE: ("limit",),
    RuleKind.DEVIATION: ("limit", "reference"),
    RuleKind.BAND: ("low", "high"),
    RuleKind.NOMINAL_BAND: ("nominal",),
    RuleKind.STALE: ("limit",),
    RuleKind.DIGITAL: ("state",),
}


class SuppressWhen(Strict):
    """Suppression by design: the rule is silent while ``point`` reads ``state``.

    E.g. generator alarms while the generator's ``running`` point reads 0.
    """

    point: str
    state: float


class AlarmRule(Strict):
    """One alarm: a condition on one point, its priority, message and timing.

    ``limit`` is the trip value (high/low kinds), the rate in units per second
    (``rate_of_change``), the percentage (``deviation``) or the seconds a value may stay
    frozen (``stale``). ``delay_s`` is the on-delay, ``off_delay_s`` the off-delay.
    """

    id: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    point: str
    kind: RuleKind
    limit: float | None = None
    priority: Priority = Priority.MEDIUM
    message: str = ""
    delay_s: Delay = 0.0
    off_delay_s: Delay = 0.0
    deadband: NonNegative = 0.0
    #: ``deviation``: the reference point, or several whose mean is the reference.
    reference: str | list[str] | None = None
    #: ``band``: the allowed range.
    low: float | None = None
    high: float | None = None
    #: ``nominal_band``: the nominal value and the allowed deviation in percent.
    nominal: float | None = None
    tolerance_pct: Annotated[float, Field(gt=0, le=100)] = 10.0
    #: ``rate_of_change``: which direction counts.
    direction: Literal["rising", "falling", "both"] = "both"
    #: ``comm_loss``: how many of the device's intervals without a good sample.
    intervals: Annotated[int, Field(ge=1, le=10_000)] = 3
    #: ``digital``: the value that is abnormal (1 = breaker tripped, for example).
    state: float | None = None
    #: ``anomaly``: learn a baseline per hour of day (for load), and the band width.
    seasonal: bool = False
    sensitivity: Annotated[float, Field(gt=0, le=100)] = 6.0
    warmup_s: Annotated[float, Field(ge=0, le=30 * 86_400)] = 600.0
    #: Consequential alarm: suppressed while the alarm with this id is active.
    parent: str | None = None
    suppress_when: SuppressWhen | None = None

    @property
    def key(self) -> str:
        """The stable identity of the alarm, kept in the journal across restarts."""
        return self.id or f"{self.point}:{self.kind.value}"

    def references(self) -> list[str]:
        if self.reference is None:
            return []
        return [self.reference] if isinstance(self.reference, str) else list(self.reference)


class PriorityStyle(Strict):
    """How one priority is annunciated: its colour and its sound (a file in resources/sounds)."""

    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
    sound: str | None


DEFAULT_STYLES = {
    Priority.CRITICAL: PriorityStyle(colour="#c0392b", sound="critical.wav"),
    Priority.HIGH: PriorityStyle(colour="#e67e22", sound="high.wav"),
    Priority.MEDIUM: PriorityStyle(colour="#d4ac0d", sound="medium.wav"),
    Priority.LOW: PriorityStyle(colour="#5d6d7e", sound=None),
}


class AlarmSettings(Strict):
    """Site-wide alarm handling: annunciation styles, flood and chattering thresholds.

    The defaults follow EEMUA 191: more than 10 alarms in 10 minutes for one operator is a
    flood; an alarm that activates more than 3 times in a minute is chattering.
    """

    priorities: dict[Priority, PriorityStyle] = DEFAULT_STYLES
    flood_per_10min: Annotated[int, Field(ge=1)] = 10
    burst_gap_s: Annotated[float, Field(gt=0)] = 60.0
    chatter_count: Annotated[int, Field(ge=2)] = 3
    chatter_window_s: Annotated[float, Field(gt=0)] = 60.0

    def style(self, priority: Priority) -> PriorityStyle:
        return self.priorities.get(priority, DEFAULT_STYLES[priority])


def check_rules(rules: list[AlarmRule], paths: set[str]) -> list[str]:
    """Problems pydantic cannot see: unknown points, missing keys per kind, bad references."""
    problems: list[str] = []
    keys: dict[str, int] = {}
    for index, rule in enumerate(rules):
        where = f"alarm_rules[{index}]"
        problems += _unknown_points(where, rule, paths)
        for name in _REQUIRED.get(rule.kind, ()):
            if getattr(rule, name) is None:
                problems.append(f"{where}.{name}: a {rule.kind.value} rule needs {name}")
        if rule.low is not None and rule.high is not None and rule.low >= rule.high:
            problems.append(f"{where}.low: must be below high ({rule.low:g} >= {rule.high:g})")
        if rule.kind is RuleKind.STALE and rule.limit is not None and rule.limit <= 0:
            problems.append(f"{where}.limit: a stale rule needs a positive number of seconds")
        if rule.key in keys:
            problems.append(
                f"{where}.id: alarm {rule.key!r} is already defined at alarm_rules[{keys[rule.key]}]"
            )
        keys.setdefault(rule.key, index)
    for index, rule in enumerate(rules):
        if rule.parent is not None and rule.parent not in keys:
            problems.append(f"alarm_rules[{index}].parent: no alarm {rule.parent!r}")
        elif rule.parent == rule.key:
            problems.append(f"alarm_rules[{index}].parent: an alarm cannot be its own parent")
    return problems


def _unknown_points(where: str, rule: AlarmRule, paths: set[str]) -> Iterable[str]:
    named = [("point", rule.point)]
    named += [("reference", path) for path in rule.references()]
    if rule.suppress_when is not None:
        named.append(("suppress_when.point", rule.suppress_when.point))
    return [f"{where}.{key}: no configured point {path!r}" for key, path in named if path not in paths]
