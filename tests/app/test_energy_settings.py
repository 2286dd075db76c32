"""A site's tariff, emission factor and time zone: what a report prices and counts with."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.site.config import ConfigError, parse_site
from app.site.energy_settings import WEEKDAYS
from tests.app.reporting.known_plant import EVN_BANDS_AND_EMISSIONS
from tests.app.test_config import VALID

VIET_NAM = f"""
timezone = "Asia/Ho_Chi_Minh"
main_meters = ["meter"]
power_factor_limit = 0.85

[sites.tariff]
name = "EVN manufacturing, 22-110 kV"
currency = "VND"
demand_interval_minutes = 15
{EVN_BANDS_AND_EMISSIONS}"""


def with_site_settings(settings: str) -> str:
    """The valid site file with ``settings`` added to its one site."""
    head, gateways = VALID.split("[[sites.gateways]]", 1)
    return f"{head}{settings}\n[[sites.gateways]]{gateways}"


def band_at(table: tuple[int, ...], day: str, clock: str) -> int:
    hours, minutes = (int(x) for x in clock.split(":"))
    return table[WEEKDAYS.index(day) * 96 + hours * 4 + minutes // 15]


def test_a_time_of_use_tariff_prices_every_quarter_hour_of_the_week() -> None:
    site = parse_site(with_site_settings(VIET_NAM), "site.toml").file.sites[0]
    assert site.tariff is not None and site.emissions is not None
    assert (site.timezone, site.main_meters, site.power_factor_limit) == ("Asia/Ho_Chi_Minh", ["meter"], 0.85)
    assert str(site.zone()) == "Asia/Ho_Chi_Minh"
    table = site.tariff.band_table()
    names = [b.name for b in site.tariff.bands]
    expected = {
        ("mon", "09:15"): "normal",
        ("mon", "09:30"): "peak",
        ("mon", "11:15"): "peak",
        ("mon", "11:30"): "normal",
        ("sat", "19:45"): "peak",
        ("sun", "10:00"): "normal",  # no peak hours on Sunday
        ("sun", "22:00"): "off-peak",
        ("mon", "03:45"): "off-peak",  # Sunday night's band runs past midnight
        ("mon", "04:00"): "normal",
    }
    assert {key: names[band_at(table, *key)] for key in expected} == expected
    assert site.emissions.factor == 0.6592


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('start = "22:00"', 'start = "22:10"'), "'22:10' is not a time on a quarter-hour"),
        (
            ('days = "mon-sat", start = "09:30"', 'days = "monday", start = "09:30"'),
            "'monday' is not a day range",
        ),
        (('end = "04:00"', 'end = "10:00"'), "bands 'peak' and 'off-peak' both cover mon 09:30"),
        (
            (
                'name = "normal"\n  price = 1811',
                'name = "normal"\n  price = 1811\n  periods = [{ start = "05:00", end = "06:00" }]',
            ),
            "no band covers mon 04:00",
        ),
        (
            ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"'),
            "unknown time zone 'Asia/Hanoi_City'",
        ),
        (
            ('main_meters = ["meter"]', 'main_meters = ["incomer"]'),
            "no device 'incomer' at this site (devices: meter, sensor)",
        ),
        (("factor = 0.6592", "factor = -1"), "sites[0].emissions.factor"),
    ],
)
def test_a_broken_tariff_names_what_is_wrong(change: tuple[str, str], message: str) -> None:
    text = with_site_settings(VIET_NAM.replace(*change))
    with pytest.raises(ConfigError) as raised:
        parse_site(text, "site.toml")
    assert message in str(raised.value)


def test_a_site_without_energy_settings_counts_in_this_computer_s_zone() -> None:
    site = parse_site(VALID, "site.toml").file.sites[0]
    assert site.tariff is None and site.emissions is None and site.timezone == ""
    assert datetime.now(site.zone()).utcoffset() == datetime.now().astimezone().utcoffset()


PERFORMANCE_AND_VIBRATION = """
[sites.energy_performance]
variable = "production"
point = "meter/produced"
baseline_from = 2026-01-01
baseline_to = 2026-06-30

[[sites.vibration]]
point = "sensor/vibration"
zones = [1.4, 2.8, 4.5]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("", ""), "sites[0].energy_performance.point: no point 'meter/produced' at site"),
        (("", ""), "sites[0].vibration[0].point: no point 'sensor/vibration' at site"),
        (("[1.4, 2.8, 4.5]", "[2.8, 1.4, 4.5]"), "zones [2.8, 1.4, 4.5] must be three rising limits"),
        (("baseline_to = 2026-06-30", "baseline_to = 2025-06-30"), "baseline_to 2025-06-30 is before"),
        (('variable = "production"', 'variable = "output"'), "sites[0].energy_performance.variable"),
    ],
)
def test_a_broken_indicator_or_vibration_limit_names_what_is_wrong(
    change: tuple[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_site(with_site_settings(PERFORMANCE_AND_VIBRATION.replace(*change)), "site.toml")
    assert message in "\n".join(raised.value.problems)
