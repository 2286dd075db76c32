"""After a whole working session, no secret lies in a readable file of the data directory or the logs.

The session is run as people run it — first administrator, second factor, an operator,
sign-ins, a failed one, a broker password, "My data" exported, a backup, a collection run
— and then every file under the data directory (logs, exports, the backup's note, the
tombstones, the encrypted database and its backup as stored) is searched for every secret
the session used: passwords, the second factor's secret, recovery codes, the database
key, the audit key and the broker password.
"""

from __future__ import annotations

import base64
from pathlib import Path

from app.accounts.actors import Actor
from app.accounts.roles import ROLE_RIGHTS, Role
from app.people import People
from app.secrets import store_secret
from storage.database import open_database
from tests.app.cli_process import ADMIN, ADMIN_PASSWORD, OPERATOR, OPERATOR_PASSWORD, Wattkeeper
from tests.conftest import MemoryKeyring

SITE = """
[[sites]]
id = "plant"

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"
port = 1

[[sites.gateways.devices]]
id = "meter"
profile = "eastron-sdm120"
unit_id = 1
"""


def forms(secret: str) -> set[str]:
    """The ways a secret could be written: as is, without separators, in capitals, base64."""
    plain = secret.replace("-", "").replace(" ", "")
    return {secret, plain, secret.upper(), plain.upper(), base64.b64encode(secret.encode()).decode()}


def test_a_whole_session_leaves_no_secret_in_readable_files(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    cli = Wattkeeper(tmp_path)
    cli.config.write_text(SITE, encoding="utf-8")
    assert (
        cli.run(
            "users", "add", ADMIN, "--role", "admin", "--password-stdin", input=ADMIN_PASSWORD + "\n"
        ).returncode
        == 0
    )
    totp_secret, codes = cli.enrol(ADMIN, ADMIN_PASSWORD)
    added = cli.as_user(
        ADMIN,
        ADMIN_PASSWORD,
        "users",
        "add",
        OPERATOR,
        "--role",
        "operator",
        answers=(codes[0], OPERATOR_PASSWORD),
    )
    assert added.returncode == 0, added.stderr
    assert cli.as_user(OPERATOR, "a wrong password typed in a hurry", "users", "list").returncode == 1
    export = cli.data_dir / "exports" / "anna.json"
    export.parent.mkdir()
    assert (
        cli.as_user(OPERATOR, OPERATOR_PASSWORD, "privacy", "export", "--output", str(export)).returncode == 0
    )
    own = cli.as_user(
        ADMIN,
        ADMIN_PASSWORD,
        "privacy",
        "export",
        "--output",
        str(export.with_name("ada.json")),
        answers=(codes[2],),
    )
    assert own.returncode == 0, own.stderr
    backup = cli.data_dir / "backups" / "nightly.db"
    backup.parent.mkdir()
    assert (
        cli.as_user(ADMIN, ADMIN_PASSWORD, "db", "backup", str(backup), answers=(codes[1],)).returncode == 0
    )
    collected = cli.run("collect", "--duration", "2")
    assert collected.returncode in (0, 1), (
        collected.stderr
    )  # the meter is not there: comm errors, not a crash

    broker_password = "hunter2-but-longer-for-the-broker"
    db = open_database(cli.data_dir / "wattkeeper.db", cli.key_file)
    try:
        trail = People.open(db, cli.key_file).trail
        engineer = Actor("acct-engineer", "eli@plant.example", ROLE_RIGHTS[Role.ENGINEER], role="engineer")
        store_secret(trail, engineer, "mqtt-password:plant/broker", broker_password)
    finally:
        db.close()

    secrets = {
        "administrator's password": ADMIN_PASSWORD,
        "operator's password": OPERATOR_PASSWORD,
        "second factor's secret": totp_secret,
        "database key": cli.key_file.read_text().strip(),
        "audit key": cli.key_file.with_name(cli.key_file.name + ".audit").read_text().strip(),
        "broker password": broker_password,
    } | {f"recovery code {i}": code for i, code in enumerate(codes)}
    files = [p for p in cli.data_dir.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {
        "wattkeeper.log",
        "anna.json",
        "ada.json",
        "nightly.db",
        "nightly.db.meta.json",
        "wattkeeper.db",
    } <= names
    found = []
    for path in files:
        content = path.read_bytes()
        for what, secret in secrets.items():
            if any(form.encode() in content for form in forms(secret)):
                found.append(f"{what} in {path.relative_to(cli.data_dir)}")
    assert found == []
    assert memory_keyring.secrets[("wattkeeper", "mqtt-password:plant/broker")] == broker_password
