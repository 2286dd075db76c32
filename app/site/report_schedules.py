"""Reports made on a schedule, as the site file names them.

```toml
[[report_schedules]]
name = "daily-energy"     # names the folder the reports go to
report = "energy"           # energy, operations or diagnostics
scope = "plant"           # a site, or "site/device"
every = "day"             # day (yesterday), week (last Monday to Sunday), month (last month)
at = "06:00"              # the site's local time at which the period's report is made
language = "vi"           # en or vi
xlsx = true               # the tables as a workbook beside the PDF
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from app.site.strict_model import Strict
from drivers.profiles import Identifier


class ReportSchedule(Strict):
    name: Identifier
    report: Literal["energy", "operations", "diagnostics"] = "energy"
    scope: str = Field(min_length=1)
    every: Literal["day", "week", "month"]
    at: str = "06:00"
    language: Literal["en", "vi"] = "en"
    xlsx: bool = True

    @field_validator("at")
    @classmethod
    def _clock(cls, value: str) -> str:
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValueError(f"{value!r} is not a time of day like '06:00'")
        return value

    @property
    def minutes_after_midnight(self) -> int:
        hours, _, minutes = self.at.partition(":")
        return int(hours) * 60 + int(minutes)


def check_schedules(schedules: list[ReportSchedule], sites: set[str], devices: set[str]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for i, schedule in enumerate(schedules):
        where = f"report_schedules[{i}]"
        if schedule.name in seen:
            problems.append(f"{where}.name: {schedule.name!r} names another schedule already")
        seen.add(schedule.name)
        known = devices if "/" in schedule.scope else sites
        if schedule.scope not in known:
            kind = "device" if "/" in schedule.scope else "site"
            listed = ", ".join(sorted(known)) or "none"
            problems.append(f"{where}.scope: no {kind} {schedule.scope!r} (known: {listed})")
    return problems
