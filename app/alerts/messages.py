"""What an alert says, in the recipient's language: one alarm, or a flood in one message.

Text is rendered when it is sent, from the facts the outbox keeps (``data``), so the outbox
never holds a name or an address; a colleague who acknowledged is named from the accounts at
that moment, or by the pseudonymous ref once their account is gone. Times are the site's
local time. More than :data:`FLOOD` notifications for one person on one channel at once
become a single summary (EEMUA 191: in a flood, one message that says how many and which
matter most, rather than hundreds).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from app.i18n import in_language, translate
from senders.base import Message

#: More notifications than this for one person and channel at once make one summary.
FLOOD = 3
#: A summary lists this many alarms, most urgent first, then says how many more.
SUMMARY_LINES = 15
PRIORITY_ORDER = ("critical", "high", "medium", "low")
COLOURS = {"critical": "#c0392b", "high": "#e67e22", "medium": "#d4ac0d", "low": "#5d6d7e"}


def priority_name(priority: str) -> str:
    return {
        "critical": translate("Alerts", "Critical"),
        "high": translate("Alerts", "High"),
        "medium": translate("Alerts", "Medium"),
        "low": translate("Alerts", "Low"),
    }.get(priority, priority)


def _clock(ts_ms: int, zone: tzinfo) -> str:
    return datetime.fromtimestamp(ts_ms / 1000, UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _value(data: Mapping[str, Any]) -> str:
    value = data.get("value")
    if value is None:
        return ""
    return f"{value:.6g} {data.get('unit', '')}".strip()


def _what(data: Mapping[str, Any]) -> str:
    return str(data.get("message") or data.get("point_name") or data["alarm"])


def _headline(data: Mapping[str, Any], event: str, names: Mapping[str, str]) -> str:
    """What happened, by the event: an acknowledgement of a returned alarm is an acknowledgement."""
    if event == "returned":
        return translate("Alerts", "Returned to normal")
    if event == "acknowledged":
        who = str(data.get("user", ""))
        return translate("Alerts", "Acknowledged by {who}").format(who=names.get(who, who))
    if event == "escalated":
        return translate("Alerts", "Not acknowledged: escalated to you (tier {tier})").format(
            tier=int(data.get("tier", 0)) + 1
        )
    if event == "test":
        return translate("Alerts", "Test message")
    return translate("Alerts", "{priority} alarm").format(priority=priority_name(str(data.get("priority"))))


def one(
    row_key: str,
    event: str,
    data: Mapping[str, Any],
    zone: tzinfo,
    names: Mapping[str, str],
    *,
    replies: bool = False,
) -> Message:
    """The message of one notification (people's channels and machines alike). ``replies``: the
    channel takes "ACK <number>" replies, which the SMS text then says."""
    if event == "test":
        return test_message(row_key, str(data.get("site_name", "")), str(data.get("channel", "")))
    headline = _headline(data, event, names)
    what = _what(data)
    site = str(data.get("site_name") or data.get("site", ""))
    subject = f"[{priority_name(str(data['priority']))}] {site}: {what}"
    if event in ("returned", "acknowledged"):
        subject = f"{headline} — {subject}"
    lines = [
        f"{headline}: {what}",
        translate("Alerts", "Site: {site}").format(site=site),
        translate("Alerts", "Point: {point}").format(point=data.get("point_name") or data.get("point")),
    ]
    if (value := _value(data)) != "":
        lines.append(translate("Alerts", "Value: {value}").format(value=value))
    lines.append(
        translate("Alerts", "Since: {time}").format(
            time=_clock(int(data.get("activated_ms") or data["ts_ms"]), zone)
        )
    )
    if event in ("returned", "acknowledged"):
        lines.append(translate("Alerts", "At: {time}").format(time=_clock(int(data["ts_ms"]), zone)))
    if data.get("comment"):
        lines.append(translate("Alerts", "Comment: {comment}").format(comment=data["comment"]))
    lines += ["", translate("Alerts", "Alarm {key} — reference {ref}").format(key=data["alarm"], ref=row_key)]
    colour = COLOURS.get(str(data["priority"]), "#333")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] if line)
    title = f'<h2 style="color:{colour}">{html.escape(lines[0])}</h2>'
    page = f'<div style="font-family:sans-serif">{title}{body}</div>'
    machine = {k: v for k, v in data.items() if k != "language"}
    since = _clock(int(data["ts_ms"]), zone)[11:16]
    short = [lines[0], f"{site} {since}", value, str(data.get("comment") or "")]
    if replies and event in ("activated", "escalated") and data.get("number"):
        short.append(translate("Alerts", "Reply ACK {number} to acknowledge").format(number=data["number"]))
    return Message(row_key, subject, "\n".join(lines), page, machine, "\n".join(s for s in short if s))


def summary(rows: Sequence[tuple[str, str, Mapping[str, Any]]], zone: tzinfo) -> Message:
    """One message for many notifications: how many, per priority, and the most urgent first."""
    ranked = sorted(rows, key=lambda r: (PRIORITY_ORDER.index(str(r[2]["priority"])), int(r[2]["ts_ms"])))
    sites = sorted({str(d.get("site_name") or d.get("site")) for _k, _e, d in rows})
    counts = {p: sum(1 for _k, _e, d in rows if d["priority"] == p) for p in PRIORITY_ORDER}
    top = priority_name(str(ranked[0][2]["priority"]))
    subject = translate("Alerts", "[{priority}] {count} alarms at {sites}").format(
        priority=top, count=len(rows), sites=", ".join(sites)
    )
    per_priority = ", ".join(f"{priority_name(p)} {n}" for p, n in counts.items() if n)
    lines = [
        translate("Alerts", "{count} alarms in a flood ({counts}); the most urgent:").format(
            count=len(rows), counts=per_priority
        )
    ]
    lines += [
        f"{_clock(int(d['ts_ms']), zone)}  {priority_name(str(d['priority']))}  {_what(d)}  ({d['alarm']})"
        for _k, _e, d in ranked[:SUMMARY_LINES]
    ]
    if len(ranked) > SUMMARY_LINES:
        lines.append(
            translate("Alerts", "… and {count} more: see the alarm list.").format(
                count=len(ranked) - SUMMARY_LINES
            )
        )
    key = "s-" + ranked[0][0][2:22] + f"-{len(rows)}"
    short = translate("Alerts", "{count} alarms at {sites} ({counts}). First: {what}").format(
        count=len(rows), sites=", ".join(sites), counts=per_priority, what=_what(ranked[0][2])
    )
    page = (
        '<div style="font-family:sans-serif">'
        + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        + "</div>"
    )
    data = {"count": len(rows), "alarms": [d["alarm"] for _k, _e, d in ranked]}
    return Message(key, subject, "\n".join(lines), page, data, short)


def test_message(key: str, site: str, channel: str) -> Message:
    subject = translate("Alerts", "Wattkeeper test message")
    text = translate(
        "Alerts",
        "This is a test message from Wattkeeper at {site}, sent through the channel {channel}. "
        "If you read it, alarms can reach you this way.",
    ).format(site=site, channel=channel)
    return Message(
        key, subject, text, f"<p>{html.escape(text)}</p>", {"test": True, "channel": channel}, text
    )


def render(
    rows: Sequence[tuple[str, str, Mapping[str, Any]]],
    language: str,
    zone: tzinfo,
    names: Mapping[str, str],
    *,
    replies: bool = False,
) -> Message:
    """The message for the notifications sent together to one person on one channel."""
    with in_language(language):
        if len(rows) > FLOOD:
            return summary(rows, zone)
        if len(rows) == 1:
            key, event, data = rows[0]
            return one(key, event, data, zone, names, replies=replies)
        parts = [one(key, event, data, zone, names, replies=replies) for key, event, data in rows]
        subject = " / ".join(p.subject for p in parts)
        text = "\n\n".join(p.text for p in parts)
        page = "<hr>".join(p.html or "" for p in parts)
        short = "\n".join(p.short for p in parts)
        return Message(parts[0].id + f"+{len(parts) - 1}", subject, text, page, parts[0].data, short)
