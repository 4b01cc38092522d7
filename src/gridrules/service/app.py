"""The Starlette app: the engine's questions over HTTP, answered from one `PolicyHolder`.

Every handler reads `holder.require()` once, at its start, and answers from
that snapshot to the end: a reload mid-request never mixes two versions, and
the version that decided is in every answer. There is no decision logic here —
only parsing, limits, authentication and the calls the CLI makes too.

The handlers live by area: `decisions` (check, batch), `queries` (route,
who-can, what-can), `admin` (policy, reload, emergency), `health` (healthz,
readyz, metrics, openapi); `asgi` wraps them (tokens, JSON errors, metrics)
and `errors` holds the error shape. This module puts them together.

Fail closed: anything unexpected while deciding becomes a denial flagged
`error: true` (HTTP 200 for a check, so a client that reads only `allowed`
still sees a denial); any other failure is an error body that carries
`allowed: false` too.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Route

from gridrules.service.activation import Activation
from gridrules.service.admin import AdminHandlers
from gridrules.service.asgi import DecisionApp, Handler, endpoint, http_error, unhandled_error
from gridrules.service.auth import Scope, TokenAuth
from gridrules.service.base import AppConfig, BackgroundTask
from gridrules.service.decisions import (
    ERROR_REASON,
    DecisionHandlers,
    decision_dict,
    error_decision,
    read_request,
)
from gridrules.service.errors import error_response
from gridrules.service.health import HealthHandlers
from gridrules.service.holder import (
    FolderSource,
    PolicyHolder,
    SnapshotFileSource,
    watch_folder,
)
from gridrules.service.log import DecisionLog
from gridrules.service.metrics import Metrics
from gridrules.service.queries import QueryHandlers

__all__ = [
    "ERROR_REASON",
    "FAST_ROUTES",
    "ROUTES",
    "AppConfig",
    "BackgroundTask",
    "DecisionApp",
    "Service",
    "create_app",
    "decision_dict",
    "error_decision",
    "error_response",
    "read_request",
]

log = logging.getLogger("gridrules.service")


class Service(DecisionHandlers, QueryHandlers, AdminHandlers, HealthHandlers):
    """The handlers, bound to one holder, token set, limits, metrics and decision log."""


# The two hot endpoints are served by `DecisionApp` (raw ASGI); the rest by Starlette.
FAST_ROUTES: dict[str, str] = {"/v1/check": "check", "/v1/check/batch": "check_batch"}

ROUTES: tuple[tuple[str, str, Handler, tuple[str, ...], Scope | None], ...] = (
    ("/v1/route", "route", Service.route, ("GET",), Scope.READ),
    ("/v1/who-can", "who_can", Service.who_can, ("GET",), Scope.READ),
    ("/v1/what-can", "what_can", Service.what_can, ("GET", "POST"), Scope.READ),
    ("/v1/policy", "policy", Service.policy, ("GET",), Scope.READ),
    ("/v1/admin/reload", "reload", Service.reload, ("POST",), Scope.ADMIN),
    ("/v1/admin/emergency", "emergency", Service.emergency, ("POST", "DELETE"), Scope.ADMIN),
    ("/metrics", "metrics", Service.metrics_text, ("GET",), Scope.READ),
    ("/healthz", "healthz", Service.healthz, ("GET",), None),
    ("/readyz", "readyz", Service.readyz, ("GET",), None),
    ("/openapi.json", "openapi", Service.openapi, ("GET",), None),
)


async def stop_tasks(tasks: list[asyncio.Task[None]]) -> None:
    """Wait up to 5 s for each background task (watchers, listeners) to end, then cancel it."""
    for task in tasks:
        try:
            await asyncio.wait_for(task, 5)
        except (TimeoutError, asyncio.CancelledError):
            task.cancel()
        except Exception:
            log.exception("background task failed")


def create_app(
    holder: PolicyHolder,
    *,
    auth: TokenAuth,
    config: AppConfig | None = None,
    metrics: Metrics | None = None,
    decision_log: DecisionLog | None = None,
    activation: Activation | None = None,
    jurisdiction: str | None = None,
) -> DecisionApp:
    """The ASGI app over `holder`. Load the first policy (holder.reload) before serving.

    `jurisdiction` labels its metrics and limits tokens (default: the served policy's).
    """
    config = config or AppConfig()
    metrics = metrics or Metrics()
    bound = metrics.bound(jurisdiction)
    scoped = auth.for_jurisdiction(jurisdiction or (lambda: _served_jurisdiction(holder)))
    service = Service(holder, scoped, config, bound, decision_log, activation, jurisdiction)
    if holder.last_reload is not None:  # the startup load happened before: count it
        bound.reload(holder.last_reload, holder.current)
    elif holder.current is not None:
        bound.serving(holder.current)
    holder.subscribe(bound.reload)

    routes = [
        Route(
            path,
            endpoint(service.auth, bound, name, functools.partial(handler, service), scope),
            methods=list(methods),
            name=name,
        )
        for path, name, handler, methods, scope in ROUTES
    ]
    lifespan = serving_lifespan(config, [holder], decision_log, [service.activation])
    return DecisionApp(service, starlette_app(routes, lifespan), FAST_ROUTES)


def starlette_app(routes: Sequence[BaseRoute], lifespan: Any) -> Starlette:
    """The Starlette app over `routes`: every failure a JSON denial, no slash redirects."""
    starlette = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: unhandled_error},
        lifespan=lifespan,
    )
    # `/v1/admin/reload/` is a 404, never a redirect to a URL built from the Host header
    starlette.router.redirect_slashes = False
    return starlette


def serving_lifespan(
    config: AppConfig,
    holders: Sequence[PolicyHolder],
    decision_log: DecisionLog | None,
    activations: Sequence[Activation],
) -> Callable[[Starlette], contextlib.AbstractAsyncContextManager[None]]:
    """While serving: each folder or snapshot holder's file watch (`config.watch`), the
    background tasks, and SIGHUP (`config.handle_sighup`): read the emergency activations
    again, reopen the decision log, reload every holder."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(
                watch_folder(holder, holder.source, stop, debounce_ms=config.debounce_ms)
            )
            for holder in holders
            if config.watch and isinstance(holder.source, (FolderSource, SnapshotFileSource))
        ]
        tasks += [asyncio.create_task(start(stop)) for start in config.background]
        sighup = config.handle_sighup and _install_sighup(holders, decision_log, activations)
        try:
            yield
        finally:
            stop.set()
            if sighup:
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            await stop_tasks(tasks)

    return lifespan


def _served_jurisdiction(holder: PolicyHolder) -> str | None:
    current = holder.current
    return current.jurisdiction if current is not None else None


def _install_sighup(
    holders: Sequence[PolicyHolder],
    decision_log: DecisionLog | None,
    activations: Sequence[Activation],
) -> bool:
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task[Any]] = set()

    def on_sighup() -> None:
        for activation in activations:
            activation.refresh()  # another worker may have switched the emergency plan
        if decision_log is not None:
            decision_log.reopen()
        for holder in holders:
            task = loop.create_task(asyncio.to_thread(holder.reload, "signal"))
            pending.add(task)
            task.add_done_callback(pending.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, on_sighup)
    except (ValueError, RuntimeError, NotImplementedError):  # not the main thread, or no SIGHUP
        return False
    return True
