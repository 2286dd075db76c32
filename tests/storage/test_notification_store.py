"""The alert outbox on both back ends: one row per key under concurrent deciders, claims, abandonment."""

from __future__ import annotations

import threading

from storage import notification_store
from storage.notification_store import NewNotification
from tests.both_backends import Databases

#: A claim's owner as the alert service names it: a long host name must fit.
OWNER = "scada-workstation-02.north-hall.plant.example:4194303:1a2b3c4d"


def _new(key: str, channel: str = "mail") -> NewNotification:
    return NewNotification(
        key, "overvoltage", "activated", 1_000, 0, "on-call", "acct-0123456789ab", channel, {}
    )


def test_two_deciders_of_the_same_keys_leave_one_row_each_and_both_succeed(databases: Databases) -> None:
    db = databases.new()
    keys = [f"k{i}" for i in range(200)]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def decide(extra: str) -> None:
        start.wait()
        try:
            with db.engine.begin() as conn:
                notification_store.enqueue(conn, [_new(k) for k in [*keys, extra]], 1_000)
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=decide, args=(extra,)) for extra in ("only-a", "only-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    with db.engine.connect() as conn:
        stored = {r.key for r in notification_store.recent(conn, limit=1_000)}
    assert stored == {*keys, "only-a", "only-b"}


def test_a_claim_is_the_claimers_alone_and_an_abandoned_one_is_handed_back(databases: Databases) -> None:
    db = databases.new()
    with db.engine.begin() as conn:
        notification_store.enqueue(conn, [_new("a"), _new("b"), _new("c", channel="sms")], 1_000)
        claimed = notification_store.claim_due(conn, 2_000, OWNER, "mail")
        assert sorted(r.key for r in claimed) == ["a", "b"]
        assert notification_store.claim_due(conn, 2_000, "other:1:x", "mail") == []
        # Only the holder settles its rows.
        assert (
            notification_store.mark_sent(conn, [claimed[0].id], 3_000, "other:1:x", sent_as="x", result="")
            == 0
        )
        assert (
            notification_store.mark_sent(conn, [claimed[0].id], 3_000, OWNER, sent_as="x", result="250") == 1
        )
        assert notification_store.release_stale(conn, 4_000, lambda owner: False) == 0
        assert notification_store.release_stale(conn, 4_000, lambda owner: owner == OWNER) == 1
        again = notification_store.claim_due(conn, 5_000, "other:1:x", "mail")
    assert [(r.key, r.attempts) for r in again] == [("b", 0)]
    with db.engine.connect() as conn:
        assert notification_store.counts(conn) == {"sent": 1, "sending": 1, "pending": 1}


def test_a_claim_untouched_for_five_minutes_is_taken_as_abandoned(databases: Databases) -> None:
    db = databases.new()
    with db.engine.begin() as conn:
        notification_store.enqueue(conn, [_new("a")], 0)
        (row,) = notification_store.claim_due(conn, 1_000, OWNER, "mail")
        notification_store.touch(conn, [row.id], 200_000, OWNER)
        alive = lambda owner: False  # noqa: E731  (a process elsewhere: only its age tells)
        assert notification_store.release_stale(conn, 200_000 + notification_store.STALE_CLAIM_MS, alive) == 0
        assert notification_store.release_stale(conn, 200_001 + notification_store.STALE_CLAIM_MS, alive) == 1
