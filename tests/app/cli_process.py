"""Running ``wattkeeper`` as a user would: a separate process, output captured to files."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import wait_until

ADMIN = "ada@plant.example"
ADMIN_PASSWORD = "brass lantern over the cooling tower"
OPERATOR = "anna@plant.example"
OPERATOR_PASSWORD = "night shift tea and quiet meters"


class Wattkeeper:
    """The command line with fixed global options (data directory, key file, site file)."""

    def __init__(self, tmp_path: Path, config: Path | None = None) -> None:
        self.tmp_path = tmp_path
        self.data_dir = tmp_path / "data"
        self.key_file = tmp_path / "wattkeeper.key"
        self.config = config or tmp_path / "site.toml"
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.env.pop("WATTKEEPER_HOME", None)

    def argv(self, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(self.data_dir),
            "--key-file",
            str(self.key_file),
            "--config",
            str(self.config),
            *args,
        ]

    def run(
        self, *args: str, timeout: float = 60, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(*args), capture_output=True, text=True, timeout=timeout, env=self.env, input=input
        )

    def as_user(
        self, email: str, password: str, *args: str, answers: tuple[str, ...] = (), timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        """``args`` signed in as ``email``: the password and further answers on standard input."""
        lines = "".join(f"{line}\n" for line in (password, *answers))
        return self.run(*args, "--user", email, "--password-stdin", input=lines, timeout=timeout)

    def as_admin(self, *args: str, answers: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        return self.as_user(ADMIN, ADMIN_PASSWORD, *args, answers=answers)

    def add_admin(self, *, second_factor_required: bool = False) -> None:
        """The first administrator, created with the real command.

        Administrators need a second factor by default; most tests of other commands turn that
        policy off (through the accounts service, as an administrator would) so that each
        command signs in with the password alone.
        """
        made = self.run(
            "users", "add", ADMIN, "--role", "admin", "--password-stdin", input=ADMIN_PASSWORD + "\n"
        )
        assert made.returncode == 0, made.stderr
        if not second_factor_required:
            relax_admin_second_factor(self.data_dir / "wattkeeper.db", self.key_file)

    def enrol(self, email: str, password: str) -> tuple[str, list[str]]:
        """``account mfa`` as a person at the terminal would do it: read the secret, answer a code."""
        from app.accounts import second_factor
        from app.timefmt import now_ms

        process = subprocess.Popen(
            [*self.argv("account", "mfa", "--user", email, "--password-stdin")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(password + "\n")
        process.stdin.flush()
        secret = ""
        for line in process.stdout:
            if "or type this secret into it:" in line:
                secret = line.split(":", 1)[1].replace(" ", "").strip()
                break
        assert secret, process.stderr.read() if process.stderr else ""
        process.stdin.write(second_factor.code_at(secret, second_factor.current_step(now_ms())) + "\n")
        process.stdin.close()
        rest = process.stdout.read()
        assert process.wait(30) == 0, rest
        codes = [line.strip() for line in rest.splitlines() if line.startswith("  ")]
        assert len(codes) == 10, rest
        return secret, codes

    def add_operator(self) -> None:
        made = self.as_admin("users", "add", OPERATOR, "--role", "operator", answers=(OPERATOR_PASSWORD,))
        assert made.returncode == 0, made.stderr

    def start(self, name: str, *args: str) -> Background:
        return Background(self.argv(*args), self.tmp_path / f"{name}.out", self.env)

    def query(self, point: str, start: str = "10m") -> list[dict[str, object]]:
        result = self.run("query", point, "--from", start, "--format", "json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


class InProcess(Wattkeeper):
    """The same command line called in this process: the real parser and handlers, without a
    new interpreter per command (for tests that run dozens of commands)."""

    def run(self, *args: str, timeout: float = 60, input: str | None = None) -> Ran:  # type: ignore[override]
        from app.cli import main

        argv = self.argv(*args)[3:]
        out, err = io.StringIO(), io.StringIO()
        stdin = io.StringIO(input or "")
        saved = sys.stdin, sys.stdout, sys.stderr
        sys.stdin, sys.stdout, sys.stderr = stdin, out, err
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
        return Ran(code, out.getvalue(), err.getvalue())


class Background:
    """A long-running command (simulate, collect) with its output in a file."""

    def __init__(self, argv: list[str], output: Path, env: dict[str, str]) -> None:
        self.output = output
        handle = output.open("w")
        self.process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, env=env)
        handle.close()

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_for_output(self, needle: str, timeout: float = 20) -> None:
        wait_until(lambda: needle in self.text() or self.process.poll() is not None, timeout)
        assert needle in self.text(), self.text()

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)


def relax_admin_second_factor(database: Path, key_file: Path) -> None:
    """As the first administrator: set up the second factor, then stop requiring it of administrators."""
    from app.accounts import second_factor
    from app.accounts.roles import Role
    from app.people import People
    from app.timefmt import now_ms
    from storage.database import open_database

    db = open_database(database, key_file)
    try:
        accounts = People.open(db, key_file).accounts
        session = accounts.sign_in(ADMIN, ADMIN_PASSWORD, kind="test")
        enrolment = accounts.begin_enrolment(session)
        code = second_factor.code_at(enrolment.secret, second_factor.current_step(now_ms()))
        session, _codes = accounts.confirm_enrolment(session, enrolment, code)
        accounts.set_mfa_required(session.actor, Role.ADMIN, False)
        accounts.reset_mfa(session.actor, ADMIN)
        accounts.sign_out(session)
    finally:
        db.close()
