"""An HTTP(S) server for the tests on a loopback port: it keeps what is posted and answers as told."""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass, field
from email.message import Message as Headers
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.tls_certs import Issued

HOST = "127.0.0.1"


@dataclass
class Received:
    path: str
    headers: Headers
    body: bytes


@dataclass
class Webhook:
    """What the test server answers, and what it was sent."""

    status: int = 200
    extra_headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    received: list[Received] = field(default_factory=list)
    port: int = 0

    def url(self, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}/hooks/alarms"


def handler_for(hook: Webhook) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hook.received.append(Received(self.path, self.headers, body))
            if hook.hang:
                hook.release.wait(10)
            answer = b'{"error": "kh\xc3\xb4ng"}' if hook.status >= 400 else b"{}"
            self.send_response(hook.status)
            for name, value in hook.extra_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


class WebServers:
    def __init__(self) -> None:
        self._running: list[tuple[ThreadingHTTPServer, threading.Thread, Webhook]] = []

    def start(self, hook: Webhook, cert: Issued | None = None) -> Webhook:
        server = ThreadingHTTPServer((HOST, 0), handler_for(hook))
        if cert is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert.cert, cert.key)
            server.socket = context.wrap_socket(server.socket, server_side=True)
        hook.port = server.server_address[1]
        # A short poll interval keeps shutdown() at teardown quick.
        thread = threading.Thread(target=server.serve_forever, args=(0.02,), name="test-webhook", daemon=True)
        thread.start()
        self._running.append((server, thread, hook))
        return hook

    def stop(self) -> None:
        for server, thread, hook in self._running:
            hook.release.set()
            server.shutdown()
            server.server_close()
            thread.join(5)
