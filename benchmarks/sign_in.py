"""Sign-in time for an unknown email against a wrong password: the two must be indistinguishable.

Prints one JSON object. Both kinds of attempt run interleaved, in the same run and on the
same encrypted database, so that machine load falls on both alike: 200 tries each (by
default), each through the real accounts service (argon2id check, throttle update, audit
record in one transaction). Failures are spread over many emails so no throttle kicks in.
The figures are the medians and the ratio between them; an attacker timing sign-ins learns
nothing when the ratio is near 1 and the difference is within the spread of either.
A successful sign-in is measured too, as the reference of what a person waits for.

    .venv/bin/python -m benchmarks.sign_in [--tries N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.accounts.roles import Role
from app.accounts.service import SignInError
from app.people import People
from app.site.people_settings import AccountSettings
from app.timefmt import now_ms
from storage.database import open_database

PASSWORD = "a long passphrase for the benchmark run"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=200)
    tries = parser.parse_args().tries
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.db", Path(folder) / "bench.key", create=True)
        # No second factor here: the benchmark measures the password step that both refusals share.
        people = People.open(db, Path(folder) / "bench.key", accounts=AccountSettings(second_factor_roles=[]))
        accounts = people.accounts
        accounts.create_first_admin("admin@bench.example", "", PASSWORD)
        admin = accounts.sign_in("admin@bench.example", PASSWORD).actor
        emails = [f"user{i}@bench.example" for i in range(tries)]
        for email in emails:
            accounts.add_user(admin, email, "", Role.OPERATOR, PASSWORD)
        unknown, wrong, right = [], [], []
        for i in range(tries):
            unknown.append(
                _timed(lambda i=i: accounts.sign_in(f"nobody{i}@bench.example", "wrong password here"))
            )
            wrong.append(_timed(lambda i=i: accounts.sign_in(emails[i], "wrong password here")))
            right.append(_timed(lambda i=i: accounts.sign_in(emails[(i + 1) % tries], PASSWORD)))
        db.close()
    median_unknown, median_wrong = statistics.median(unknown), statistics.median(wrong)
    spread = statistics.quantiles(unknown + wrong, n=4)
    print(
        json.dumps(
            {
                "benchmark": "sign_in",
                "when": now_ms(),
                "tries_each": tries,
                "unknown_email_median_ms": round(median_unknown * 1000, 2),
                "wrong_password_median_ms": round(median_wrong * 1000, 2),
                "ratio_unknown_to_wrong": round(median_unknown / median_wrong, 3),
                "difference_ms": round((median_unknown - median_wrong) * 1000, 2),
                "interquartile_range_ms": round((spread[2] - spread[0]) * 1000, 2),
                "successful_sign_in_median_ms": round(statistics.median(right) * 1000, 2),
            },
            indent=1,
        )
    )


def _timed(attempt: Callable[[], object]) -> float:
    started = time.perf_counter()
    with contextlib.suppress(SignInError):
        attempt()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
