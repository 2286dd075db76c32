"""The optional purposes a person can agree to or refuse, each recorded with its time.

Running the account itself rests on the person's work at the site, not on consent;
withdrawing from it is withdrawal of the account (``erasure.py``). Every optional purpose
starts refused: nothing is ever agreed on someone's behalf.
"""

from __future__ import annotations

from enum import StrEnum

from app.i18n import translate


class Purpose(StrEnum):
    ALARM_ALERTS = "alarm-alerts"
    REPORT_DELIVERY = "report-delivery"

    @property
    def label(self) -> str:
        return {
            Purpose.ALARM_ALERTS: translate(
                "Privacy", "Emergency alerts about power or vibration anomalies sent to me off the screen"
            ),
            Purpose.REPORT_DELIVERY: translate("Privacy", "Periodic reports sent to me"),
        }[self]


def current(history: list[tuple[str, bool]]) -> dict[Purpose, bool]:
    """Each purpose's present answer from its records in time order (refused until agreed)."""
    answers = dict.fromkeys(Purpose, False)
    for purpose, granted in history:
        if purpose in Purpose.__members__.values():
            answers[Purpose(purpose)] = granted
    return answers
