"""The webhook sender against a real HTTP(S) server on a loopback port."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from senders.base import Message, SendError
from senders.webhook import WebhookSender, WebhookSettings
from tests.senders.web_server import Webhook, WebServers
from tests.tls_certs import TestAuthority

ALARM = Message(
    id="alarm-42-raised",
    subject="Cảnh báo: điện áp cao",
    text="Điện áp pha L1 đạt 253,4 V.",
    data={"priority": "high", "point": "TBA2/L1/U", "value": 253.4, "id": "not the real id"},
)


@pytest.fixture
def servers() -> Iterator[WebServers]:
    running = WebServers()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> TestAuthority:
    return TestAuthority(tmp_path_factory.mktemp("ca"))


def test_posts_the_json_with_its_idempotency_key(servers: WebServers) -> None:
    hook = servers.start(Webhook(status=202))

    status = WebhookSender(WebhookSettings(hook.url())).send(ALARM)

    assert status == 202
    [request] = hook.received
    assert request.path == "/hooks/alarms"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["Idempotency-Key"] == "alarm-42-raised"
    assert request.headers["Authorization"] is None
    assert json.loads(request.body.decode("utf-8")) == {
        # The message's own id wins over a field of the same name in its data.
        "id": "alarm-42-raised",
        "subject": "Cảnh báo: điện áp cao",
        "text": "Điện áp pha L1 đạt 253,4 V.",
        "priority": "high",
        "point": "TBA2/L1/U",
        "value": 253.4,
    }


def test_bearer_token_is_sent_but_never_shown(servers: WebServers) -> None:
    hook = servers.start(Webhook())
    settings = WebhookSettings(hook.url(), token="tok-3f9a")

    WebhookSender(settings).send(ALARM)

    assert hook.received[0].headers["Authorization"] == "Bearer tok-3f9a"
    assert "tok-3f9a" not in repr(settings)


def test_https_with_the_sites_authority(servers: WebServers, authority: TestAuthority) -> None:
    hook = servers.start(Webhook(), authority.issue("localhost"))

    status = WebhookSender(WebhookSettings(hook.url("https"), ca_file=authority.ca_file)).send(ALARM)

    assert status == 200
    assert hook.received[0].headers["Idempotency-Key"] == "alarm-42-raised"


def test_https_with_a_foreign_certificate_fails(
    servers: WebServers, authority: TestAuthority, tmp_path: Path
) -> None:
    stranger = TestAuthority(tmp_path / "other", name="Someone Else CA").issue("localhost")
    hook = servers.start(Webhook(), stranger)
    sender = WebhookSender(WebhookSettings(hook.url("https"), ca_file=authority.ca_file))

    with pytest.raises(SendError) as caught:
        sender.send(ALARM)

    assert "certificate was not accepted: unable to get local issuer certificate" in str(caught.value)
    assert hook.received == []


@pytest.mark.parametrize(
    ("status", "reason", "permanent"),
    [
        (400, "Bad Request", True),
        (404, "Not Found", True),
        (408, "Request Timeout", False),
        (429, "Too Many Requests", False),
        (500, "Internal Server Error", False),
        (503, "Service Unavailable", False),
    ],
)
def test_error_statuses(servers: WebServers, status: int, reason: str, permanent: bool) -> None:
    hook = servers.start(Webhook(status=status))

    with pytest.raises(SendError) as caught:
        WebhookSender(WebhookSettings(hook.url())).send(ALARM)

    assert caught.value.permanent is permanent
    assert caught.value.where == f"webhook http://127.0.0.1:{hook.port}/hooks/alarms"
    # The status, its reason and the start of the answer's body, for whoever reads the log.
    assert caught.value.message == f'answered {status} {reason}: {{"error": "không"}}'


def test_redirect_is_not_followed(servers: WebServers) -> None:
    hook = servers.start(Webhook(status=302, extra_headers={"Location": "http://elsewhere.example/x"}))

    with pytest.raises(SendError) as caught:
        WebhookSender(WebhookSettings(hook.url(), token="tok-3f9a")).send(ALARM)

    assert caught.value.permanent
    assert "302 Found to http://elsewhere.example/x; redirects are not followed" in str(caught.value)
    assert len(hook.received) == 1


def test_hanging_server_times_out(servers: WebServers) -> None:
    hook = servers.start(Webhook(hang=True))
    sender = WebhookSender(WebhookSettings(hook.url(), timeout_s=0.5))

    started = time.monotonic()
    with pytest.raises(SendError) as caught:
        sender.send(ALARM)

    assert time.monotonic() - started < 3
    assert caught.value.message == "no answer within 0.5 s"
    assert not caught.value.permanent
    assert len(hook.received) == 1


def test_closed_port_is_retryable() -> None:
    with pytest.raises(SendError) as caught:
        WebhookSender(WebhookSettings("http://127.0.0.1:1/hook")).send(ALARM)

    assert str(caught.value).startswith("webhook http://127.0.0.1:1/hook: connection refused")
    assert not caught.value.permanent


def test_where_hides_the_query_and_user_information() -> None:
    sender = WebhookSender(WebhookSettings("https://user:pw@gateway.plant:8443/in?key=secret"))

    assert sender.where == "webhook https://gateway.plant:8443/in"


@pytest.mark.parametrize("url", ["ftp://gateway/hook", "file:///etc/passwd", "gateway/hook", "http://"])
def test_only_http_and_https_urls(url: str) -> None:
    with pytest.raises(ValueError, match="http:// or https://"):
        WebhookSettings(url)


def test_data_that_is_not_json_is_permanent(servers: WebServers) -> None:
    hook = servers.start(Webhook())
    odd = Message(id="m-1", subject="s", text="t", data={"when": object()})

    with pytest.raises(SendError) as caught:
        WebhookSender(WebhookSettings(hook.url())).send(odd)

    assert caught.value.permanent
    assert "cannot be sent as JSON" in str(caught.value)
    assert hook.received == []
