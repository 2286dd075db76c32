"""SMS through a GSM modem on a serial port, with the text-mode AT commands of 3GPP TS 27.005.

Text mode rather than PDU mode because every modem speaks it and it needs no PDU encoder;
the price is that a long text cannot be joined on the phone (no user data header), so it
goes as separate messages, each numbered "(1/3) ". A text in the GSM 7-bit alphabet goes
with ``AT+CSCS="GSM"`` (160 characters a message); anything else, Vietnamese with its
diacritics for one, goes as UCS-2 in hex (70 characters), unless the channel folds it to
plain letters first.

The port stays open between messages, so that delivery reports the modem reports while
nobody is sending wait in the port's buffer; any failure closes it, and the next message
opens it again, which also recovers a USB modem that came back under the same name.
"""

from __future__ import annotations

import csv
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType

import serial

from senders.base import SendError

log = logging.getLogger(__name__)

GSM_LIMIT = 160  # septets in one message in the GSM 7-bit default alphabet
UCS2_LIMIT = 70  # UTF-16 code units in one message in UCS-2

# The GSM 03.38 default alphabet in code order: a character's index is its septet.
# 0x1B is the escape to the extension table, not a character, and is left out below.
_GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_CODES = {char: code for code, char in enumerate(_GSM_BASIC) if code != 0x1B}
# The extension table: each of these is sent as escape + septet, so it counts 2.
_GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

# In text mode Ctrl-Z (0x1A) ends the message and ESC (0x1B) cancels it, and many modems
# answer a CR with another "> " prompt; so in the GSM character set a text is sent only if
# none of its bytes is one of those (Ξ is 0x1A; every extension character starts with ESC).
# Anything else goes as UCS-2 hex, where every byte is a hex digit.
_TEXT_MODE_UNSAFE = frozenset({0x0D, 0x1A})

_CTRL_Z = b"\x1a"
_POLL_S = 0.05  # how long one read of the port waits; deadlines are kept here, not by pyserial
_RETRY_PAUSE_S = 0.25  # between two questions to a SIM being unlocked or a modem searching a network

_NUMBER = re.compile(r"\+?[0-9]{3,20}")
_PIN = re.compile(r"[0-9]{4,8}")
_CODED_ERROR = re.compile(r"\+(CME|CMS) ERROR: *(.+)")

# +CMS ERROR codes (TS 24.011 causes below 128, TS 27.005 codes from 300): their meaning, and
# those a retry cannot cure: the number or the subscription is refused, or the SIM or the
# modem's set-up is wrong and waits for a person. A network that is down or busy is retried.
CMS_ERRORS = {
    1: "unassigned number",
    8: "operator determined barring",
    10: "call barred",
    21: "short message transfer rejected",
    27: "destination out of service",
    28: "unidentified subscriber",
    29: "facility rejected",
    30: "unknown subscriber",
    38: "network out of order",
    41: "temporary failure",
    42: "congestion",
    47: "resources unavailable",
    50: "requested facility not subscribed",
    69: "requested facility not implemented",
    111: "protocol error",
    300: "modem failure",
    302: "operation not allowed",
    304: "invalid PDU mode parameter",
    305: "invalid text mode parameter",
    310: "SIM not inserted",
    311: "SIM PIN required",
    313: "SIM failure",
    316: "SIM PUK required",
    322: "modem memory full",
    330: "SMSC address unknown",
    331: "no network service",
    332: "network timeout",
    500: "unknown error",
}
CMS_PERMANENT = frozenset({1, 8, 10, 21, 28, 29, 30, 50, 69, 304, 305, 310, 313, 316, 330})

# +CME ERROR codes (TS 27.007). A wrong PIN is permanent so that retries do not use up the
# SIM's three attempts and lock it.
CME_ERRORS = {
    3: "operation not allowed",
    4: "operation not supported",
    10: "SIM not inserted",
    11: "SIM PIN required",
    12: "SIM PUK required",
    13: "SIM failure",
    14: "SIM busy",
    15: "SIM wrong",
    16: "incorrect password",
    30: "no network service",
    31: "network timeout",
    100: "unknown error",
}
CME_PERMANENT = frozenset({10, 12, 13, 15, 16})


@dataclass(frozen=True)
class SmsSettings:
    """One modem. ``pin`` comes from the OS keyring when the channel is built and is never logged.

    ``timeout_s`` bounds each command; ``send_timeout_s`` the wait for ``+CMGS``, which on a
    real network may take up to a minute. ``diacritics=False`` folds accented text to plain
    GSM letters, three parts fewer for a long Vietnamese text.
    """

    port: str
    baudrate: int = 115200
    pin: str | None = field(default=None, repr=False)  # kept out of tracebacks and logs
    timeout_s: float = 10.0
    send_timeout_s: float = 60.0
    diacritics: bool = True
    delivery_reports: bool = False


def plain_text(text: str) -> str:
    """The text without diacritics ("Điện áp cao" -> "Dien ap cao"): NFD, combining marks dropped.

    Đ/đ is a letter of its own, not D with a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fits_gsm(text: str) -> bool:
    """Whether the text can be written in the GSM 03.38 default alphabet and its extension table."""
    return all(c in _GSM_CODES or c in _GSM_EXTENSION for c in text)


def _cost(char: str, *, unicode: bool) -> int:
    """Septets (GSM) or UTF-16 code units (UCS-2) the character takes in a message."""
    if unicode:
        return 2 if ord(char) > 0xFFFF else 1
    if char in _GSM_CODES:
        return 1
    if char in _GSM_EXTENSION:
        return 2
    raise ValueError(f"{char!r} is not in the GSM 7-bit alphabet; send the text as UCS-2")


def sms_parts(text: str, *, unicode: bool) -> list[str]:
    """The text as messages that each fit one SMS, numbered "(1/3) " when there are several.

    The prefix counts in each part's limit; a part ends at its last space where there is one
    (the space itself is dropped), else mid-word. Raises ValueError for a GSM text that is not.
    """
    limit = UCS2_LIMIT if unicode else GSM_LIMIT
    costs = [_cost(c, unicode=unicode) for c in text]
    if sum(costs) <= limit:
        return [text]
    total = 2
    while True:
        pieces = _split(text, costs, total, limit)
        if len(pieces) <= total:
            # Fewer pieces than assumed only ever narrows the prefixes, so each still fits.
            return [f"{_prefix(i, len(pieces))}{piece}" for i, piece in enumerate(pieces, 1)]
        total = len(pieces)


def _prefix(index: int, total: int) -> str:
    return f"({index}/{total}) "


def _split(text: str, costs: list[int], total: int, limit: int) -> list[str]:
    """Greedy split, each piece leaving room for its prefix in a text of ``total`` parts."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        index = len(pieces) + 1
        capacity = limit - len(_prefix(index, max(index, total)))
        end, used = start, 0
        while end < len(text) and used + costs[end] <= capacity:
            used += costs[end]
            end += 1
        if end == len(text):
            pieces.append(text[start:])
            break
        space = text.rfind(" ", start + 1, end + 1)
        if space > start:
            pieces.append(text[start:space])
            start = space + 1
        else:
            pieces.append(text[start:end])
            start = end
    return pieces


def _gsm_bytes(text: str) -> bytes | None:
    """The text in the GSM character set, one byte a septet, or None if it cannot go so in text mode."""
    codes = [_GSM_CODES.get(c) for c in text]
    if any(code is None or code in _TEXT_MODE_UNSAFE for code in codes):
        return None
    return bytes(code for code in codes if code is not None)


def _ucs2_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def report_state(status: int) -> str:
    """What a delivery report's status (TS 23.040 TP-Status) says: delivered, pending or failed."""
    if status <= 0x1F:
        return "delivered"
    return "pending" if status <= 0x3F else "failed"


class _NoAnswerError(SendError):
    """The modem said nothing in time; the first command turns this into "no answer"."""


class SmsModem:
    """Sends SMS through one modem; one lock keeps two messages from talking over each other."""

    def __init__(self, settings: SmsSettings) -> None:
        self.settings = settings
        self._where = settings.port
        self._lock = threading.Lock()
        self._port: serial.Serial | None = None
        self._buf = bytearray()
        self._reports: dict[int, int] = {}
        self._reports_lock = threading.Lock()

    @property
    def reports(self) -> dict[int, int]:
        """Delivery reports seen so far: message reference -> TP-Status (0 = delivered)."""
        with self._reports_lock:
            return dict(self._reports)

    def send(self, number: str, text: str) -> list[int]:
        """Sends the text to the number; returns the message reference of each part."""
        number = _checked_number(number, self._where)
        body = text if self.settings.diacritics else plain_text(text)
        unicode = _gsm_bytes(body) is None
        parts = sms_parts(body, unicode=unicode)
        with self._conversation(unicode=unicode):
            refs = self._submit_all(number, parts, unicode=unicode)
        log.info("SMS sent through %s in %d part(s), references %s", self._where, len(parts), refs)
        return refs

    def receive(self) -> list[IncomingSms]:
        """The unread messages the modem holds (replies from phones), deleted once read.

        Listed in UCS-2, so any text arrives intact; the status string is a string parameter
        and so is given in the character set in force too (TS 27.005 3.1).
        """
        with self._conversation(unicode=True):
            lines = self._command(f'AT+CMGL="{_ucs2_hex("REC UNREAD")}"', shown="AT+CMGL")
            received = _listed(lines)
            for message in received:
                self._command(f"AT+CMGD={message.index}")
        if received:
            log.info("%d SMS received through %s", len(received), self._where)
        return received

    @contextmanager
    def _conversation(self, *, unicode: bool) -> Iterator[None]:
        """The port open and the modem ready, for one caller at a time; any failure closes the
        port, so the next conversation starts afresh."""
        with self._lock:
            try:
                self._open()
                self._prepare(unicode=unicode)
                yield
            except SendError:
                self._close()
                raise
            except (serial.SerialException, OSError) as exc:
                self._close()
                raise SendError(self._where, f"lost the port: {exc}") from exc

    def wait_for_reports(self, refs: Iterable[int], wait_s: float) -> dict[int, int]:
        """Reads the port until every reference has a delivery report or ``wait_s`` has passed.

        Returns the statuses known for those references; a missing one has no report yet.
        """
        wanted = set(refs)
        deadline = time.monotonic() + wait_s
        with self._lock:
            try:
                self._open()
                while not wanted <= self.reports.keys() and self._fill(deadline):
                    while (line := self._take_line()) is not None:
                        self._urc(line)
            except (serial.SerialException, OSError) as exc:
                self._close()
                raise SendError(self._where, f"lost the port: {exc}") from exc
        known = self.reports
        return {ref: known[ref] for ref in wanted if ref in known}

    def close(self) -> None:
        with self._lock:
            self._close()

    def __enter__(self) -> SmsModem:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # The conversation.

    def _prepare(self, *, unicode: bool) -> None:
        """Checks the modem, the SIM and the network, and sets text mode and the character set."""
        try:
            self._command("AT")
        except _NoAnswerError:
            raise SendError(self._where, "no answer from the modem") from None
        self._command("ATE0")  # the modem may echo at first; see _answer
        try:
            self._command("AT+CMEE=1")  # numbered errors rather than a bare ERROR, where supported
        except _NoAnswerError:
            raise
        except SendError:
            log.debug("the modem on %s does not number its errors", self._where)
        # The PIN and the number are read in the character set in force, which an earlier
        # UCS-2 message may have left behind; GSM reads digits and "+" as themselves.
        self._command('AT+CSCS="GSM"')
        self._unlock_sim()
        self._await_network()
        self._command("AT+CMGF=1")
        if unicode:
            self._command('AT+CSCS="UCS2"')
        # Always set, so a GSM message after a UCS-2 one does not go with data coding 8.
        first_octet = 49 if self.settings.delivery_reports else 17
        self._command(f"AT+CSMP={first_octet},167,0,{8 if unicode else 0}")
        if self.settings.delivery_reports:
            self._command("AT+CNMI=2,1,0,1,0")

    def _unlock_sim(self) -> None:
        deadline = time.monotonic() + self.settings.timeout_s
        entered = False
        while True:
            state = self._query("AT+CPIN?", "+CPIN:")
            if state == "READY":
                return
            if state == "SIM PUK":
                raise SendError(
                    self._where,
                    "the SIM is locked and asks for its PUK; unlock it in a phone",
                    permanent=True,
                )
            if state != "SIM PIN":
                raise SendError(self._where, f"the SIM asks for {state or 'something unknown'}")
            if self.settings.pin is None:
                raise SendError(self._where, "the SIM asks for a PIN and none is configured")
            if not _PIN.fullmatch(self.settings.pin):
                raise SendError(self._where, "the configured SIM PIN is not 4 to 8 digits", permanent=True)
            if not entered:
                self._command(f'AT+CPIN="{self.settings.pin}"', shown="AT+CPIN")
                entered = True
            elif not self._pause(deadline):
                raise SendError(self._where, "the SIM still asks for its PIN after it was entered")

    def _await_network(self) -> None:
        """Registered at home (1) or roaming (5); while searching (2), asks again until the timeout."""
        deadline = time.monotonic() + self.settings.timeout_s
        while True:
            fields = self._query("AT+CREG?", "+CREG:", fields=2).split(",")
            status = int(fields[1]) if len(fields) > 1 and fields[1].strip().isdigit() else -1
            if status in (1, 5):
                return
            if status != 2 or not self._pause(deadline):
                raise SendError(self._where, f"the modem has no network (registration status {status})")

    def _submit_all(self, number: str, parts: list[str], *, unicode: bool) -> list[int]:
        refs: list[int] = []
        for part in parts:
            try:
                refs.append(self._submit(number, part, unicode=unicode))
            except SendError as exc:
                if not refs:
                    raise
                raise SendError(
                    exc.where,
                    f"{exc.message} (after {len(refs)} of {len(parts)} parts were sent)",
                    permanent=exc.permanent,
                ) from exc
        return refs

    def _submit(self, number: str, part: str, *, unicode: bool) -> int:
        """``AT+CMGS``, the "> " prompt, the text and Ctrl-Z; returns the message reference."""
        address = _ucs2_hex(number) if unicode else number
        body = _ucs2_hex(part).encode("ascii") if unicode else _gsm_bytes(part)
        assert body is not None
        shown = "AT+CMGS"
        self._write(f'AT+CMGS="{address}"\r'.encode("ascii"), shown)
        self._await_prompt(time.monotonic() + self.settings.timeout_s, shown)
        self._write(body + _CTRL_Z, shown)
        lines = self._answer(shown, seconds=self.settings.send_timeout_s)
        for line in lines:
            if line.startswith("+CMGS:"):
                ref = line.removeprefix("+CMGS:").split(",")[0].strip()
                if ref.isdigit():
                    return int(ref)
        raise SendError(self._where, "the modem said OK to AT+CMGS without a message reference")

    def _query(self, command: str, prefix: str, *, fields: int = 1) -> str:
        """The value of the answer line that starts with the prefix (and has that many fields)."""
        for line in self._command(command):
            value = line.removeprefix(prefix).strip()
            if line.startswith(prefix) and len(value.split(",")) >= fields:
                return value
        return ""

    def _command(self, command: str, *, shown: str | None = None) -> list[str]:
        """Sends one command line; returns its information lines once the modem says OK.

        ``shown`` names the command in errors and logs where the line holds a secret.
        """
        shown = shown or command
        log.debug("%s: %s", self._where, shown)
        self._write(command.encode("ascii") + b"\r", shown)
        return self._answer(shown, seconds=self.settings.timeout_s)

    def _answer(self, shown: str, *, seconds: float) -> list[str]:
        """The lines before OK. An echo of the command, while echo is still on, is one of them:
        it is neither a final result nor does it start with the prefix a query looks for.
        """
        deadline = time.monotonic() + seconds
        lines: list[str] = []
        while True:
            line = self._next_line(deadline, f"no answer to {shown} within {seconds:g} s")
            if line == "OK":
                return lines
            self._check_refusal(line, shown)
            lines.append(line)

    def _check_refusal(self, line: str, shown: str) -> None:
        if line == "ERROR":
            raise SendError(self._where, f"the modem refused {shown} (ERROR)")
        coded = _CODED_ERROR.fullmatch(line)
        if coded is None:
            return
        kind, code = coded.groups()
        if not code.isdigit():
            raise SendError(self._where, f"the modem refused {shown}: {line}")
        number = int(code)
        meanings, permanent = (CMS_ERRORS, CMS_PERMANENT) if kind == "CMS" else (CME_ERRORS, CME_PERMANENT)
        meaning = f" ({meanings[number]})" if number in meanings else ""
        raise SendError(
            self._where,
            f"the modem refused {shown}: +{kind} ERROR: {number}{meaning}",
            permanent=number in permanent,
        )

    def _await_prompt(self, deadline: float, shown: str) -> None:
        while True:
            while self._buf[:1] in (b"\r", b"\n"):
                del self._buf[0]
            if self._buf.startswith(b">"):
                del self._buf[: 2 if self._buf.startswith(b"> ") else 1]
                return
            line = self._take_line()
            if line is not None:
                if not self._urc(line):
                    self._check_refusal(line, shown)
            elif not self._fill(deadline):
                self._write(b"\x1b", shown)  # ESC: should the prompt come late, the text is cancelled
                raise _NoAnswerError(self._where, f"no prompt for the text after {shown}")

    # The port and its lines.

    def _next_line(self, deadline: float, silence: str) -> str:
        """The next line that is not a delivery report; ``silence`` is the error if none comes."""
        while True:
            line = self._take_line()
            if line is None:
                if not self._fill(deadline):
                    raise _NoAnswerError(self._where, silence)
            elif not self._urc(line):
                return line

    def _take_line(self) -> str | None:
        while True:
            end = next((i for i, byte in enumerate(self._buf) if byte in b"\r\n"), None)
            if end is None:
                return None
            raw = bytes(self._buf[:end])
            del self._buf[: end + 1]
            # A "> " prompt left in front of an answer, and control bytes, are not part of it.
            line = "".join(c for c in raw.decode("latin-1") if c >= " ").strip().removeprefix("> ")
            if line:
                return line

    def _urc(self, line: str) -> bool:
        """Records a delivery report (``+CDS: fo,mr,ra,tora,scts,dt,st``); True if the line was one."""
        if not line.startswith("+CDS:"):
            return False
        fields = next(csv.reader([line.removeprefix("+CDS:").strip()]))
        if len(fields) >= 3 and fields[1].strip().isdigit() and fields[-1].strip().isdigit():
            with self._reports_lock:
                self._reports[int(fields[1])] = int(fields[-1])
        return True

    def _fill(self, deadline: float) -> bool:
        """Reads what the modem sent, waiting at most until the deadline; False once it has passed."""
        if time.monotonic() >= deadline:
            return False
        assert self._port is not None
        self._buf += self._port.read(max(1, self._port.in_waiting))
        return True

    def _pause(self, deadline: float) -> bool:
        """Listens for a moment before asking again; False if the deadline would pass."""
        until = time.monotonic() + _RETRY_PAUSE_S
        if until >= deadline:
            return False
        while self._fill(until):
            pass
        return True

    def _write(self, data: bytes, shown: str) -> None:
        assert self._port is not None
        try:
            self._port.write(data)
            self._port.flush()
        except serial.SerialTimeoutException:
            raise _NoAnswerError(self._where, f"the modem would not take {shown}") from None

    def _open(self) -> None:
        if self._port is not None:
            # Anything already waiting is old: take its delivery reports, drop the rest.
            self._buf += self._port.read(self._port.in_waiting)
            while (line := self._take_line()) is not None:
                self._urc(line)
            self._buf.clear()
            return
        try:
            self._port = serial.Serial(
                self.settings.port,
                self.settings.baudrate,
                timeout=_POLL_S,
                write_timeout=self.settings.timeout_s,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise SendError(self._where, f"cannot open the port: {_reason(exc)}") from exc
        self._port.reset_input_buffer()
        self._buf.clear()

    def _close(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            except (serial.SerialException, OSError):
                log.debug("closing %s failed", self._where, exc_info=True)
            self._port = None
        self._buf.clear()


@dataclass(frozen=True)
class IncomingSms:
    index: int
    number: str
    text: str


def _from_ucs2(text: str) -> str:
    try:
        return bytes.fromhex(text).decode("utf-16-be")
    except ValueError:
        return text  # a modem that ignored the character set for this field


def _listed(lines: list[str]) -> list[IncomingSms]:
    """``+CMGL: index,"stat","number",...`` lines, each followed by its text, in UCS-2 hex."""
    messages = []
    for header, text in zip(lines, [*lines[1:], ""], strict=False):
        if not header.startswith("+CMGL:"):
            continue
        fields = next(csv.reader([header.removeprefix("+CMGL:").strip()]))
        if len(fields) >= 3 and fields[0].strip().isdigit():
            messages.append(IncomingSms(int(fields[0]), _from_ucs2(fields[2]), _from_ucs2(text)))
    return messages


def _checked_number(number: str, where: str) -> str:
    """The number without spaces and dashes; anything else could end the AT command line early."""
    compact = re.sub(r"[\s\-]", "", number)
    if not _NUMBER.fullmatch(compact):
        raise SendError(where, "the phone number must be digits with an optional leading +", permanent=True)
    return compact


def _reason(exc: Exception) -> str:
    """The operating system's words for why a port would not open, without pyserial's repetition."""
    context = exc.__context__
    if isinstance(context, OSError) and context.strerror:
        return context.strerror
    return str(exc)
