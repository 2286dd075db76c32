"""A synthetic site for the alarm benchmarks: devices of 100 points, four limit rules per point."""

from __future__ import annotations

from app.site.config import SiteConfig, parse_site

POINTS_PER_DEVICE = 100
HEADER = """
[[sites]]
id = "bench"

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"
"""


def site(devices: int, interval_s: float = 1.0) -> SiteConfig:
    parts = [HEADER]
    for d in range(devices):
        parts.append(f'\n[[sites.gateways.devices]]\nid = "d{d}"\nunit_id = {d + 1}\n')
        parts.append(f"interval_s = {interval_s}\n")
        for p in range(POINTS_PER_DEVICE):
            parts.append(f'[[sites.gateways.devices.points]]\nquantity = "q{p}"\naddress = {p}\n')
    for d in range(devices):
        for p in range(POINTS_PER_DEVICE):
            point = f"bench/d{d}/q{p}"
            for kind, limit in (("high", 250.0), ("high_high", 260.0), ("low", 210.0), ("low_low", 200.0)):
                parts.append(
                    f'\n[[alarm_rules]]\npoint = "{point}"\nkind = "{kind}"\nlimit = {limit}\n'
                    "deadband = 2.0\ndelay_s = 1.0\n"
                )
    return parse_site("".join(parts), "bench.toml")
