"""Accounts from the command line, as a technician sets up a collector, answering as a terminal would."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from sqlalchemy import text

from storage.database import open_database
from tests.app.cli_process import ADMIN, ADMIN_PASSWORD, OPERATOR, OPERATOR_PASSWORD, InProcess, Wattkeeper


def test_a_new_site_has_no_account_until_the_first_administrator_is_named(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    refused = cli.as_user(ADMIN, ADMIN_PASSWORD, "users", "list")
    assert refused.returncode == 1
    assert "no database here yet" in refused.stderr or "no accounts yet" in refused.stderr
    weak = cli.run("users", "add", ADMIN, "--role", "admin", "--password-stdin", input="password123\n")
    assert weak.returncode == 1 and "too short" in weak.stderr
    made = cli.run("users", "add", ADMIN, "--role", "admin", "--password-stdin", input=ADMIN_PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert "first administrator" in made.stderr and "account mfa" in made.stdout
    second = cli.run("users", "add", "x@plant.example", "--role", "admin", "--password-stdin", input="x\n")
    assert second.returncode == 1 and "--user" in second.stderr  # the next accounts need an administrator


def test_an_administrator_must_set_up_the_second_factor_then_signs_in_with_it(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    cli.run("users", "add", ADMIN, "--role", "admin", "--password-stdin", input=ADMIN_PASSWORD + "\n")
    blocked = cli.as_admin("users", "list")
    assert blocked.returncode == 1 and "set it up first with 'wattkeeper account mfa" in blocked.stderr
    _secret, codes = cli.enrol(ADMIN, ADMIN_PASSWORD)
    no_code = cli.as_admin("users", "list")
    assert no_code.returncode == 1 and "standard input ended before the code" in no_code.stderr
    listed = cli.as_user(ADMIN, ADMIN_PASSWORD, "users", "list", "--json", answers=(codes[0],))
    assert listed.returncode == 0, listed.stderr
    assert [(u["email"], u["role"], u["second_factor"]) for u in json.loads(listed.stdout)] == [
        (ADMIN, "admin", True)
    ]
    reused = cli.as_user(ADMIN, ADMIN_PASSWORD, "users", "list", answers=(codes[0],))
    assert reused.returncode == 1 and "wrong or was used already" in reused.stderr
    added = cli.as_user(
        ADMIN,
        ADMIN_PASSWORD,
        "users",
        "add",
        OPERATOR,
        "--role",
        "operator",
        answers=(codes[1], OPERATOR_PASSWORD),
    )
    assert added.returncode == 0, added.stderr
    operator = cli.as_user(OPERATOR, OPERATOR_PASSWORD, "users", "list")
    assert operator.returncode == 1 and "does not hold the right users.manage" in operator.stderr


def test_a_password_is_never_taken_from_an_argument_or_the_environment(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    cli.add_admin()
    cli.env["WATTKEEPER_PASSWORD"] = ADMIN_PASSWORD
    no_terminal = cli.run("users", "list", "--user", ADMIN, input="")
    assert no_terminal.returncode == 1 and "pass --password-stdin" in no_terminal.stderr
    argument = cli.run("users", "list", "--user", ADMIN, "--password", ADMIN_PASSWORD)
    assert argument.returncode == 2 and "unrecognized arguments" in argument.stderr


def test_each_command_checks_the_right_of_whoever_signs_in(tmp_path: Path) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    cli.add_operator()
    backup = str(tmp_path / "b.db")
    commands = {
        ("users", "list"): "users.manage",
        ("audit", "list"): "audit.view",
        ("audit", "verify"): "audit.view",
        ("db", "backup", backup): "database.maintain",
        ("db", "rekey"): "database.maintain",
        ("db", "retention", "--raw", "30"): "retention.set",
        ("db", "export", "--point", "s/m/voltage"): "data.export",
        ("privacy", "requests"): "privacy.manage",
        ("privacy", "purge"): "privacy.manage",
    }
    for command, right in commands.items():
        refused = cli.as_user(OPERATOR, OPERATOR_PASSWORD, *command)
        assert refused.returncode == 1 and f"does not hold the right {right}" in refused.stderr, command
    for command in commands:
        allowed = cli.as_admin(*command)
        assert allowed.returncode == 0 or "no history for point" in allowed.stderr, (command, allowed.stderr)
    listing = json.loads(cli.as_admin("audit", "list", "--json", "--action", "auth.refused").stdout)
    assert len(listing) == len(commands)


def test_audit_verify_fails_on_a_broken_chain_and_names_the_record(tmp_path: Path) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    cli.add_operator()
    ok = cli.as_admin("audit", "verify")
    assert ok.returncode == 0 and ok.stdout.startswith("ok:"), ok.stderr
    head = cli.as_admin("audit", "head").stdout.strip()
    db = open_database(cli.data_dir / "wattkeeper.db", cli.key_file)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_records SET action = 'user.enabled' WHERE seq = 3"))
    finally:
        db.close()
    broken = cli.as_admin("audit", "verify", "--anchor", head)
    assert broken.returncode == 1
    assert broken.stdout.startswith("BROKEN at record 3: record 3 was edited after it was written")
    with sqlite3.connect(cli.data_dir / "wattkeeper.db") as plain:  # the file stays encrypted
        try:
            plain.execute("SELECT * FROM audit_records").fetchall()
            raise AssertionError("an unencrypted read succeeded")
        except sqlite3.DatabaseError:
            pass


def test_a_typed_newline_cannot_forge_an_audit_line(tmp_path: Path) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    forged = "x@plant.example\n     9  2026-12-02T00:00:00.000Z  ada@plant.example  user.created"
    cli.as_user(forged, "some password that is wrong", "users", "list")
    listing = cli.as_admin("audit", "list", "--action", "auth.sign_in_failed").stdout
    lines = [line for line in listing.splitlines() if "x@plant.example" in line]
    assert len(lines) == 1 and "\\n" in lines[0]
    assert not any(line.lstrip().startswith("9  2026-12-02") for line in listing.splitlines())


def test_audit_export_writes_every_record_with_its_details_as_typed_and_records_itself(
    tmp_path: Path,
) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    typed = '=HYPERLINK("http://x.example")\n\u202e@x.example'  # a formula, a new line, text reversed
    cli.as_user(typed, "some password that is wrong", "users", "list")
    listed = json.loads(cli.as_admin("audit", "list", "--json").stdout)
    output = tmp_path / "trail.csv"
    done = cli.as_admin("audit", "export", "--output", str(output))
    assert done.returncode == 0, done.stderr
    with output.open(encoding="utf-8", newline="") as source:
        header, *rows = list(csv.reader(source))
    assert header[:3] == ["seq", "time", "actor"] and len(header) == 9
    seqs = [int(r[0]) for r in rows]
    assert seqs == list(range(1, len(rows) + 1))
    assert seqs[: len(listed)] == [r["seq"] for r in listed]  # then the sign-ins of list and export
    failed = next(r for r in rows if r[3] == "auth.sign_in_failed")
    assert json.loads(failed[7])["email"] == typed.lower()
    text = output.read_text(encoding="utf-8")
    assert "\u202e" not in text and len(text.splitlines()) == len(rows) + 1
    recorded = json.loads(cli.as_admin("audit", "list", "--json", "--action", "audit.exported").stdout)
    expected = [(str(output), {"records": len(rows), "format": "csv"})]
    assert [(r["target"], r["details"]) for r in recorded] == expected
    nowhere = cli.as_admin("audit", "export", "--output", str(tmp_path / "missing" / "trail.csv"))
    assert nowhere.returncode == 1 and "cannot be written: No such file or directory" in nowhere.stderr


def test_a_wrong_database_key_is_refused_and_recorded_at_the_next_sign_in(tmp_path: Path) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    right_key = cli.key_file.read_text()
    cli.key_file.write_text("0" * 64 + "\n")
    refused = cli.as_admin("users", "list")
    assert refused.returncode == 1 and "does not match this database" in refused.stderr
    cli.key_file.write_text(right_key)
    assert cli.as_admin("users", "list").returncode == 0
    wrong = json.loads(cli.as_admin("audit", "list", "--json", "--action", "database.wrong_key").stdout)
    assert len(wrong) == 1 and wrong[0]["outcome"] == "refused" and wrong[0]["actor"] == "system"
    assert not (cli.data_dir / "security-events.jsonl").exists()
