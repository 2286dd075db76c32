"""Running ``wattkeeper`` as a user would: a separate process, output captured to files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import wait_until


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

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.argv(*args), capture_output=True, text=True, timeout=timeout, env=self.env)

    def start(self, name: str, *args: str) -> Background:
        return Background(self.argv(*args), self.tmp_path / f"{name}.out", self.env)

    def query(self, point: str, start: str = "10m") -> list[dict[str, object]]:
        result = self.run("query", point, "--from", start, "--format", "json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]


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
