from __future__ import annotations

import math

from app.pipeline.live_buffers import LiveBuffers
from drivers.base import Quality, Sample, SampleBatch


def feed(live: LiveBuffers, values: list[tuple[float | None, Quality]], start: int = 0) -> None:
    live.on_batch(SampleBatch("d", [Sample(1, (start + i) * 1000, v, q) for i, (v, q) in enumerate(values)]))


def test_window_is_the_newest_samples_in_order_after_wrapping() -> None:
    live = LiveBuffers([1], capacity=4)
    feed(live, [(float(i), Quality.GOOD) for i in range(10)])
    times, values = live.window(1, 4)
    assert list(values) == [6.0, 7.0, 8.0, 9.0]
    assert list(times) == [6.0, 7.0, 8.0, 9.0]
    assert list(live.window(1, 2)[1]) == [8.0, 9.0]
    assert list(live.window(1, 100)[1]) == [6.0, 7.0, 8.0, 9.0]


def test_bad_samples_are_gaps_and_the_last_good_value_is_kept() -> None:
    live = LiveBuffers([1], capacity=8)
    feed(live, [(230.0, Quality.GOOD), (None, Quality.COMM_ERROR)])
    _, values = live.window(1, 2)
    assert values[0] == 230.0 and math.isnan(values[1])
    latest = live.latest(1)
    assert latest is not None
    assert latest.quality == Quality.COMM_ERROR and latest.value is None and latest.good_value == 230.0
    assert latest.good_ts_ms == 0 and latest.ts_ms == 1000  # the failed poll is newer than the good value


def test_unknown_points_are_ignored() -> None:
    live = LiveBuffers([1], capacity=8)
    live.on_batch(SampleBatch("d", [Sample(99, 0, 1.0, 0)]))
    assert live.latest(99) is None
    assert live.window(99, 5)[0].size == 0
