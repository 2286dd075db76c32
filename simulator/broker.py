"""A private Mosquitto broker on a loopback port, for the simulated plant and the tests.

The limits are raised from Mosquitto's defaults (20 messages in flight, 1,000 queued
per client), which silently drop most of a fast QoS 1 burst.
"""

from __future__ import annotations

import ctypes
import getpass
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from simulator.net import free_port, port_is_free, wait_for_port

APT_HINT = "sudo apt-get install -y mosquitto"


class BrokerError(RuntimeError):
    """Mosquitto is missing or would not start; the text says what to do."""


def die_with_parent() -> None:
    """In the child: ask Linux to end it when its parent dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def mosquitto_binary() -> str:
    found = shutil.which("mosquitto") or next(
        (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if Path(p).exists()), None
    )
    if found is None:
        raise BrokerError(f"the MQTT broker 'mosquitto' is not installed; install it with: {APT_HINT}")
    return found


CONFIG = """\
listener {port} {host}
allow_anonymous {anonymous}
persistence false
max_inflight_messages 1000
max_queued_messages 100000
set_tcp_nodelay true
user {user}
log_dest stderr
log_type error
log_type warning
"""


class MosquittoBroker:
    """Starts on ``start()``, stops on ``stop()``; usable as a context manager."""

    def __init__(
        self, port: int = 0, host: str = "127.0.0.1", *, anonymous: bool = True, extra_config: str = ""
    ) -> None:
        """``extra_config`` adds Mosquitto settings (TLS files, a password file) to the listener."""
        self.host = host
        self.port = port or free_port(host)
        self._anonymous = anonymous
        self._extra_config = extra_config
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> MosquittoBroker:
        binary = mosquitto_binary()
        if not port_is_free(self.host, self.port):
            raise BrokerError(f"MQTT port {self.host}:{self.port} is already in use; choose another port")
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="wattkeeper-mosquitto-")
        config = Path(self._dir.name) / "mosquitto.conf"
        text = CONFIG.format(
            port=self.port, host=self.host, user=getpass.getuser(), anonymous=str(self._anonymous).lower()
        )
        config.write_text(text + self._extra_config, encoding="utf-8")
        log = (Path(self._dir.name) / "mosquitto.log").open("wb")
        # preexec_fn only calls prctl, which is safe after fork even with threads running.
        self._process = subprocess.Popen(  # noqa: S603 - a fixed binary and our own config file
            [binary, "-c", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,  # noqa: PLW1509
        )
        log.close()
        if not wait_for_port(self.host, self.port, timeout) or self._process.poll() is not None:
            output = (Path(self._dir.name) / "mosquitto.log").read_text(errors="replace").strip()
            self.stop()
            raise BrokerError(f"mosquitto did not start on {self.host}:{self.port}: {output or 'no output'}")
        return self

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        """Stop abruptly, as a crashed broker or a pulled cable would."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> MosquittoBroker:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
