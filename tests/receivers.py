"""A real local HTTP server that records every request and answers on cue: the CDN purge APIs' and
the webhook receivers' stand-in (127.0.0.1 only, on a free port)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Recorder(ThreadingHTTPServer):
    """Records (method, path, headers, body) and the time of each request; answers each with the next
    of `answers` (200 once they run out). An answer is a status, or a dict of status, headers (e.g. a
    redirect's Location) and delay (seconds to wait first)."""

    daemon_threads = True

    def __init__(self, answers=()):
        self.requests, self.answers, self.times = [], list(answers), []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append((self.command, self.path, self.headers, body))  # case-blind
        self.server.times.append(time.monotonic())
        answer = self.server.answers.pop(0) if self.server.answers else 200
        answer = answer if isinstance(answer, dict) else {"status": answer}
        time.sleep(answer.get("delay", 0))
        self.send_response(answer["status"])
        for name, value in answer.get("headers", {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    do_POST = do_PURGE = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    servers = []

    def start(*answers):
        server = Recorder(answers)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
