"""The ASGI layer: the raw fast path for /v1/check(/batch), the wrapper every other route gets,
and the handlers that make every failure — 404, 405, an escaped exception — a JSON denial.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request as HTTPRequest
from starlette.responses import Response

from gridrules.catalogue import msg
from gridrules.problems import Text
from gridrules.service.auth import Scope, Token, TokenAuth
from gridrules.service.errors import (
    ServiceError,
    dumps,
    error_response,
    internal_error,
    not_found,
    not_ready,
)
from gridrules.service.holder import NotReady
from gridrules.service.limits import receive_body

if TYPE_CHECKING:
    from gridrules.service.app import Service
    from gridrules.service.metrics import BoundMetrics

log = logging.getLogger("gridrules.service")

Handler = Callable[["Service", HTTPRequest, Token | None], Awaitable[Response]]
Answer = Callable[[HTTPRequest, Token | None], Awaitable[Response]]  # a handler, bound


def endpoint(
    auth: TokenAuth, metrics: BoundMetrics, name: str, answer: Answer, scope: Scope | None
) -> Any:
    """Wrap a handler: authenticate, map errors to JSON, time it, never let anything escape.

    `scope` None: no token needed. Every route of a single- or multi-jurisdiction app but
    the two raw decision endpoints (`DecisionApp`) is served through this.
    """

    async def run(request: HTTPRequest) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            token = auth.require(request.headers.get("authorization"), scope) if scope else None
            response = await answer(request, token)
            status = response.status_code
            return response
        except ServiceError as exc:
            status = exc.status
            return error_response(exc)
        except NotReady:
            status = 503
            return error_response(not_ready())
        except Exception:
            log.exception("%s failed", name)
            status = 500
            return error_response(internal_error())
        finally:
            metrics.request(name, status, time.perf_counter() - started)

    return run


async def http_error(request: HTTPRequest, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        err = not_found(request.url.path)
    elif exc.status_code == 405:
        err = ServiceError(
            405,
            "method_not_allowed",
            msg("service.asgi.method_not_allowed", path=request.url.path, method=request.method),
            headers=dict(exc.headers or {}),
        )
    else:
        err = ServiceError(exc.status_code, "http_error", Text(str(exc.detail), str(exc.detail)))
    return error_response(err)


async def unhandled_error(request: HTTPRequest, exc: Exception) -> Response:
    """Anything that escaped a route (Starlette's last handler): one log line, a JSON 500."""
    log.error("%s %s failed: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return error_response(internal_error())


class DecisionApp:
    """Raw ASGI for /v1/check and /v1/check/batch (no per-request framework objects).

    Same rules as every other endpoint: bearer token, size limits, JSON errors
    that are denials, metrics; everything else (and the lifespan) goes to the
    Starlette app. Whatever escapes is still answered as a JSON 500.
    """

    def __init__(self, service: Service, app: Any, fast_routes: dict[str, str]) -> None:
        self.service = service
        self.app = app
        self.handlers = {path: (name, getattr(service, name)) for path, name in fast_routes.items()}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            route = self.handlers.get(scope["path"])
            if route is not None:
                await self._serve(scope, receive, send, *route)
                return
            await _guarded(self.app, scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _serve(
        self,
        scope: Any,
        receive: Any,
        send: Any,
        name: str,
        handler: Callable[[bytes, Token | None], Awaitable[bytes]],
    ) -> None:
        started = time.perf_counter()
        service = self.service
        extra: dict[str, str] = {}
        try:
            if scope["method"] != "POST":
                raise ServiceError(
                    405,
                    "method_not_allowed",
                    msg("service.asgi.post_only", path=scope["path"]),
                    headers={"Allow": "POST"},
                )
            authorization = declared = None
            for key, value in scope["headers"]:
                if key == b"authorization":
                    authorization = value.decode("latin-1")
                elif key == b"content-length":
                    declared = value
            token = service.auth.require(authorization, Scope.READ)
            body = await receive_body(receive, declared, service.limits.max_body_bytes)
            payload = await handler(body, token)
            status = 200
        except ServiceError as exc:
            status, payload, extra = exc.status, dumps(exc.body()), exc.headers
        except NotReady:
            err = not_ready()
            status, payload = err.status, dumps(err.body())
        except Exception:
            log.exception("%s failed", name)
            err = internal_error()
            status, payload = err.status, dumps(err.body())
        await send_json(send, status, payload, extra)
        service.metrics.request(name, status, time.perf_counter() - started)


async def send_json(send: Any, status: int, payload: bytes, extra: dict[str, str] | None) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in (extra or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _guarded(app: Any, scope: Any, receive: Any, send: Any) -> None:
    """Run `app`; if it raises before answering, answer a JSON 500 (never a plain-text page)."""
    started = False

    async def tracking_send(message: Any) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
        await send(message)

    try:
        await app(scope, receive, tracking_send)
    except Exception as exc:
        if started:  # Starlette re-raises after its handler answered; it is logged there
            return
        log.error("%s %s failed: %s", scope.get("method"), scope.get("path"), exc)
        await send_json(send, 500, dumps(internal_error().body()), None)
