"""A loopback OpenAI-compatible chat endpoint for tests: a thread of the test process that answers
POST /v1/chat/completions with whatever `respond(request_body)` returns (a chat.completion object)."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def chat_handler(respond: Callable[[dict], dict]) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if self.path != "/v1/chat/completions":
                self.send_error(404, f"no route {self.path}")
                return
            data = json.dumps(respond(body)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def completion(rid: str, model: str, messages: list[dict], prompt_tokens: int = 1, completion_tokens: int = 1) -> dict:
    """A chat.completion object with one choice per message."""
    return {"id": rid, "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": i, "finish_reason": "stop", "message": m} for i, m in enumerate(messages)],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


@contextlib.contextmanager
def serving(respond: Callable[[dict], dict]) -> Iterator[str]:
    """Serves `respond` on a free loopback port; yields the /v1 base URL; always shuts the server down."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), chat_handler(respond))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
