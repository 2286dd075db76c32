"""SMS through a GSM modem: the text rules, and real pyserial against a modem on a pty."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest

from senders.base import SendError
from senders.sms import SmsModem, SmsSettings, fits_gsm, plain_text, report_state, sms_parts
from simulator.gsm_modem import GsmModemEmulator

NUMBER = "+84901234567"
EXTENSION = set("\f^{}\\[~]|€")
PREFIX = re.compile(r"\((\d+)/(\d+)\) ")


def septets(text: str) -> int:
    return len(text) + sum(c in EXTENSION for c in text)


def ucs2_units(text: str) -> int:
    return len(text.encode("utf-16-be")) // 2


def unnumbered(parts: list[str]) -> list[str]:
    """The parts without their "(i/n) " prefixes, after checking they count 1..n."""
    bodies = []
    for index, part in enumerate(parts, 1):
        match = PREFIX.match(part)
        assert match is not None, part
        assert (int(match[1]), int(match[2])) == (index, len(parts))
        bodies.append(part[match.end() :])
    return bodies


# The text rules.


def test_plain_text_folds_vietnamese_to_gsm_letters():
    assert plain_text("Điện áp cao") == "Dien ap cao"
    assert plain_text("đường ưu tiên ở Hà Nội, Ờ Ữ") == "duong uu tien o Ha Noi, O U"
    assert fits_gsm(plain_text("Máy phát số 2: áp suất dầu thấp"))


def test_fits_gsm_takes_the_default_alphabet_and_its_extension():
    assert fits_gsm("Hello @ £5 $ ¥ è é ù ì ò Ç Ø å Δ _ Ξ ß Ä ö ñ ü à §¿¡\n")
    assert fits_gsm("€ [x] {y} ~ | \\ ^")
    assert not fits_gsm("Điện")
    assert not fits_gsm("ư")
    assert not fits_gsm("`")
    assert not fits_gsm("\x1b")


@pytest.mark.parametrize(("length", "parts"), [(160, 1), (161, 2)])
def test_gsm_limit_is_160_septets(length, parts):
    assert len(sms_parts("a" * length, unicode=False)) == parts


@pytest.mark.parametrize(("length", "parts"), [(70, 1), (71, 2)])
def test_ucs2_limit_is_70_characters(length, parts):
    assert len(sms_parts("ệ" * length, unicode=True)) == parts


def test_euro_counts_two_septets():
    assert sms_parts("€" * 80, unicode=False) == ["€" * 80]
    assert len(sms_parts("€" * 80 + "a", unicode=False)) == 2
    assert len(sms_parts("a" * 159 + "€", unicode=False)) == 2


def test_characters_outside_the_bmp_count_two_ucs2_units():
    assert len(sms_parts("😀" * 35, unicode=True)) == 1
    assert len(sms_parts("😀" * 36, unicode=True)) == 2
    for part in sms_parts("😀" * 200, unicode=True):
        assert ucs2_units(part) <= 70


def test_a_long_text_splits_at_spaces_with_numbered_prefixes():
    words = [f"word{i}" for i in range(120)]
    text = " ".join(words)
    parts = sms_parts(text, unicode=False)
    assert len(parts) >= 5
    assert all(septets(part) <= 160 for part in parts)
    bodies = unnumbered(parts)
    assert " ".join(bodies) == text
    assert all(body.split(" ")[0] in words and body.split(" ")[-1] in words for body in bodies)
    # Full parts: nothing left on the table that the next word would have fitted into.
    for part, following in zip(parts, bodies[1:], strict=False):
        assert septets(part) + 1 + len(following.split(" ")[0]) > 160


def test_a_text_without_spaces_is_cut_mid_word_and_joins_back():
    text = "x" * 500 + "€" * 30
    parts = sms_parts(text, unicode=False)
    assert all(septets(part) <= 160 for part in parts)
    assert "".join(unnumbered(parts)) == text


def test_ten_parts_and_more_count_their_wider_prefixes():
    text = " ".join(["Điện áp pha A vượt ngưỡng"] * 40)
    parts = sms_parts(text, unicode=True)
    assert len(parts) >= 10
    assert all(ucs2_units(part) <= 70 for part in parts)
    assert " ".join(unnumbered(parts)) == text


def test_a_gsm_split_refuses_text_outside_the_alphabet():
    with pytest.raises(ValueError, match="not in the GSM"):
        sms_parts("Điện " * 50, unicode=False)


def test_report_states():
    assert [report_state(s) for s in (0, 0x20, 0x40)] == ["delivered", "pending", "failed"]


# Real pyserial against the modem on a pty.

Make = Callable[..., tuple[GsmModemEmulator, SmsModem]]


@pytest.fixture
def make() -> Iterator[Make]:
    with ExitStack() as stack:

        def build(settings: dict | None = None, **emulator: object) -> tuple[GsmModemEmulator, SmsModem]:
            gsm = stack.enter_context(GsmModemEmulator(**emulator))  # type: ignore[arg-type]
            options = {"timeout_s": 2.0, "send_timeout_s": 2.0} | (settings or {})
            modem = stack.enter_context(SmsModem(SmsSettings(port=gsm.port, **options)))
            return gsm, modem

        yield build


def test_a_gsm_text_arrives_with_its_number_and_text(make: Make):
    gsm, modem = make()
    text = "Generator_2: oil pressure low @ 14:05, £5 & ΔT > 3 K (Σ ok)\nNext line"
    refs = modem.send("+84 90 123-4567", text)
    [sms] = gsm.wait_for(1)
    assert (sms.number, sms.text, sms.charset, sms.dcs) == (NUMBER, text, "GSM", 0)
    assert refs == [sms.ref]
    assert gsm.commands[:2] == ["AT", "ATE0"]  # the first answer came with its echo


def test_replies_are_read_in_ucs2_and_deleted_from_the_modem(make: Make):
    gsm, modem = make()
    assert modem.receive() == []
    gsm.receive("+84912000001", "ACK 12 đã xử lý")
    gsm.receive("+84912000002", 'ack 7, "ok"')
    received = modem.receive()
    assert [(m.number, m.text) for m in received] == [
        ("+84912000001", "ACK 12 đã xử lý"),
        ("+84912000002", 'ack 7, "ok"'),
    ]
    assert gsm.stored == 0 and modem.receive() == []
    modem.send(NUMBER, "plain text after a reading")  # the character set goes back for GSM
    [sms] = gsm.wait_for(1)
    assert (sms.text, sms.charset) == ("plain text after a reading", "GSM")


def test_vietnamese_goes_as_ucs2_and_arrives_intact(make: Make):
    gsm, modem = make()
    text = "Điện áp cao ở tủ phân phối số 3 — 415 V"
    modem.send(NUMBER, text)
    [sms] = gsm.wait_for(1)
    assert (sms.number, sms.text, sms.charset, sms.dcs) == (NUMBER, text, "UCS2", 8)
    assert sms.first_octet == 17


def test_without_diacritics_it_arrives_folded_as_gsm(make: Make):
    gsm, modem = make({"diacritics": False})
    modem.send(NUMBER, "Điện áp cao ở tủ phân phối")
    [sms] = gsm.wait_for(1)
    assert (sms.text, sms.charset, sms.dcs) == ("Dien ap cao o tu phan phoi", "GSM", 0)


def test_a_euro_sign_goes_as_ucs2_since_text_mode_cannot_carry_the_escape(make: Make):
    gsm, modem = make()
    modem.send(NUMBER, "Tariff 0.25 € / kWh")
    [sms] = gsm.wait_for(1)
    assert (sms.text, sms.charset, sms.dcs) == ("Tariff 0.25 € / kWh", "UCS2", 8)


def test_a_long_text_arrives_in_numbered_parts_that_each_fit(make: Make):
    gsm, modem = make()
    text = " ".join(f"Feeder {i} tripped at 14:{i:02d}." for i in range(30))
    refs = modem.send(NUMBER, text)
    received = gsm.wait_for(len(refs))
    assert len(refs) == len(received) >= 3
    assert [sms.ref for sms in received] == refs
    assert all(septets(sms.text) <= 160 and sms.dcs == 0 for sms in received)
    assert " ".join(unnumbered([sms.text for sms in received])) == text


def test_a_long_vietnamese_text_arrives_in_ucs2_parts(make: Make):
    gsm, modem = make()
    text = " ".join(["Máy biến áp 2 quá nhiệt"] * 8)
    refs = modem.send(NUMBER, text)
    received = gsm.wait_for(len(refs))
    assert len(received) >= 3
    assert all(ucs2_units(sms.text) <= 70 and sms.dcs == 8 for sms in received)
    assert " ".join(unnumbered([sms.text for sms in received])) == text


def test_a_gsm_message_after_a_ucs2_one_goes_with_gsm_coding_again(make: Make):
    gsm, modem = make()
    modem.send(NUMBER, "Nhiệt độ cao")
    modem.send(NUMBER, "Temperature high")
    first, second = gsm.wait_for(2)
    assert (first.charset, first.dcs) == ("UCS2", 8)
    assert (second.text, second.charset, second.dcs) == ("Temperature high", "GSM", 0)


def test_the_pin_is_entered_when_configured_and_never_logged(make: Make, caplog):
    gsm, modem = make({"pin": "4321"}, pin="4321")
    with caplog.at_level(logging.DEBUG, logger="senders.sms"):
        modem.send(NUMBER, "hello")
    assert gsm.wait_for(1)[0].text == "hello"
    assert 'AT+CPIN="4321"' in gsm.commands
    assert caplog.records
    assert "4321" not in caplog.text
    assert "901234567" not in caplog.text
    assert "4321" not in repr(modem.settings)


def test_a_sim_asking_for_a_pin_without_one_is_a_clear_retryable_error(make: Make):
    gsm, modem = make(pin="4321")
    with pytest.raises(SendError, match="asks for a PIN and none is configured") as caught:
        modem.send(NUMBER, "hello")
    assert not caught.value.permanent
    assert gsm.sent == []
    assert not any(c.startswith("AT+CPIN=") for c in gsm.commands)


def test_a_wrong_pin_is_permanent_so_retries_do_not_lock_the_sim(make: Make):
    gsm, modem = make({"pin": "0000"}, pin="4321")
    with pytest.raises(SendError) as caught:
        modem.send(NUMBER, "hello")
    assert caught.value.permanent
    assert "+CME ERROR: 16 (incorrect password)" in str(caught.value)
    assert "0000" not in str(caught.value)
    assert gsm.sent == []


def test_a_sim_asking_for_its_puk_is_permanent(make: Make):
    _, modem = make({"pin": "4321"}, puk_locked=True)
    with pytest.raises(SendError, match="PUK") as caught:
        modem.send(NUMBER, "hello")
    assert caught.value.permanent


def test_no_network_names_the_registration_status(make: Make):
    gsm, modem = make(registered=False)
    with pytest.raises(SendError, match=r"no network \(registration status 0\)") as caught:
        modem.send(NUMBER, "hello")
    assert not caught.value.permanent
    assert gsm.sent == []


def test_a_modem_still_searching_for_the_network_is_asked_again(make: Make):
    gsm, modem = make(searching_polls=2)
    modem.send(NUMBER, "hello")
    assert gsm.wait_for(1)[0].text == "hello"
    assert gsm.commands.count("AT+CREG?") == 3


def test_network_out_of_order_is_retryable_with_its_meaning(make: Make):
    gsm, modem = make(fail_with="+CMS ERROR: 38")
    with pytest.raises(SendError, match=r"\+CMS ERROR: 38 \(network out of order\)") as caught:
        modem.send(NUMBER, "hello")
    assert not caught.value.permanent
    assert gsm.sent == []


def test_an_unknown_subscriber_is_permanent(make: Make):
    _, modem = make(fail_with="+CMS ERROR: 30")
    with pytest.raises(SendError, match="unknown subscriber") as caught:
        modem.send(NUMBER, "hello")
    assert caught.value.permanent


def test_error_names_the_command(make: Make):
    _, modem = make(fail_with="ERROR")
    with pytest.raises(SendError, match=r"refused AT\+CMGS \(ERROR\)") as caught:
        modem.send(NUMBER, "hello")
    assert "901234567" not in str(caught.value)


def test_a_failed_part_says_how_many_went_and_the_modem_recovers(make: Make):
    gsm, modem = make()
    modem.send(NUMBER, "first")
    gsm.fail_with = "+CMS ERROR: 42"
    with pytest.raises(SendError, match="congestion"):
        modem.send(NUMBER, "second")
    gsm.fail_with = None
    modem.send(NUMBER, "third")
    assert [sms.text for sms in gsm.wait_for(2)] == ["first", "third"]


def test_a_silent_modem_is_no_answer_within_the_timeout(make: Make):
    gsm, modem = make({"timeout_s": 0.5}, silent=True)
    started = time.monotonic()
    with pytest.raises(SendError, match="no answer from the modem") as caught:
        modem.send(NUMBER, "hello")
    assert time.monotonic() - started < 2.0
    assert gsm.port in str(caught.value)
    assert not caught.value.permanent


def test_a_port_that_does_not_exist_cannot_be_opened():
    modem = SmsModem(SmsSettings(port="/dev/ttyWATTKEEPER-absent", timeout_s=0.5))
    with pytest.raises(SendError, match="cannot open the port: No such file") as caught:
        modem.send(NUMBER, "hello")
    assert "/dev/ttyWATTKEEPER-absent" in str(caught.value)


def test_a_number_that_could_break_the_command_line_is_refused(make: Make):
    gsm, modem = make()
    with pytest.raises(SendError, match="phone number") as caught:
        modem.send('+8490"\rAT+CPIN="1', "hello")
    assert caught.value.permanent
    assert gsm.commands == []


def test_a_delivery_report_is_seen_when_asked_for(make: Make):
    gsm, modem = make({"delivery_reports": True}, delivery_reports=True)
    refs = modem.send(NUMBER, "Máy phát 1 dừng")
    assert modem.wait_for_reports(refs, 5.0) == {refs[0]: 0}
    assert modem.reports == {refs[0]: 0}
    [sms] = gsm.wait_for(1)
    assert (sms.first_octet, sms.dcs) == (49, 8)
    assert "AT+CNMI=2,1,0,1,0" in gsm.commands


def test_no_delivery_report_without_asking(make: Make):
    gsm, modem = make(delivery_reports=True)
    refs = modem.send(NUMBER, "hello")
    assert modem.wait_for_reports(refs, 0.3) == {}
    assert gsm.wait_for(1)[0].first_octet == 17
    assert not any(c.startswith("AT+CNMI") for c in gsm.commands)


def test_two_threads_sending_at_once_both_arrive_intact(make: Make):
    gsm, modem = make()
    texts = ["Nhiệt độ cao ở lò hơi", "Pressure low on pump 3"]
    errors: list[BaseException] = []

    def send(text: str) -> None:
        try:
            modem.send(NUMBER, text)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert sorted(sms.text for sms in gsm.wait_for(2)) == sorted(texts)
