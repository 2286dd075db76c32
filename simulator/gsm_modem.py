"""A GSM modem on a pseudo-terminal that takes SMS in text mode, for the SMS sender's tests.

It answers the AT commands of 3GPP TS 27.005 and 27.007 that sending needs, written from
those texts rather than from the sender, so the tests prove the sender against the standard:
string parameters are read in the character set chosen with ``AT+CSCS`` (GSM 7-bit codes one
to a byte, UCS-2 as hex, IRA), a text entered after the "> " prompt ends at Ctrl-Z and is
cancelled by ESC, and a text that does not fit one message in the data coding set by
``AT+CSMP`` is refused with ``+CMS ERROR: 305``, as a network would garble it.
"""

from __future__ import annotations

import os
import select
import threading
import tty
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

# The GSM 03.38 default alphabet in code order (0x1B is the escape to the extension table).
_GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = {0x0A: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]"}
_GSM_EXTENSION |= {0x40: "|", 0x65: "€"}
_CTRL_Z, _ESC = 0x1A, 0x1B
_SRR = 0x20  # status report request, in the first octet of an SMS-SUBMIT


@dataclass(frozen=True)
class SentSms:
    """One message the modem took: the number and text decoded, and how it would have gone."""

    number: str
    text: str
    charset: str  # the TE character set in force: "GSM", "UCS2" or "IRA"
    dcs: int  # data coding scheme from AT+CSMP: 0 GSM 7-bit, 8 UCS-2
    first_octet: int  # 17, or 49 with a status report requested
    ref: int


class _RefusedError(Exception):
    """A command the modem answers with a final result code other than OK."""


class GsmModemEmulator:
    """Serves AT commands on the master end of a pty; ``port`` is the slave's path for pyserial.

    ``pin``: the SIM asks for it until ``AT+CPIN`` gives it. ``registered``: registration
    status 1 rather than 0; ``searching_polls``: how many ``AT+CREG?`` first answer 2
    (searching). ``puk_locked``: the SIM asks for its PUK. ``fail_with``: the final answer to
    every message's text instead of ``+CMGS`` (may be changed while it runs). ``silent``:
    answers nothing. ``delivery_reports``: a ``+CDS`` follows each message that asked for one
    once ``AT+CNMI`` routes reports to the terminal. Echo is on until ``ATE0``.
    """

    def __init__(
        self,
        *,
        pin: str | None = None,
        registered: bool = True,
        searching_polls: int = 0,
        puk_locked: bool = False,
        fail_with: str | None = None,
        silent: bool = False,
        delivery_reports: bool = False,
    ) -> None:
        self.pin = pin
        self.registered = registered
        self.puk_locked = puk_locked
        self.fail_with = fail_with
        self.silent = silent
        self.delivery_reports = delivery_reports
        self._searching = searching_polls
        self._changed = threading.Condition()
        self._sent: list[SentSms] = []
        self._commands: list[str] = []
        # The modem's state, touched only by the serving thread.
        self._unlocked = pin is None and not puk_locked
        self._echo = True
        self._numbered_errors = False
        self._text_mode = False
        self._charset = "IRA"
        self._csmp = (17, 167, 0, 0)
        self._reports_to_te = False
        self._next_ref = 0
        self._entering: str | None = None  # the number a text is being entered for
        self._buf = bytearray()
        #: Messages received from phones: storage index -> (read already, number, text).
        self._inbox: dict[int, tuple[bool, str, str]] = {}
        self._fds: tuple[int, int, int, int] | None = None
        self._thread: threading.Thread | None = None
        self.port = ""

    @property
    def sent(self) -> list[SentSms]:
        with self._changed:
            return list(self._sent)

    @property
    def commands(self) -> list[str]:
        """Every command line received, as sent (a PIN included: this is a test double)."""
        with self._changed:
            return list(self._commands)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[SentSms]:
        """Waits until at least ``count`` messages were taken; TimeoutError if not in time."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._sent) >= count, timeout):
                raise TimeoutError(f"{len(self._sent)} of {count} messages arrived in {timeout} s")
            return list(self._sent)

    def receive(self, number: str, text: str) -> None:
        """A message arrives from a phone and waits in the modem's storage until read and deleted."""
        with self._changed:
            index = max(self._inbox, default=0) + 1
            self._inbox[index] = (False, number, text)

    @property
    def stored(self) -> int:
        """How many received messages the modem still holds."""
        with self._changed:
            return len(self._inbox)

    def __enter__(self) -> GsmModemEmulator:
        master, slave = os.openpty()
        tty.setraw(slave)  # the slave end stays open, so the line never hangs up between users
        stop_r, stop_w = os.pipe()
        self._fds = (master, slave, stop_r, stop_w)
        self.port = os.ttyname(slave)
        self._thread = threading.Thread(target=self._serve, name="gsm-modem", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._fds is not None and self._thread is not None
        os.write(self._fds[3], b"x")
        self._thread.join(5)
        for fd in self._fds:
            os.close(fd)
        self._fds = None

    # The serving thread.

    def _serve(self) -> None:
        assert self._fds is not None
        master, _, stop_r, _ = self._fds
        while True:
            ready, _, _ = select.select([master, stop_r], [], [])
            if stop_r in ready:
                return
            data = os.read(master, 4096)
            if not self.silent:
                self._buf += data
                self._consume()

    def _consume(self) -> None:
        while True:
            if self._entering is not None:
                end = next((i for i, b in enumerate(self._buf) if b in (_CTRL_Z, _ESC)), None)
                if end is None:
                    return
                body, stop = bytes(self._buf[:end]), self._buf[end]
                del self._buf[: end + 1]
                number, self._entering = self._entering, None
                if stop == _ESC:
                    self._reply("OK")  # cancelled: nothing is sent
                else:
                    self._take_text(number, body)
                continue
            end = self._buf.find(b"\r")
            if end < 0:
                return
            raw = bytes(self._buf[:end])
            del self._buf[: end + 1]
            if self._echo:
                self._write(raw + b"\r")
            line = raw.decode("latin-1").strip("\n")
            start = line.upper().find("AT")
            if start >= 0:
                self._command(line[start:])

    def _command(self, line: str) -> None:
        with self._changed:
            self._commands.append(line)
        name, _, argument = line[2:].partition("=")
        name = name.upper()
        try:
            if name.endswith("?"):
                self._reply(*self._read_command(name[:-1]), "OK")
            elif name == "+CMGS":
                self._begin_text(argument)
            elif name == "+CMGL":
                self._reply(*self._list(self._string(argument)), "OK")
            elif name == "+CMGD":
                self._delete(argument)
                self._reply("OK")
            else:
                self._set_command(name, argument)
                self._reply("OK")
        except _RefusedError as refusal:
            self._reply(str(refusal))

    def _read_command(self, name: str) -> list[str]:
        if name == "+CPIN":
            state = "SIM PUK" if self.puk_locked else "READY" if self._unlocked else "SIM PIN"
            return [f"+CPIN: {state}"]
        if name == "+CREG":
            status = 0
            if self._unlocked and self.registered:
                status = 1
                if self._searching > 0:
                    self._searching -= 1
                    status = 2
            return [f"+CREG: 0,{status}"]
        if name == "+CMGF":
            return [f"+CMGF: {int(self._text_mode)}"]
        if name == "+CSCS":
            return [f'+CSCS: "{self._charset}"']
        if name == "+CSMP":
            return ["+CSMP: " + ",".join(map(str, self._csmp))]
        raise _RefusedError("ERROR")

    def _set_command(self, name: str, argument: str) -> None:
        if name == "":
            return
        if name in ("E", "E0", "E1"):
            self._echo = name == "E1"
        elif name == "+CMEE":
            self._numbered_errors = argument.strip() in ("1", "2")
        elif name == "+CPIN":
            self._enter_pin(self._string(argument.split(",", maxsplit=1)[0]))
        elif name == "+CMGF":
            if argument.strip() not in ("0", "1"):
                raise _RefusedError(self._cme(3))
            self._text_mode = argument.strip() == "1"
        elif name == "+CSCS":
            charset = argument.strip().strip('"').upper()
            if charset not in ("GSM", "UCS2", "IRA"):
                raise _RefusedError(self._cme(4))
            self._charset = charset
        elif name == "+CSMP":
            values = [int(v) for v in argument.split(",")]
            if len(values) != 4:
                raise _RefusedError("+CMS ERROR: 305")
            self._csmp = (values[0], values[1], values[2], values[3])
        elif name == "+CNMI":
            fields = [f.strip() for f in argument.split(",")]
            self._reports_to_te = len(fields) > 3 and fields[3] == "1"
        else:
            raise _RefusedError("ERROR")

    def _list(self, stat: str) -> list[str]:
        """``+CMGL`` in text mode: a header line and the text of each message of that status."""
        if not self._text_mode:
            raise _RefusedError("+CMS ERROR: 302")
        if stat not in ("REC UNREAD", "REC READ", "ALL"):
            raise _RefusedError("+CMS ERROR: 305")
        lines = []
        with self._changed:
            for index, (read, number, text) in sorted(self._inbox.items()):
                if stat == "ALL" or (stat == "REC READ") == read:
                    state = "REC READ" if read else "REC UNREAD"
                    when = datetime.now(UTC).strftime("%y/%m/%d,%H:%M:%S+00")
                    header = f'+CMGL: {index},"{self._encode(state)}","{self._encode(number)}",,"{when}"'
                    lines += [header, self._encode(text)]
                    self._inbox[index] = (True, number, text)
        return lines

    def _delete(self, argument: str) -> None:
        index = argument.split(",", maxsplit=1)[0].strip()
        with self._changed:
            if not index.isdigit() or self._inbox.pop(int(index), None) is None:
                raise _RefusedError("+CMS ERROR: 321")  # invalid memory index

    def _enter_pin(self, pin: str) -> None:
        if self.puk_locked:
            raise _RefusedError(self._cme(12))
        if self._unlocked:
            raise _RefusedError(self._cme(3))
        if pin != self.pin:
            raise _RefusedError(self._cme(16))
        self._unlocked = True

    def _begin_text(self, argument: str) -> None:
        if not self._text_mode:
            raise _RefusedError("+CMS ERROR: 304")  # PDU mode wants a length, not a number
        if self.puk_locked or not self._unlocked:
            raise _RefusedError("+CMS ERROR: 311")
        number = self._string(argument.split(",", maxsplit=1)[0])
        if not number.lstrip("+").isdigit():
            raise _RefusedError("+CMS ERROR: 305")
        self._entering = number
        self._write(b"\r\n> ")

    def _take_text(self, number: str, body: bytes) -> None:
        try:
            text = self._decode(body)
        except ValueError:
            self._reply("+CMS ERROR: 305")
            return
        first_octet, _, _, dcs = self._csmp
        if not _fits_one_message(text, dcs):
            self._reply("+CMS ERROR: 305")
            return
        if self.fail_with is not None:
            self._reply(self.fail_with)
            return
        self._next_ref = self._next_ref % 255 + 1
        ref = self._next_ref
        with self._changed:
            self._sent.append(SentSms(number, text, self._charset, dcs, first_octet, ref))
            self._changed.notify_all()
        self._reply(f"+CMGS: {ref}", "OK")
        if self.delivery_reports and self._reports_to_te and first_octet & _SRR:
            now = datetime.now(UTC).strftime("%y/%m/%d,%H:%M:%S+00")
            self._reply(f'+CDS: 6,{ref},"{self._encode(number)}",145,"{now}","{now}",0')

    # Character sets.

    def _string(self, quoted: str) -> str:
        try:
            return self._decode(quoted.strip().strip('"').encode("latin-1"))
        except ValueError:
            raise _RefusedError(self._cme(4)) from None

    def _decode(self, data: bytes) -> str:
        if self._charset == "UCS2":
            return bytes.fromhex(data.decode("ascii")).decode("utf-16-be")
        if self._charset == "IRA":
            return data.decode("ascii")
        chars: list[str] = []
        escaped = False
        for byte in data:
            if byte > 0x7F:
                raise ValueError(f"{byte:#x} is not a septet")
            if escaped:
                chars.append(_GSM_EXTENSION.get(byte, " "))
                escaped = False
            elif byte == _ESC:
                escaped = True
            else:
                chars.append(_GSM_BASIC[byte])
        return "".join(chars)

    def _encode(self, text: str) -> str:
        return text.encode("utf-16-be").hex().upper() if self._charset == "UCS2" else text

    def _cme(self, code: int) -> str:
        return f"+CME ERROR: {code}" if self._numbered_errors else "ERROR"

    def _reply(self, *lines: str) -> None:
        self._write(b"".join(b"\r\n" + line.encode("latin-1") + b"\r\n" for line in lines))

    def _write(self, data: bytes) -> None:
        assert self._fds is not None
        os.write(self._fds[0], data)


def _fits_one_message(text: str, dcs: int) -> bool:
    """160 septets in the GSM alphabet (extension characters count 2) or 70 UTF-16 units in UCS-2."""
    if dcs == 8:
        return len(text.encode("utf-16-be")) // 2 <= 70
    extension = set(_GSM_EXTENSION.values())
    if any(c not in _GSM_BASIC and c not in extension for c in text):
        return False
    return len(text) + sum(c in extension for c in text) <= 160
