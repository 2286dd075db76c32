"""Changes to the site file's gateways and devices, made on its text so that nothing else moves.

The window's device set-up edits the same file engineers edit by hand. A change is made on
the document tomlkit reads, which keeps every comment, blank line and key order: keys the
dialog manages are set or removed in place, everything else a table holds (a device's own
points, tuning keys) stays as written. The result is text, checked like any site file
before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table, Whitespace

from app.site.config import ConfigError

#: A key the dialog manages and leaves out: it is removed from the table.
Values = Mapping[str, Any]


class EditError(ValueError):
    """The change names a site, gateway or device the file does not hold."""


def put_device(
    text: str,
    site: str,
    gateway: str,
    values: Values,
    *,
    was: tuple[str, str] | None = None,
) -> str:
    """``text`` with the device ``values["id"]`` added to ``site``/``gateway``, or, given ``was``
    (its gateway and id before), that device updated and moved there if its gateway changed.

    A ``None`` value removes the key; keys not in ``values`` are kept.
    """
    doc = _parse(text)
    target = _gateway(doc, site, gateway)
    if was is None:
        table = _new_table()
    else:
        old_gateway = _gateway(doc, site, was[0])
        devices = _devices(old_gateway)
        index = _index(devices, was[1], f"device {site}/{was[1]}")
        table = devices[index]
        if was[0] != gateway:
            table = _copy(table)
            _delete(old_gateway, "devices", index)
    _update(table, values)
    if was is None or was[0] != gateway:
        _append(_devices(target, create=True), table)
    return tomlkit.dumps(doc)


def remove_device(text: str, site: str, gateway: str, device: str) -> str:
    doc = _parse(text)
    owner = _gateway(doc, site, gateway)
    _delete(owner, "devices", _index(_devices(owner), device, f"device {site}/{device}"))
    return tomlkit.dumps(doc)


def put_gateway(text: str, site: str, values: Values, *, was: str | None = None) -> str:
    """``text`` with gateway ``values["id"]`` added to ``site``, or gateway ``was`` updated.

    Its devices stay as they are; keys of another protocol that the new one does not take
    are the caller's to remove (as ``None``).
    """
    doc = _parse(text)
    gateways = _gateways(_site(doc, site), create=True)
    if was is None:
        table = _new_table()
        _update(table, values)
        _append(gateways, table)
    else:
        _update(gateways[_index(gateways, was, f"gateway {site}/{was}")], values)
    return tomlkit.dumps(doc)


def remove_gateway(text: str, site: str, gateway: str) -> str:
    doc = _parse(text)
    owner = _site(doc, site)
    _delete(owner, "gateways", _index(_gateways(owner), gateway, f"gateway {site}/{gateway}"))
    return tomlkit.dumps(doc)


def device_text(text: str, site: str, device: str) -> str:
    """The device's table as it stands in the file (for the audit trail's before and after)."""
    doc = _parse(text)
    for gateway in _gateways(_site(doc, site)):
        for table in _devices(gateway):
            if table.get("id") == device:
                return _alone(table, "[[sites.gateways.devices]]")
    return ""


def gateway_text(text: str, site: str, gateway: str) -> str:
    """The gateway's own keys as they stand in the file, without its devices."""
    doc = _parse(text)
    for table in _gateways(_site(doc, site)):
        if table.get("id") == gateway:
            own = {k: v for k, v in table.items() if k != "devices"}
            return _alone(own, "[[sites.gateways]]")
    return ""


def _alone(table: Mapping[str, Any], header: str) -> str:
    body = tomlkit.dumps(dict(table)).strip()
    return f"{header}\n{body}\n"


def _parse(text: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError([f"the site file is not valid TOML: {exc}"]) from None


def _site(doc: tomlkit.TOMLDocument, site: str) -> Table:
    sites = doc.get("sites")
    if not isinstance(sites, AoT):
        raise EditError(f"the site file has no [[sites]] table for site {site!r}")
    return sites[_index(sites, site, f"site {site}")]


def _gateways(site: Table, *, create: bool = False) -> AoT:
    if "gateways" not in site and create:
        site["gateways"] = tomlkit.aot()
    gateways = site.get("gateways")
    if not isinstance(gateways, AoT):
        raise EditError(f"site {site.get('id')!r} has no [[sites.gateways]] tables")
    return gateways


def _gateway(doc: tomlkit.TOMLDocument, site: str, gateway: str) -> Table:
    gateways = _gateways(_site(doc, site))
    return gateways[_index(gateways, gateway, f"gateway {site}/{gateway}")]


def _devices(gateway: Table, *, create: bool = False) -> AoT:
    if "devices" not in gateway:
        if not create:
            return tomlkit.aot()
        gateway["devices"] = tomlkit.aot()
    devices = gateway["devices"]
    if not isinstance(devices, AoT):
        raise EditError(f"gateway {gateway.get('id')!r}: devices must be [[sites.gateways.devices]] tables")
    return devices


def _index(tables: AoT, wanted: str, what: str) -> int:
    for index, table in enumerate(tables):
        if table.get("id") == wanted:
            return index
    raise EditError(f"the site file has no {what}")


def _new_table() -> Table:
    return tomlkit.table()


def _append(tables: AoT, table: Table) -> None:
    """Put ``table`` after the last of ``tables``, with a blank line before it, and carry over
    the blank lines and comments that ended the file's last table: they introduce whatever
    follows (``# alarm rules`` above ``[[alarm_rules]]``), so they stay right above it."""
    table.trivia.indent = "\n"
    for item in _trailing(_innermost(tables[-1])) if len(tables) else []:
        table.add(item)
    tables.append(table)


def _delete(owner: Table, key: str, index: int) -> None:
    """Remove ``owner[key][index]``; comments that ended it stay where they were, on whatever
    now ends the file there (the table before it, or ``owner`` when it was the only one)."""
    tables = owner[key]
    trailing = _trailing(_innermost(tables[index])) if index == len(tables) - 1 else []
    del tables[index]
    if not len(tables):
        del owner[key]
    keeper = _innermost(tables[-1]) if len(tables) else _innermost(owner)
    while trailing and isinstance(trailing[0], Whitespace) and _ends_blank(keeper):
        trailing.pop(0)
    for item in trailing:
        keeper.add(item)


def _ends_blank(table: Table) -> bool:
    body = table.value.body
    return bool(body) and body[-1][0] is None and isinstance(body[-1][1], Whitespace)


def _trailing(table: Table) -> list[Any]:
    """Take the blank lines and comments after ``table``'s last key."""
    body = table.value.body
    trailing = []
    while body and body[-1][0] is None:
        trailing.insert(0, body.pop()[1])
    return trailing


def _innermost(table: Table) -> Table:
    """The table whose text ends ``table``: its last sub-table's, if it ends with one."""
    body = table.value.body
    while body and isinstance(body[-1][1], AoT | Table):
        last = body[-1][1]
        table = last[-1] if isinstance(last, AoT) else last
        body = table.value.body
    return table


def _copy(table: Table) -> Table:
    """A device moving to another gateway: the same keys and sub-tables, under the new one."""
    moved = _new_table()
    for key, value in table.items():
        moved[key] = value
    return moved


def _update(table: Table, values: Values) -> None:
    for key, value in values.items():
        if value is None:
            if key in table:
                del table[key]
        elif table.get(key) != value:
            table[key] = value
