"""Alarm conditions on exact sample sequences: deadband, delays, and every rule kind."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from app.alarms.conditions import ConditionChange, ConditionEvaluator
from app.site.alarm_rules import AlarmRule
from drivers.base import Quality, Sample

T0 = 1_700_000_000_000
IDS = {"s/m/v1": 1, "s/m/v2": 2, "s/m/v3": 3, "s/m/x": 7}


def evaluator(*rules: AlarmRule, interval_s: float = 1.0) -> ConditionEvaluator:
    return ConditionEvaluator(list(rules), IDS, dict.fromkeys(IDS, interval_s), T0)


def feed(
    ev: ConditionEvaluator,
    values: Iterable[float | None],
    *,
    point: int = 1,
    step_ms: int = 100,
    start: int = T0,
) -> list[ConditionChange]:
    changes = []
    for i, value in enumerate(values):
        quality = Quality.GOOD if value is not None else Quality.COMM_ERROR
        changes += ev.on_samples([Sample(point, start + i * step_ms, value, quality)])
    return changes


def transitions(changes: list[ConditionChange]) -> list[tuple[bool, int]]:
    return [(c.active, c.ts_ms - T0) for c in changes]


def test_value_oscillating_inside_the_deadband_raises_exactly_one_alarm() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="high", limit=253.0, deadband=2.0))
    wobble = [250.0, 253.5] + [252.0, 253.4, 251.5, 253.9] * 50 + [250.9]
    assert transitions(feed(ev, wobble)) == [(True, 100), (False, 100 * (len(wobble) - 1))]


def test_without_a_deadband_the_same_wobble_chatters() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="high", limit=253.0))
    wobble = [250.0, 253.5] + [252.0, 253.4] * 10
    assert len(feed(ev, wobble)) == 21


@pytest.mark.parametrize(("excursion_ms", "fires"), [(4_900, False), (5_100, True)])
def test_on_delay_of_5_s(excursion_ms: int, fires: bool) -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="high", limit=253.0, delay_s=5.0))
    high = excursion_ms // 100 + 1  # samples every 100 ms from the first high one to the last
    changes = feed(ev, [230.0] + [260.0] * high + [230.0] * 10)
    if fires:
        assert transitions(changes)[0] == (True, 100 + 5_000)
    else:
        assert changes == []


def test_off_delay_holds_the_alarm_through_a_short_dip() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="low", limit=200.0, off_delay_s=1.0))
    changes = feed(ev, [190.0, 210.0, 210.0, 190.0] + [210.0] * 12)
    assert transitions(changes) == [(True, 0), (False, 400 + 1_000)]


def test_bad_quality_neither_raises_nor_clears() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="high", limit=253.0, delay_s=0.3))
    changes = feed(ev, [260.0, None, 260.0, None, 260.0, 260.0, None, None, 240.0])
    assert transitions(changes) == [(True, 400), (False, 800)]


def test_high_high_and_low_low_are_separate_alarms() -> None:
    ev = evaluator(
        AlarmRule(point="s/m/v1", kind="high", limit=250.0),
        AlarmRule(point="s/m/v1", kind="high_high", limit=260.0),
        AlarmRule(point="s/m/v1", kind="low_low", limit=180.0),
    )
    changes = feed(ev, [230.0, 255.0, 265.0, 230.0, 170.0])
    assert [(c.condition, c.active) for c in changes] == [
        (0, True),
        (1, True),
        (0, False),
        (1, False),
        (2, True),
    ]


def test_rate_of_change_per_second_in_the_chosen_direction() -> None:
    ev = evaluator(
        AlarmRule(point="s/m/v1", kind="rate_of_change", limit=5.0, direction="falling"),
        AlarmRule(point="s/m/v1", kind="rate_of_change", limit=5.0),
    )
    changes = feed(ev, [50.0, 50.4, 51.0, 50.0, 49.4, 49.4], step_ms=100)
    # +4/s, +6/s (only "both"), -10/s (both), -6/s, 0/s
    assert [(c.condition, c.active, c.ts_ms - T0) for c in changes] == [
        (1, True, 200),
        (0, True, 300),
        (0, False, 500),
        (1, False, 500),
    ]


def test_deviation_from_the_phase_average_is_an_unbalance_in_percent() -> None:
    ev = evaluator(
        AlarmRule(point="s/m/v1", kind="deviation", reference=["s/m/v1", "s/m/v2", "s/m/v3"], limit=2.0)
    )

    def poll(ts: int, v1: float, v2: float, v3: float) -> list[ConditionChange]:
        return ev.on_samples([Sample(1, ts, v1, 0), Sample(2, ts, v2, 0), Sample(3, ts, v3, 0)])

    assert poll(T0, 230.0, 231.0, 229.0) == []
    tripped = poll(T0 + 1000, 240.0, 230.0, 229.0)  # mean 233, L1 is 3.0 % above it
    assert [(c.active, c.value) for c in tripped] == [(True, 240.0)]
    assert [c.active for c in poll(T0 + 2000, 232.0, 230.0, 229.0)] == [False]


def test_power_quality_bands() -> None:
    ev = evaluator(
        AlarmRule(point="s/m/x", kind="band", low=49.5, high=50.5, deadband=0.05),
        AlarmRule(point="s/m/v1", kind="nominal_band", nominal=230.0),
    )
    frequency = feed(ev, [50.0, 50.6, 50.48, 50.44, 49.4], point=7)
    assert [(c.active, c.ts_ms - T0) for c in frequency] == [(True, 100), (False, 300), (True, 400)]
    voltage = feed(ev, [230.0, 252.0, 254.0, 207.5, 206.0], start=T0 + 10_000)
    assert [(c.active, c.value) for c in voltage] == [(True, 254.0), (False, 207.5), (True, 206.0)]


def test_digital_state_and_stale_value() -> None:
    ev = evaluator(
        AlarmRule(point="s/m/x", kind="digital", state=1.0),
        AlarmRule(point="s/m/v1", kind="stale", limit=2.0),
    )
    assert [(c.active, c.ts_ms - T0) for c in feed(ev, [0.0, 1.0, 1.0, 0.0], point=7)] == [
        (True, 100),
        (False, 300),
    ]
    frozen = feed(ev, [230.1, 230.2] + [230.2] * 30 + [230.3], start=T0, step_ms=100)
    assert [(c.active, c.ts_ms - T0) for c in frozen] == [(True, 100 + 2_100), (False, 3_200)]


def test_comm_loss_trips_on_silence_and_is_stamped_when_the_silence_began() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="comm_loss", intervals=3), interval_s=1.0)
    assert ev.on_samples([Sample(1, T0 + 500, 230.0, 0)]) == []
    assert ev.tick(T0 + 3_400) == []
    tripped = ev.tick(T0 + 3_600)
    assert [(c.active, c.ts_ms) for c in tripped] == [(True, T0 + 3_500)]
    assert ev.tick(T0 + 9_000) == []
    cleared = ev.on_samples([Sample(1, T0 + 9_100, 231.0, 0)])
    assert [(c.active, c.ts_ms) for c in cleared] == [(False, T0 + 9_100)]


def test_comm_loss_trips_on_error_samples_too() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="comm_loss", intervals=2), interval_s=1.0)
    changes = feed(ev, [230.0, None, None, None, 230.0], step_ms=1000)
    assert [(c.active, c.ts_ms - T0) for c in changes] == [(True, 2_000), (False, 4_000)]


def test_a_batch_holding_several_samples_of_a_point_is_evaluated_in_order() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="high", limit=253.0, delay_s=0.2))
    batch = [Sample(1, T0 + i * 100, v, 0) for i, v in enumerate([250.0, 260.0, 260.0, 260.0, 240.0])]
    batch.insert(2, Sample(2, T0 + 150, 1.0, 0))
    assert transitions(ev.on_samples(batch)) == [(True, 300), (False, 400)]


def test_unknown_points_are_ignored() -> None:
    ev = evaluator(AlarmRule(point="s/m/v1", kind="high", limit=253.0))
    assert ev.on_samples([Sample(99, T0, 999.0, 0), Sample(10_000, T0, 999.0, 0)]) == []
