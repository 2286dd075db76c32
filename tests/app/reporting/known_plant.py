"""A plant whose consumption is known to the watt-second, written through the real historian.

Two local days in Ha Noi, one reading a second, of a meter's import counter, active power and
power factor. The first day draws a constant 10 kW (240.0 kWh). The report day, Monday
2 November 2026, draws 10 kW too, except:

* 18:15–18:30 at 30 kW (a 15-minute peak of known size and time: +5.0 kWh);
* the counter resets at 12:00 (a replaced meter): it then counts from zero;
* nothing is read from 03:00 to 05:00; the counter goes on counting, so its reading at 05:00
  carries the two hours (20 kWh): the day still totals 245.0 kWh;
* power factor 0.95, but 0.80 from 14:00 to 16:00 (two hours under a 0.9 limit).

The counter's reading at second t is the energy drawn before t, so each reading's increase
is the power of the second before it; readings start one second before the first day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.site.config import SiteConfig, parse_site
from drivers.base import Quality, Sample
from storage.database import Database
from storage.ingest import ingest_batches

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def local_ms(day: int, hour: int = 0, minute: int = 0, second: int = 0) -> int:
    return int(datetime(2026, 11, day, hour, minute, second, tzinfo=HANOI).timestamp() * 1000)


DAY_BEFORE = local_ms(1)
REPORT_DAY = local_ms(2)
REPORT_END = local_ms(3)
PEAK = (local_ms(2, 18, 15), local_ms(2, 18, 30))
GAP = (local_ms(2, 3), local_ms(2, 5))
RESET = local_ms(2, 12)
LOW_PF = (local_ms(2, 14), local_ms(2, 16))

EVN_BANDS_AND_EMISSIONS = """  [[sites.tariff.bands]]
  name = "peak"
  price = 3266
  periods = [{ days = "mon-sat", start = "09:30", end = "11:30" },
             { days = "mon-sat", start = "17:00", end = "20:00" }]
  [[sites.tariff.bands]]
  name = "off-peak"
  price = 1146
  periods = [{ start = "22:00", end = "04:00" }]
  [[sites.tariff.bands]]
  name = "normal"
  price = 1811

[sites.emissions]
factor = 0.6592
source = "Viet Nam grid emission factor 2023"
"""

SITE_FILE = f"""
[[sites]]
id = "plant"
name = "Ha Noi plant"
timezone = "Asia/Ho_Chi_Minh"

[sites.tariff]
name = "EVN manufacturing, 22-110 kV"
currency = "VND"
demand_charge = 100000
fixed_charge = 1000000
{EVN_BANDS_AND_EMISSIONS}
[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"

[[sites.gateways.devices]]
id = "meter"
profile = "eastron-sdm630"
unit_id = 1
"""

COUNTER, POWER, POWER_FACTOR = (
    "plant/meter/energy_import",
    "plant/meter/active_power",
    "plant/meter/power_factor",
)


def site() -> SiteConfig:
    return parse_site(SITE_FILE, "site.toml")


def power_kw(ts_ms: int) -> float:
    return 30.0 if PEAK[0] <= ts_ms < PEAK[1] else 10.0


def write_known_plant(db: Database) -> None:
    ids = db.ensure_points([(COUNTER, "kWh"), (POWER, "kW"), (POWER_FACTOR, "")])
    counter, power, factor = ids[COUNTER], ids[POWER], ids[POWER_FACTOR]
    batches: list[list[Sample]] = []
    batch: list[Sample] = []
    reading = 0.0
    for ts in range(DAY_BEFORE - 1000, REPORT_END, 1000):
        if ts == RESET:
            reading = 0.0
        reading += power_kw(ts - 1000) / 3600 if ts > DAY_BEFORE - 1000 else 0.0
        if GAP[0] <= ts < GAP[1]:
            continue
        pf = 0.8 if LOW_PF[0] <= ts < LOW_PF[1] else 0.95
        batch += [
            Sample(counter, ts, reading, Quality.GOOD),
            Sample(power, ts, power_kw(ts), Quality.GOOD),
            Sample(factor, ts, pf, Quality.GOOD),
        ]
        if len(batch) >= 30_000:
            batches.append(batch)
            batch = []
    batches.append(batch)
    ingest_batches(db, batches)
