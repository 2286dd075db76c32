"""A person's rights from the command line: what a data-protection officer types at a collector."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli_process import OPERATOR, OPERATOR_PASSWORD, InProcess


def as_operator(cli: InProcess, *args: str) -> tuple[int, str, str]:
    ran = cli.as_user(OPERATOR, OPERATOR_PASSWORD, *args)
    return ran.returncode, ran.stdout, ran.stderr


def test_a_person_sees_corrects_and_withdraws_and_the_administrator_restores(tmp_path: Path) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    cli.add_operator()

    code, out, err = as_operator(cli, "privacy", "correct", "--organisation", "Plant Co, north hall")
    assert code == 0, err
    assert out.strip() == f"Now: {OPERATOR}, Plant Co, north hall"
    code, _out, err = as_operator(cli, "privacy", "correct", "--email", "not an address")
    assert code == 1 and err.startswith("wattkeeper: error: ") and len(err.splitlines()) == 1
    code, _out, err = as_operator(cli, "privacy", "consent", "alarm-alerts", "yes")
    assert code == 0, err

    code, out, err = as_operator(cli, "privacy", "show")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["account"]["organisation"] == "Plant Co, north hall"
    assert [c["granted"] for c in shown["consents"] if c["purpose"] == "alarm-alerts"] == [True]

    code, _out, err = as_operator(cli, "privacy", "show", "--subject", "ada@plant.example")
    assert code == 1 and "privacy.manage" in err  # someone else's data needs the right

    code, out, err = as_operator(cli, "privacy", "withdraw")
    assert code == 0 and "deleted for good after" in out, err
    code, _out, err = as_operator(cli, "privacy", "show")
    assert code == 1  # withdrawn: the account no longer signs in

    restored = cli.as_admin("privacy", "restore", OPERATOR)
    assert restored.returncode == 0 and OPERATOR in restored.stdout, restored.stderr
    code, _out, err = as_operator(cli, "privacy", "show")
    assert code == 0, err
    again = cli.as_admin("privacy", "restore", OPERATOR)
    assert again.returncode == 1 and len(again.stderr.splitlines()) == 1  # nothing to restore now


def test_the_register_takes_a_request_through_its_steps(tmp_path: Path) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    cli.add_operator()
    received = cli.as_admin("privacy", "request", OPERATOR, "access", "--note", "asked by phone")
    assert received.returncode == 0, received.stderr
    request = int(received.stdout.split()[1])
    listed = json.loads(cli.as_admin("privacy", "requests", "--json", "--open").stdout)
    assert [(r["id"], r["kind"], r["done"]) for r in listed] == [(request, "access", None)]
    assert cli.as_admin("privacy", "acknowledge", str(request)).returncode == 0
    assert cli.as_admin("privacy", "done", str(request), "--note", "sent by post").returncode == 0
    assert json.loads(cli.as_admin("privacy", "requests", "--json", "--open").stdout) == []
    unknown = cli.as_admin("privacy", "done", "999")
    assert unknown.returncode == 1 and "999" in unknown.stderr and len(unknown.stderr.splitlines()) == 1
    refused = cli.as_user(OPERATOR, OPERATOR_PASSWORD, "privacy", "requests")
    assert refused.returncode == 1 and "privacy.manage" in refused.stderr


def test_offboarding_erases_the_account_and_leaves_its_ref(tmp_path: Path) -> None:
    cli = InProcess(tmp_path)
    cli.add_admin()
    cli.add_operator()
    erased = cli.as_admin("privacy", "erase", OPERATOR)
    assert erased.returncode == 0 and "keep only acct-" in erased.stdout, erased.stderr
    gone = cli.as_admin("privacy", "erase", OPERATOR)
    assert gone.returncode == 1 and len(gone.stderr.splitlines()) == 1
    listing = cli.as_admin("audit", "list").stdout
    assert OPERATOR not in listing
