"""uvicorn's httptools protocol with the guards a public HTTP server needs.

- **Header timeout**: a request's headers must arrive within `header_timeout`
  seconds of the connection opening (or of the first byte after an idle
  keep-alive); a client trickling one byte at a time is cut off.
- **Body timeout**: its body must arrive within `body_timeout` seconds of the
  headers.
- **Idle timeout**: uvicorn's `timeout_keep_alive`.
- **Connection cap**: at most `max_connections` open connections, and never
  more than the file-descriptor limit leaves room for. When a new connection
  would pass the cap, the oldest connection that is still waiting for its
  request (slow headers, or idle keep-alive) is closed to make room; if every
  connection is busy, the new one is answered 503 (JSON) and closed. So slow
  clients can never take the descriptors a good request needs.
- Malformed HTTP is answered 400 with the service's JSON error body.

One sweep per second checks the deadlines (no timer per request).
"""

from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gridrules.catalogue import msg
from gridrules.service.errors import ServiceError, dumps

log = logging.getLogger("gridrules.service")

DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 30.0
DEFAULT_IDLE_TIMEOUT = 15
DEFAULT_MAX_CONNECTIONS = 1024
MAX_HEADER_BYTES = 64 * 1024  # request line and headers; 431 above
FD_RESERVE = 64  # descriptors kept for the listening socket, policy files, log, store, watcher
SWEEP_SECONDS = 0.5

_HEADERS, _BODY, _BUSY, _IDLE, _CLOSING = range(5)


@dataclass(frozen=True, slots=True)
class Guards:
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    idle_timeout: int = DEFAULT_IDLE_TIMEOUT
    max_connections: int = DEFAULT_MAX_CONNECTIONS

    def connection_cap(self) -> int:
        """`max_connections`, lowered to what the descriptor limit (RLIMIT_NOFILE) allows."""
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        return max(8, min(self.max_connections, soft - FD_RESERVE))


def _error_bytes(status: int, reason: bytes, err: ServiceError) -> bytes:
    body = dumps(err.body())
    return (
        b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
        b"connection: close\r\n\r\n" % (status, reason, len(body))
    ) + body


_BUSY_RESPONSE = _error_bytes(
    503,
    b"Service Unavailable",
    ServiceError(
        503,
        "too_many_connections",
        msg("service.protocol.too_many_connections"),
    ),
)
_HEADERS_TOO_LARGE = _error_bytes(
    431,
    b"Request Header Fields Too Large",
    ServiceError(
        431,
        "headers_too_large",
        msg("service.protocol.headers_too_large", limit=MAX_HEADER_BYTES),
    ),
)
_BAD_HTTP = _error_bytes(
    400,
    b"Bad Request",
    ServiceError(400, "bad_http", msg("service.protocol.bad_http")),
)


class _State:
    """Per-server bookkeeping shared by its connections: the cap, the sweeper, warnings."""

    def __init__(self, guards: Guards) -> None:
        self.guards = guards
        self.cap = guards.connection_cap()
        self.sweeping = False
        self.last_warning = 0.0
        self.cut = 0
        self.refused = 0

    def warn(self, message: str, *args: Any) -> None:
        now = time.monotonic()
        if now - self.last_warning >= 10:
            self.last_warning = now
            log.warning(message, *args)


class GuardedProtocol(HttpToolsProtocol):
    _state: _State  # set on the subclass `guarded_protocol` makes

    _phase = _HEADERS
    _since = 0.0
    _head_bytes = 0

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._phase, self._since = _HEADERS, self.loop.time()
        state = self._state
        if len(self.connections) > state.cap and not self._make_room():
            state.refused += 1
            state.warn("connection cap %d reached, every connection busy: refusing", state.cap)
            self._close(_BUSY_RESPONSE)
            return
        if not state.sweeping:
            state.sweeping = True
            self.loop.call_later(SWEEP_SECONDS, _sweep, self.loop, self.connections, state)

    def _make_room(self) -> bool:
        """Close the connection that has waited longest for its request; False if none waits."""
        oldest: GuardedProtocol | None = None
        for conn in self.connections:
            if (
                conn is not self
                and isinstance(conn, GuardedProtocol)
                and conn._phase in (_HEADERS, _IDLE)
                and (oldest is None or conn._since < oldest._since)
            ):
                oldest = conn
        if oldest is None:
            return False
        self._state.cut += 1
        self._state.warn(
            "connection cap %d reached: closing the connections that wait longest",
            self._state.cap,
        )
        oldest._close(None)
        return True

    def _close(self, payload: bytes | None) -> None:
        self._phase = _CLOSING
        self.connections.discard(self)
        if not self.transport.is_closing():
            if payload is not None:
                self.transport.write(payload)
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._phase == _IDLE:
            self._phase, self._since, self._head_bytes = _HEADERS, self.loop.time(), 0
        super().data_received(data)
        if self._phase == _HEADERS:
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEADER_BYTES:
                self._close(_HEADERS_TOO_LARGE)

    def on_headers_complete(self) -> None:
        self._phase, self._since, self._head_bytes = _BODY, self.loop.time(), 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._phase = _BUSY
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._phase != _CLOSING:
            self._phase, self._since = _IDLE, self.loop.time()

    def send_400_response(self, msg: str) -> None:
        self._phase = _CLOSING
        self.transport.write(_BAD_HTTP)
        self.transport.close()


def _sweep(loop: Any, connections: set[Any], state: _State) -> None:
    """Close connections past their header or body deadline; re-arm while any are open."""
    now = loop.time()
    header, body = state.guards.header_timeout, state.guards.body_timeout
    for conn in list(connections):
        if not isinstance(conn, GuardedProtocol):
            continue
        phase = conn._phase
        if (phase == _HEADERS and now - conn._since > header) or (
            phase == _BODY and now - conn._since > body
        ):
            state.cut += 1
            conn._close(None)
    if connections:
        loop.call_later(SWEEP_SECONDS, _sweep, loop, connections, state)
    else:
        state.sweeping = False


def guarded_protocol(guards: Guards) -> type[GuardedProtocol]:
    """A protocol class for one server (uvicorn.Config(http=…)), with its own cap and sweeper."""
    return type("GuardedHttpProtocol", (GuardedProtocol,), {"_state": _State(guards)})
