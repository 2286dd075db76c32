"""A site's energy settings: its time zone, tariff, grid emission factor and power-factor limit.

```toml
[[sites]]
id = "plant"
timezone = "Asia/Ho_Chi_Minh"     # reports count days and hours here; "" is this computer's zone
main_meters = ["incomer"]         # devices whose counters make the site's total ([] = every device)
power_factor_limit = 0.9          # hours below it are listed (reactive-energy charges)

[sites.tariff]
name = "EVN manufacturing, 22-110 kV"
currency = "VND"
demand_interval_minutes = 30      # the billing convention for peak demand: 15 or 30
demand_charge = 0                 # per kW of the period's peak demand, per month
fixed_charge = 0                  # per month
  [[sites.tariff.bands]]
  name = "peak"
  price = 3266                    # per kWh
  periods = [{ days = "mon-sat", start = "09:30", end = "11:30" },
             { days = "mon-sat", start = "17:00", end = "20:00" }]
  [[sites.tariff.bands]]
  name = "off-peak"
  price = 1146
  periods = [{ start = "22:00", end = "04:00" }]   # over midnight; every day
  [[sites.tariff.bands]]
  name = "normal"                 # no periods: every other quarter-hour
  price = 1811

[sites.emissions]
factor = 0.6592                   # kg CO2 per kWh from the grid
source = "Viet Nam grid emission factor 2023"

[sites.energy_performance]        # ISO 50006: consumption against what drives it
variable = "production"           # or cooling_degree_days / heating_degree_days
point = "line-1/produced"         # device/quantity: a production counter, or a temperature in °C
unit = "t"                        # how the variable is named on the page
interval = "day"                  # day, week or month: the baseline's and the report's intervals
baseline_from = 2026-01-01        # the baseline period, whole local days
baseline_to = 2026-06-30
base_temperature = 18.0           # degree days only: °C
```

Band times fall on quarter-hours, since consumption is priced per clock-aligned quarter-hour.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from app.site.strict_model import Strict

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):(00|15|30|45)$|^24:00$")


def _day_range(text: str) -> frozenset[int]:
    """``mon-sat``, ``sun`` or ``mon,wed,fri`` as weekday numbers (Monday 0)."""
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            known = ", ".join(WEEKDAYS)
            raise ValueError(f"{text!r} is not a day range like 'mon-sat' or 'sun' (days: {known})")
        a, b = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days)


def _quarter(text: str) -> int:
    hours, minutes = text.split(":")
    return (int(hours) * 60 + int(minutes)) // 15


class TariffPeriod(Strict):
    days: str = "mon-sun"
    start: str
    end: str

    @field_validator("days")
    @classmethod
    def _days(cls, days: str) -> str:
        _day_range(days)
        return days

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError(f"{value!r} is not a time on a quarter-hour like '09:30' (00:00 to 24:00)")
        return value

    def quarters(self) -> set[tuple[int, int]]:
        """(weekday, quarter of the day) pairs it covers; an end before the start runs past midnight."""
        start, end = _quarter(self.start), _quarter(self.end)
        covered = set()
        for day in _day_range(self.days):
            span = range(start, end) if start < end else range(start, 96 + end)
            for q in span:
                covered.add(((day + q // 96) % 7, q % 96))
        return covered


class TariffBand(Strict):
    name: Annotated[str, Field(min_length=1)]
    price: Annotated[float, Field(ge=0)]
    periods: list[TariffPeriod] = Field(default_factory=list)


class Tariff(Strict):
    name: Annotated[str, Field(min_length=1)]
    currency: str = ""
    bands: Annotated[list[TariffBand], Field(min_length=1)]
    demand_interval_minutes: Literal[15, 30] = 30
    demand_charge: Annotated[float, Field(ge=0)] = 0.0
    fixed_charge: Annotated[float, Field(ge=0)] = 0.0

    @model_validator(mode="after")
    def _one_band_per_quarter(self) -> Tariff:
        self.band_table()
        return self

    def band_table(self) -> tuple[int, ...]:
        """The band index of each of the week's 672 quarter-hours (Monday 00:00 first)."""
        table: dict[tuple[int, int], int] = {}
        default = [i for i, b in enumerate(self.bands) if not b.periods]
        if len(default) > 1:
            raise ValueError("only one band may have no periods (the band for every other time)")
        for index, band in enumerate(self.bands):
            for period in band.periods:
                for quarter in sorted(period.quarters()):
                    if quarter in table and table[quarter] != index:
                        day, q = quarter
                        raise ValueError(
                            f"bands {self.bands[table[quarter]].name!r} and {band.name!r} both cover "
                            f"{WEEKDAYS[day]} {q // 4:02d}:{q % 4 * 15:02d}"
                        )
                    table[quarter] = index
        missing = [(d, q) for d in range(7) for q in range(96) if (d, q) not in table]
        if missing and not default:
            day, q = missing[0]
            when = f"{WEEKDAYS[day]} {q // 4:02d}:{q % 4 * 15:02d}"
            raise ValueError(f"no band covers {when}; add a band with no periods")
        return tuple(table.get((d, q), default[0] if default else -1) for d in range(7) for q in range(96))


class Emissions(Strict):
    #: kg of CO2 per kWh taken from the grid.
    factor: Annotated[float, Field(ge=0, le=5)]
    source: Annotated[str, Field(min_length=1)]


class EnergyPerformance(Strict):
    """The site's energy performance indicator: kWh per interval modelled on one relevant variable."""

    variable: Literal["production", "cooling_degree_days", "heating_degree_days"]
    #: ``device/quantity`` at the site.
    point: Annotated[str, Field(pattern=r"^[^/]+/[^/]+$")]
    unit: str = ""
    interval: Literal["day", "week", "month"] = "day"
    baseline_from: date
    baseline_to: date
    base_temperature: float = 18.0

    @model_validator(mode="after")
    def _baseline_in_order(self) -> EnergyPerformance:
        if self.baseline_to < self.baseline_from:
            raise ValueError(f"baseline_to {self.baseline_to} is before baseline_from {self.baseline_from}")
        return self
