"""``wattkeeper alarms`` as an operator uses it, beside a running collector."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli_process import OPERATOR, OPERATOR_PASSWORD, Wattkeeper
from tests.conftest import wait_until

KEY = "main-voltage-high"


def standing(cli: Wattkeeper) -> dict[str, dict[str, object]]:
    result = cli.run("alarms", "--active", "--json")
    assert result.returncode == 0, result.stderr
    return {a["key"]: a for a in json.loads(result.stdout)}


def test_list_and_acknowledge_an_alarm_raised_by_the_collector(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    sim = cli.start(
        "simulate",
        "simulate",
        "--modbus-port",
        "0",
        "--write-config",
        str(cli.config),
        "--fault",
        "over-voltage@3",
    )
    sim.wait_for_output("Simulating")
    cli.add_admin()
    cli.add_operator()
    collect = cli.start("collect", "collect")
    try:
        collect.wait_for_output("Ctrl+C stops")
        wait_until(lambda: KEY in standing(cli), timeout=40)
        alarm = standing(cli)[KEY]
        assert alarm["state"] == "unacknowledged" and alarm["priority"] == "high"
        assert float(alarm["value"]) > 253  # type: ignore[arg-type]
        assert str(alarm["activated"]).endswith("Z")

        refused = cli.as_user(OPERATOR, "not the password at all", "alarms", "ack", str(alarm["id"]))
        assert refused.returncode == 1 and "wrong email or password" in refused.stderr
        assert standing(cli)[KEY]["state"] == "unacknowledged"

        ack = cli.as_user(
            OPERATOR, OPERATOR_PASSWORD, "alarms", "ack", str(alarm["id"]), "--comment", "called the utility"
        )
        assert ack.returncode == 0, ack.stderr
        assert "unacknowledged -> acknowledged" in ack.stdout
        assert standing(cli)[KEY]["state"] == "acknowledged"

        again = cli.as_user(OPERATOR, OPERATOR_PASSWORD, "alarms", "ack", str(alarm["id"]))
        assert again.returncode == 1
        assert (
            again.stderr.strip()
            == f"wattkeeper: error: {KEY}: nothing to acknowledge: the alarm is acknowledged"
        )
    finally:
        code = collect.stop()
        sim.stop()
    assert code == 0
    table = cli.run("alarms")
    assert table.returncode == 0
    line = next(row for row in table.stdout.splitlines() if "Supply voltage L1" in row)
    assert "acknowledged" in line and "high" in line
    assert "alarm main-voltage-high activated" in (cli.data_dir / "logs" / "wattkeeper.log").read_text()


def test_unknown_alarm_is_one_clear_line(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    cli.add_admin()
    cli.add_operator()
    result = cli.as_user(OPERATOR, OPERATOR_PASSWORD, "alarms", "ack", "999")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no alarm 999" in lines[0]
