"""What a site's technical diagnostics compare against: its supply and its machines' vibration limits.

```toml
[[sites]]
id = "plant"
[sites.supply]
nominal_voltage = 230.0          # phase to neutral, V (EN 50160: 230 V low voltage)
nominal_frequency = 50           # Hz: 50 or 60

[[sites.vibration]]
point = "hall-sensor/vibration_rms"   # device/quantity at this site, in mm/s RMS
machine = "Fan, 15-300 kW, rigid foundation (ISO 10816-3 group 2)"
zones = [1.4, 2.8, 4.5]               # the A/B, B/C and C/D boundaries
```

ISO 10816/20816 names four zones of a machine's vibration severity: A (new machines),
B (unrestricted long-term operation), C (restricted operation), D (damage likely). The
boundaries depend on the machine's class and foundation, so the site file states them and
the report names the machine they were taken for.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.site.strict_model import Strict


class Supply(Strict):
    nominal_voltage: Annotated[float, Field(gt=0)] = 230.0
    nominal_frequency: Literal[50, 60] = 50


class VibrationLimits(Strict):
    #: ``device/quantity`` at the site.
    point: Annotated[str, Field(pattern=r"^[^/]+/[^/]+$")]
    machine: str = ""
    zones: tuple[float, float, float]

    @model_validator(mode="after")
    def _rising(self) -> VibrationLimits:
        ab, bc, cd = self.zones
        if not 0 < ab < bc < cd:
            raise ValueError(f"zones {list(self.zones)} must be three rising limits above 0 (A/B, B/C, C/D)")
        return self
