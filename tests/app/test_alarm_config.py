"""Alarm rules in the site file: each mistake is one line naming the file, the key and the problem."""

from __future__ import annotations

import pytest

from app.site.alarm_rules import Priority, RuleKind
from app.site.config import ConfigError, parse_site
from tests.app.alarm_site import SITE

RULE = """
[[alarm_rules]]
id = "v-high"
point = "s/m/voltage"
kind = "high"
limit = 253.0
"""


def problems(rules: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_site(SITE + rules, "site.toml")
    return caught.value.problems


def test_every_kind_parses_with_its_keys() -> None:
    rules = RULE + "".join(
        f'\n[[alarm_rules]]\npoint = "s/m/voltage"\nkind = "{kind}"\n{extra}\n'
        for kind, extra in [
            ("high_high", "limit = 260"),
            ("low", "limit = 210"),
            ("low_low", "limit = 200"),
            ("rate_of_change", 'limit = 5\ndirection = "rising"'),
            ("deviation", 'limit = 2\nreference = "s/m/current"'),
            ("band", "low = 200\nhigh = 250"),
            ("nominal_band", "nominal = 230\ntolerance_pct = 5"),
            ("comm_loss", "intervals = 5"),
            ("stale", "limit = 60"),
            ("digital", "state = 1"),
            ("anomaly", "seasonal = true\nsensitivity = 5"),
        ]
    )
    config = parse_site(SITE + rules, "site.toml")
    assert {r.kind for r in config.file.alarm_rules} == set(RuleKind)
    assert config.file.alarm_rules[0].key == "v-high"
    assert config.file.alarm_rules[1].key == "s/m/voltage:high_high"
    assert config.file.alarm_settings.style(Priority.CRITICAL).colour.startswith("#")


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            RULE.replace('kind = "high"', 'kind = "very_high"'),
            "site.toml: alarm_rules[0].kind: input should be",
        ),
        (RULE.replace("limit = 253.0", ""), "site.toml: alarm_rules[0].limit: a high rule needs limit"),
        (
            RULE.replace("limit = 253.0", "limit = 253.0\ndelay_s = -1"),
            "alarm_rules[0].delay_s: input should be",
        ),
        (RULE.replace('id = "v-high"', 'id = "v-high"\npriority = "urgent"'), "alarm_rules[0].priority"),
        (RULE + RULE, "site.toml: alarm_rules[1].id: alarm 'v-high' is already defined at alarm_rules[0]"),
        (
            '\n[[alarm_rules]]\npoint = "s/m/voltage"\nkind = "band"\nlow = 250\nhigh = 200\n',
            "site.toml: alarm_rules[0].low: must be below high (250 >= 200)",
        ),
        (
            '\n[[alarm_rules]]\npoint = "s/m/voltage"\nkind = "deviation"\nlimit = 2\n',
            "site.toml: alarm_rules[0].reference: a deviation rule needs reference",
        ),
        (
            '\n[[alarm_rules]]\npoint = "s/m/voltage"\nkind = "deviation"\nlimit = 2\n'
            'reference = ["s/m/nope"]\n',
            "site.toml: alarm_rules[0].reference: no configured point 's/m/nope'",
        ),
        (RULE + 'parent = "feeder"\n', "site.toml: alarm_rules[0].parent: no alarm 'feeder'"),
        (RULE + 'parent = "v-high"\n', "site.toml: alarm_rules[0].parent: an alarm cannot be its own parent"),
        (
            RULE + 'suppress_when = { point = "s/genset/runing", state = 0 }\n',
            "site.toml: alarm_rules[0].suppress_when.point: no configured point 's/genset/runing'",
        ),
        (
            RULE + '\n[alarm_settings.priorities.critical]\ncolour = "red"\nsound = "critical.wav"\n',
            "site.toml: alarm_settings.priorities.critical.colour: string should match pattern",
        ),
    ],
)
def test_broken_rule_names_file_key_and_problem(rules: str, expected: str) -> None:
    found = problems(rules)
    assert any(p.startswith(expected) or expected in p for p in found), found
    assert all("\n" not in p for p in found)
