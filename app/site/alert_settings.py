"""The site file's alerts: the channels messages leave by, who is told of which alarms, and when.

```toml
[[alert_channels]]
id = "site-mail"
kind = "email"                   # the site's own mail server
host = "mail.plant.local"
port = 587
security = "starttls"            # or "tls"; the server's certificate is always checked
sender = "wattkeeper@plant.local"
username = "wattkeeper"          # optional; its password: wattkeeper secret set alert-password:site-mail
ca_file = "certs/site-ca.pem"    # optional; default the system's authorities

[[alert_channels]]
id = "gsm"
kind = "sms"                     # a GSM modem on a serial port
port = "/dev/ttyUSB0"
pin = true                       # the SIM asks for a PIN: wattkeeper secret set sms-pin:gsm
diacritics = false               # Vietnamese sent as plain letters (160 characters a message)
replies = true                   # "ACK 12" from a known phone acknowledges alarm 12

[[alert_channels]]
id = "bms"
kind = "mqtt"                    # every change of an alarm, as JSON, at TOPIC/<alarm>;
host = "127.0.0.1"               # the active alarms, retained, at TOPIC/active
topic = "wattkeeper/alarms"

[[alert_channels]]
id = "pager"
kind = "webhook"                 # an HTTP POST of the same JSON
url = "https://gateway.plant.local/alerts"

[[alert_recipients]]
account = "oncall@plant.example" # an account's e-mail; told only on channels it agreed to
language = "vi"
quiet_hours = "22:00-06:00"      # the site's local time; critical alarms are sent anyway

[[alert_rules]]
name = "critical"
priorities = ["critical"]        # default: every priority
sites = ["plant"]                # default: every site
returns = true                   # also tell when the alarm returns to normal
acknowledgements = true          # and when someone acknowledges it
machines = ["bms", "pager"]      # MQTT and webhook channels told of every change
  [[alert_rules.tiers]]
  to = ["oncall@plant.example"]
  by = ["gsm", "site-mail"]
  [[alert_rules.tiers]]
  after_minutes = 10             # not acknowledged by then: the next tier is told
  to = ["chief@plant.example"]
  by = ["site-mail"]
```

Accounts are named by their e-mail here and checked against the accounts when the program
starts (``check_recipients``), since the site file cannot know them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator

from app.site.alarm_rules import Priority
from app.site.strict_model import Strict
from drivers.profiles import Identifier

Port = Annotated[int, Field(ge=1, le=65_535)]
Seconds = Annotated[float, Field(gt=0, le=600)]


class EmailChannel(Strict):
    id: Identifier
    kind: Literal["email"]
    host: str = Field(min_length=1)
    port: Port = 587
    security: Literal["starttls", "tls"] = "starttls"
    sender: str = Field(min_length=3)
    username: str | None = None
    ca_file: Path | None = None
    timeout_s: Seconds = 20


class SmsChannel(Strict):
    id: Identifier
    kind: Literal["sms"]
    port: str = Field(min_length=1)
    baudrate: int = 115_200
    pin: bool = False
    diacritics: bool = True
    delivery_reports: bool = False
    #: Read the modem's received messages: "ACK <number>" from the phone of an account that agreed
    #: to SMS alerts acknowledges that alarm in its name (if its role may acknowledge).
    replies: bool = False
    timeout_s: Seconds = 10


class MqttChannel(Strict):
    id: Identifier
    kind: Literal["mqtt"]
    host: str = Field(min_length=1)
    port: Port | None = None
    topic: str = Field(default="wattkeeper/alarms", min_length=1)
    tls: bool = False
    ca_file: Path | None = None
    username: str | None = None
    timeout_s: Seconds = 10

    @field_validator("topic")
    @classmethod
    def _no_wildcards(cls, value: str) -> str:
        if "#" in value or "+" in value:
            raise ValueError(f"a topic to publish to has no wildcards (got {value!r})")
        return value.rstrip("/")

    @property
    def effective_port(self) -> int:
        return self.port or (8883 if self.tls or self.ca_file is not None else 1883)


class WebhookChannel(Strict):
    id: Identifier
    kind: Literal["webhook"]
    url: str = Field(pattern=r"^https?://")
    ca_file: Path | None = None
    token: bool = False
    timeout_s: Seconds = 10


AlertChannel = Annotated[
    EmailChannel | SmsChannel | MqttChannel | WebhookChannel, Field(discriminator="kind")
]
PERSON_KINDS = {"email", "sms"}
MACHINE_KINDS = {"mqtt", "webhook"}


def _clock_minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ValueError(f"{text!r} is not a time of day like '22:00'")
    return int(hours) * 60 + int(minutes)


class AlertRecipient(Strict):
    account: str = Field(min_length=3)
    language: Literal["en", "vi"] = "en"
    quiet_hours: str | None = None

    @field_validator("quiet_hours")
    @classmethod
    def _span(cls, value: str | None) -> str | None:
        if value is not None:
            start, dash, end = value.partition("-")
            if not dash:
                raise ValueError(f"{value!r} is not a span of the day like '22:00-06:00'")
            _clock_minutes(start), _clock_minutes(end)
        return value

    def quiet_at(self, minute_of_day: int) -> bool:
        """Whether a local minute of the day falls in the quiet hours (which may cross midnight)."""
        if self.quiet_hours is None:
            return False
        start, _, end = self.quiet_hours.partition("-")
        first, last = _clock_minutes(start), _clock_minutes(end)
        if first <= last:
            return first <= minute_of_day < last
        return minute_of_day >= first or minute_of_day < last


class AlertTier(Strict):
    after_minutes: Annotated[float, Field(ge=0, le=24 * 60)] = 0
    to: list[str] = Field(min_length=1)
    by: list[str] = Field(min_length=1)


class AlertRule(Strict):
    name: Identifier
    priorities: list[Priority] = Field(default_factory=lambda: list(Priority))
    sites: list[str] = Field(default_factory=list)
    alarms: list[str] = Field(default_factory=list)
    returns: bool = False
    acknowledgements: bool = False
    tiers: list[AlertTier] = Field(default_factory=list)
    machines: list[str] = Field(default_factory=list)

    def covers(self, site: str, alarm: str, priority: Priority) -> bool:
        return (
            priority in self.priorities
            and (not self.sites or site in self.sites)
            and (not self.alarms or alarm in self.alarms)
        )


def check_alerts(
    channels: list[AlertChannel],
    recipients: list[AlertRecipient],
    rules: list[AlertRule],
    sites: set[str],
    alarms: set[str],
) -> list[str]:
    """Problems pydantic cannot see: names that point nowhere, channels of the wrong kind."""
    problems: list[str] = []
    kinds: dict[str, str] = {}
    for i, channel in enumerate(channels):
        if channel.id in kinds:
            problems.append(f"alert_channels[{i}].id: channel {channel.id!r} is already defined")
        kinds.setdefault(channel.id, channel.kind)
    seen: set[str] = set()
    for i, recipient in enumerate(recipients):
        if recipient.account.lower() in seen:
            problems.append(f"alert_recipients[{i}].account: {recipient.account!r} is listed twice")
        seen.add(recipient.account.lower())
    names: set[str] = set()
    for r, rule in enumerate(rules):
        where = f"alert_rules[{r}]"
        if rule.name in names:
            problems.append(f"{where}.name: {rule.name!r} names another rule already")
        names.add(rule.name)
        problems += [
            f"{where}.sites[{i}]: no site {site!r} (known: {', '.join(sorted(sites))})"
            for i, site in enumerate(rule.sites)
            if site not in sites
        ]
        problems += [
            f"{where}.alarms[{i}]: no alarm rule {alarm!r}"
            for i, alarm in enumerate(rule.alarms)
            if alarm not in alarms
        ]
        if not rule.tiers and not rule.machines:
            problems.append(f"{where}: tells nobody (give it tiers of people or machines)")
        for i, name in enumerate(rule.machines):
            problems += _channel_problem(f"{where}.machines[{i}]", name, kinds, MACHINE_KINDS)
        for t, tier in enumerate(rule.tiers):
            for i, name in enumerate(tier.by):
                problems += _channel_problem(f"{where}.tiers[{t}].by[{i}]", name, kinds, PERSON_KINDS)
            if t and tier.after_minutes <= rule.tiers[t - 1].after_minutes:
                problems.append(
                    f"{where}.tiers[{t}].after_minutes: must be later than the tier before "
                    f"({rule.tiers[t - 1].after_minutes:g})"
                )
    return problems


def _channel_problem(where: str, name: str, kinds: dict[str, str], wanted: set[str]) -> list[str]:
    if name not in kinds:
        return [f"{where}: no alert channel {name!r} (channels: {', '.join(sorted(kinds)) or 'none'})"]
    if kinds[name] not in wanted:
        return [f"{where}: channel {name!r} is {kinds[name]}, which is for {_for(wanted)}"]
    return []


def _for(wanted: set[str]) -> str:
    return "machines (mqtt, webhook)" if wanted == PERSON_KINDS else "people (email, sms)"
