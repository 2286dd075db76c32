"""When a data-subject request is due, under the law the site follows (``resources/privacy/laws.toml``)."""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources

from app.i18n import translate

DAY_MS = 86_400_000


class RequestKind(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    PORTABILITY = "portability"
    DELETION = "deletion"
    WITHDRAWAL = "withdrawal"
    RESTRICTION = "restriction"
    OBJECTION = "objection"

    @property
    def label(self) -> str:
        return {
            RequestKind.ACCESS: translate("Privacy", "see my data"),
            RequestKind.CORRECTION: translate("Privacy", "correct my data"),
            RequestKind.PORTABILITY: translate("Privacy", "export my data"),
            RequestKind.DELETION: translate("Privacy", "delete my account"),
            RequestKind.WITHDRAWAL: translate("Privacy", "withdraw consent"),
            RequestKind.RESTRICTION: translate("Privacy", "restrict processing"),
            RequestKind.OBJECTION: translate("Privacy", "object to processing"),
        }[self]


@dataclass(frozen=True, slots=True)
class Law:
    id: str
    name: str
    name_vi: str
    acknowledge_working_days: int
    due_days: dict[str, int]
    due_months: dict[str, int]

    def due_ms(self, kind: RequestKind, received_ms: int) -> int:
        received = datetime.fromtimestamp(received_ms / 1000, UTC)
        if kind.value in self.due_months:
            return round(_add_months(received, self.due_months[kind.value]).timestamp() * 1000)
        return received_ms + self.due_days[kind.value] * DAY_MS

    def acknowledge_by_ms(self, received_ms: int) -> int | None:
        """When a request must have been answered, if the law sets a time for that."""
        if self.acknowledge_working_days <= 0:
            return None
        moment = datetime.fromtimestamp(received_ms / 1000, UTC)
        left = self.acknowledge_working_days
        while left:
            moment += timedelta(days=1)
            if moment.weekday() < 5:
                left -= 1
        return round(moment.timestamp() * 1000)

    def deletion_days(self) -> int | None:
        """The law's deadline for a deletion, in days, where it sets one in days."""
        if "deletion" in self.due_days:
            return self.due_days["deletion"]
        if "deletion" in self.due_months:
            return 28 * self.due_months["deletion"]
        return None


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@cache
def laws() -> dict[str, Law]:
    text = resources.files("resources").joinpath("privacy/laws.toml").read_text(encoding="utf-8")
    return {
        law_id: Law(
            law_id,
            entry["name"],
            entry.get("name_vi", entry["name"]),
            int(entry.get("acknowledge_working_days", 0)),
            {k: int(v) for k, v in entry.get("due_days", {}).items()},
            {k: int(v) for k, v in entry.get("due_months", {}).items()},
        )
        for law_id, entry in tomllib.loads(text).items()
    }


def law(law_id: str) -> Law:
    return laws()[law_id]
