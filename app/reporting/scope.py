"""The devices and points a report's scope covers: a whole site, or one device of it."""

from __future__ import annotations

from dataclasses import dataclass

from app.reporting.meters import ScopeError
from app.site.config import PointInfo, Site, SiteConfig


@dataclass(frozen=True)
class Scope:
    site: Site
    #: The site's name for a site, ``site/device`` for a device.
    title: str
    #: Each device in the scope (``site/device``) with its points, in file order.
    devices: dict[str, list[PointInfo]]
    #: Each device's gateway id, and the interval in seconds at which it is read or reports.
    gateways: dict[str, str]
    intervals: dict[str, float]

    @property
    def points(self) -> list[PointInfo]:
        return [p for points in self.devices.values() for p in points]


def scope_of(config: SiteConfig, scope: str) -> Scope:
    """``scope`` (a site id or ``site/device``), or a :class:`ScopeError` naming the known ones."""
    sites = {site.id: site for site in config.file.sites}
    site_id = scope.split("/", maxsplit=1)[0]
    if site_id not in sites:
        raise ScopeError(f"no site {site_id!r} in the site file (sites: {', '.join(sorted(sites))})")
    site = sites[site_id]
    in_scope = [p for p in config.points if (p.device_path == scope if "/" in scope else p.site == scope)]
    if "/" in scope and not in_scope:
        known = ", ".join(sorted({p.device_path for p in config.points if p.site == site.id})) or "none"
        raise ScopeError(f"no device {scope!r} in the site file (devices: {known})")
    devices: dict[str, list[PointInfo]] = {}
    for point in in_scope:
        devices.setdefault(point.device_path, []).append(point)
    gateways = {f"{site.id}/{d.id}": g.id for g in site.gateways for d in g.devices}
    intervals = {f"{site.id}/{d.id}": d.interval_s for g in site.gateways for d in g.devices}
    title = scope if "/" in scope else site.name or site.id
    return Scope(site, title, devices, gateways, intervals)
