"""The optional purposes a person can agree to or refuse, each recorded with its time.

Running the account itself rests on the person's work at the site, not on consent;
withdrawing from it is withdrawal of the account (``erasure.py``). Every optional purpose
starts refused: nothing is ever agreed on someone's behalf.
"""

from __future__ import annotations

import re
from enum import StrEnum

from app.i18n import translate


class Purpose(StrEnum):
    ALARM_ALERTS = "alarm-alerts"
    #: Alerts by SMS: the one purpose for which a phone number is held, and only while agreed.
    SMS_ALERTS = "sms-alerts"
    REPORT_DELIVERY = "report-delivery"

    @property
    def label(self) -> str:
        return {
            Purpose.ALARM_ALERTS: translate(
                "Privacy", "Emergency alerts about power or vibration anomalies sent to me off the screen"
            ),
            Purpose.SMS_ALERTS: translate("Privacy", "Emergency alerts sent to my phone by SMS"),
            Purpose.REPORT_DELIVERY: translate("Privacy", "Periodic reports sent to me"),
        }[self]


def check_phone(text: str) -> str:
    """A phone number in international form (+ and 8 to 15 digits, spaces and dashes dropped)."""
    phone = re.sub(r"[\s\-()]", "", text)
    if not re.fullmatch(r"\+[1-9]\d{7,14}", phone):
        raise ValueError(
            translate(
                "Privacy", "{phone!r} is not a phone number in international form, e.g. +84 912 345 678"
            ).format(phone=text)
        )
    return phone


def current(history: list[tuple[str, bool]]) -> dict[Purpose, bool]:
    """Each purpose's present answer from its records in time order (refused until agreed)."""
    answers = dict.fromkeys(Purpose, False)
    for purpose, granted in history:
        if purpose in Purpose.__members__.values():
            answers[Purpose(purpose)] = granted
    return answers
