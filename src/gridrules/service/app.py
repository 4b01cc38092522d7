"""The Starlette app: the engine's questions over HTTP, answered from one `PolicyHolder`.

Every handler reads `holder.require()` once, at its start, and answers from
that snapshot to the end: a reload mid-request never mixes two versions, and
the version that decided is in every answer. There is no decision logic here —
only parsing, limits, authentication and the calls the CLI makes too.

Fail closed: anything unexpected while deciding becomes a denial flagged
`error: true` (HTTP 200 for a check, so a client that reads only `allowed`
still sees a denial); any other failure is an error body that carries
`allowed: false` too.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request as HTTPRequest
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gridrules.decision import (
    Decision,
    QueryError,
    Request,
    RequestError,
    parse_at,
    parse_mode,
)
from gridrules.model import Mode
from gridrules.problems import Text
from gridrules.service.activation import Activation, parse_plan, read_activation
from gridrules.service.activation import describe as activation_state
from gridrules.service.auth import Scope, Token, TokenAuth
from gridrules.service.errors import ServiceError, bad_request
from gridrules.service.holder import (
    REJECTED,
    FolderSource,
    NotReady,
    PolicyHolder,
    Snapshot,
    watch_folder,
)
from gridrules.service.limits import (
    Limits,
    check_batch,
    json_object,
    parse_json,
    read_body,
    receive_body,
)
from gridrules.service.log import DecisionLog
from gridrules.service.metrics import Metrics

log = logging.getLogger("gridrules.service")

THREAD_BATCH = 256  # batches at least this long are decided off the event loop
FRAGMENT_CACHE = 50_000  # decisions kept as ready JSON per policy version

BackgroundTask = Callable[[asyncio.Event], Awaitable[None]]

ERROR_REASON = "error"


@dataclass(frozen=True)
class AppConfig:
    limits: Limits = field(default_factory=Limits)
    watch: bool = False  # reload when policy files change (folder sources only)
    debounce_ms: int = 200
    handle_sighup: bool = False  # reload (and reopen the decision log) on SIGHUP; main thread only
    after_admin_reload: Callable[[], None] | None = None  # e.g. tell the other workers
    background: Sequence[BackgroundTask] = ()  # more tasks to run while serving (store listener)


class _Json(JSONResponse):
    media_type = "application/json"


def error_response(exc: ServiceError) -> Response:
    return _Json(exc.body(), status_code=exc.status, headers=exc.headers or None)


def _not_ready() -> ServiceError:
    return ServiceError(
        503,
        "not_ready",
        Text(
            "尚未加载任何政策，暂不能判定（按拒绝处理）",
            "no policy is loaded yet, so nothing can be decided (denied)",
        ),
    )


def _internal_error() -> ServiceError:
    return ServiceError(
        500, "internal_error", Text("服务内部错误（按拒绝处理）", "internal error (denied)")
    )


def _request_error(exc: RequestError) -> ServiceError:
    return bad_request("invalid_request", exc.text)


def _query_error(exc: QueryError) -> ServiceError:
    return ServiceError(404, exc.code, exc.text)


def error_decision(snapshot: Snapshot | None) -> dict[str, Any]:
    """The answer when deciding failed: a denial, flagged as an error (fail closed)."""
    return {
        "allowed": False,
        "reason": ERROR_REASON,
        "message_zh": "判定时发生内部错误，按拒绝处理",
        "message_en": "internal error while deciding; denied (fail closed)",
        "source": None,
        "role": None,
        "policy_version": snapshot.version if snapshot else "",
        "error": True,
    }


def decision_dict(decision: Any, snapshot: Snapshot) -> dict[str, Any]:
    """A decision as JSON; anything that is not a proper Decision is an error denial."""
    if not isinstance(decision, Decision):
        raise TypeError(f"the engine returned {type(decision).__name__}, not a Decision")
    out = decision.to_dict()
    out["allowed"] = decision.allowed is True
    if not out.get("policy_version"):
        out["policy_version"] = snapshot.version
    out["error"] = False
    return out


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_MODES = {"normal": Mode.NORMAL, "emergency": Mode.EMERGENCY}
_FIELDS = frozenset({"principal", "action", "matter", "grid", "at", "mode"})


def read_request(data: Any, active_plan: str | None = None) -> Request:
    """`Request.from_dict`, with a shortcut for the common plain shape (same result, faster).

    A request that does not say `mode` is decided in emergency mode when it names a
    `plan`, or while the service has `active_plan` activated (with that plan).
    """
    if (
        type(data) is dict
        and "mode" not in data
        and (active_plan is not None or data.get("plan") is not None)
    ):
        data = {**data, "mode": "emergency", "plan": data.get("plan") or active_plan}
    if type(data) is dict and data.keys() <= _FIELDS and data.get("at") is None:
        principal, action = data.get("principal"), data.get("action")
        matter, grid = data.get("matter"), data.get("grid")
        raw_mode = data.get("mode", "normal")
        mode = _MODES.get(raw_mode) if type(raw_mode) is str else None
        if (
            mode is not None
            and type(principal) is str
            and type(action) is str
            and type(matter) is str
            and type(grid) is str
            and principal
            and action
            and matter
            and grid
        ):
            return Request(principal, action, matter, grid, None, mode)
    try:
        return Request.from_dict(data)
    except RequestError as exc:
        raise _request_error(exc) from None


def _to_json(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    return value


class Service:
    """The handlers, bound to one holder, token set, limits, metrics and decision log."""

    def __init__(
        self,
        holder: PolicyHolder,
        auth: TokenAuth,
        config: AppConfig,
        metrics: Metrics,
        decision_log: DecisionLog | None,
        activation: Activation | None = None,
    ) -> None:
        self.holder = holder
        self.activation = activation or Activation()
        self.auth = auth
        self.config = config
        self.limits = config.limits
        self.metrics = metrics
        self.decision_log = decision_log

        self._fragments: dict[Decision, bytes] = {}
        self._fragments_owner: Snapshot | None = None

    # --- deciding -------------------------------------------------------

    def _fragment(self, snapshot: Snapshot, decision: Any) -> bytes:
        """A decision as JSON bytes (with `error: false`), cached per snapshot: answers repeat.

        Anything that is not a proper `Decision` raises, and the caller denies (fail closed).
        """
        if self._fragments_owner is not snapshot:
            self._fragments, self._fragments_owner = {}, snapshot
        cached = self._fragments.get(decision)
        if cached is None:
            cached = _dumps(decision_dict(decision, snapshot))
            if len(self._fragments) >= FRAGMENT_CACHE:
                self._fragments.clear()
            self._fragments[decision] = cached
        return cached

    def _decide(self, snapshot: Snapshot, query: Request) -> tuple[bytes, Any]:
        """(JSON, Decision) — or an error denial's JSON and None when deciding failed."""
        try:
            decision = snapshot.engine.check(query)
            return self._fragment(snapshot, decision), decision
        except RequestError as exc:
            raise _request_error(exc) from None
        except Exception:
            log.exception("check failed; denied (fail closed)")
            return _dumps(error_decision(snapshot)), None

    def _decide_many(self, snapshot: Snapshot, queries: list[Request]) -> list[tuple[bytes, Any]]:
        try:
            decisions = snapshot.engine.check_many(queries)
            if len(decisions) != len(queries):
                raise RuntimeError(f"check_many answered {len(decisions)} of {len(queries)}")
            fragment = self._fragment
            return [(fragment(snapshot, d), d) for d in decisions]
        except RequestError as exc:
            raise _request_error(exc) from None
        except Exception:
            log.exception("batch check failed; deciding one by one")
        out = []
        for query in queries:
            try:
                out.append(self._decide(snapshot, query))
            except ServiceError:
                out.append((_dumps(error_decision(snapshot)), None))
        return out

    def _count(self, decided: list[tuple[bytes, Any]]) -> None:
        counts: dict[tuple[bool, str, bool], int] = {}
        for _, d in decided:
            key = (False, ERROR_REASON, True) if d is None else (d.allowed is True, d.reason, False)
            counts[key] = counts.get(key, 0) + 1
        for (allowed, reason, error), n in counts.items():
            self.metrics.decision(allowed, reason, error, n)

    def _log(
        self,
        endpoint: str,
        queries: list[Request],
        decided: list[tuple[bytes, Any]],
        started: float,
        token: Token | None,
        batch: bool,
    ) -> None:
        if self.decision_log is None:
            return
        self.decision_log.write(
            endpoint,
            [
                (q.to_dict(), json.loads(fragment))
                for q, (fragment, _) in zip(queries, decided, strict=True)
            ],
            latency_ms=(time.perf_counter() - started) * 1000,
            client=token.name if token else None,
            batch=len(queries) if batch else None,
        )

    def active_plan(self, snapshot: Snapshot) -> str | None:
        """The activated plan, if the served policy declares it (else decide in normal mode)."""
        active = self.activation.current
        if active is None or active.plan not in snapshot.engine.policy.plan_by_id:
            return None
        return active.plan

    async def check(self, body: bytes, token: Token | None) -> bytes:
        snapshot = self.holder.require()
        query = read_request(json_object(parse_json(body)), self.active_plan(snapshot))
        started = time.perf_counter()
        decided = [self._decide(snapshot, query)]
        self._count(decided)
        self._log("check", [query], decided, started, token, batch=False)
        return decided[0][0]

    async def check_batch(self, body: bytes, token: Token | None) -> bytes:
        snapshot = self.holder.require()
        data = json_object(parse_json(body))
        items = data.get("requests")
        if not isinstance(items, list) or len(data) != 1:
            raise bad_request(
                "invalid_request",
                Text(
                    '请求体应为 {"requests": [检查请求, …]}',
                    'request body must be {"requests": [check request, …]}',
                ),
            )
        check_batch(len(items), self.limits)
        queries: list[Request] = []
        active_plan = self.active_plan(snapshot)
        for i, item in enumerate(items):
            try:
                queries.append(read_request(item, active_plan))
            except ServiceError as exc:
                raise bad_request(
                    "invalid_request",
                    Text(f"requests[{i}]：{exc.message.zh}", f"requests[{i}]: {exc.message.en}"),
                ) from None
        started = time.perf_counter()
        if len(queries) >= THREAD_BATCH:
            decided = await asyncio.to_thread(self._decide_many, snapshot, queries)
        else:
            decided = self._decide_many(snapshot, queries)
        self._count(decided)
        self._log("check_batch", queries, decided, started, token, batch=True)
        head = _dumps({"policy_version": snapshot.version, "count": len(decided)})
        return head[:-1] + b',"decisions":[' + b",".join(f for f, _ in decided) + b"]}"

    async def _json_body(self, request: HTTPRequest) -> dict[str, Any]:
        return json_object(parse_json(await read_body(request, self.limits.max_body_bytes)))

    # --- queries --------------------------------------------------------

    async def route(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.require()
        params = request.query_params
        matter = _required_param(params, "matter")
        grid = params.get("grid") or None
        try:
            mode, _ = self._mode(snapshot, params.get("mode"), None)
            answer = snapshot.engine.route(matter, grid, mode=mode)
        except RequestError as exc:
            raise _request_error(exc) from None
        except QueryError as exc:
            raise _query_error(exc) from None
        out = _to_json(answer)
        out["policy_version"] = snapshot.version
        return _Json(out)

    async def who_can(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.require()
        params = request.query_params
        action = _required_param(params, "action")
        matter = _required_param(params, "matter")
        grid = _required_param(params, "grid")
        try:
            at = parse_at(params.get("at") or None)
            mode, plan = self._mode(snapshot, params.get("mode"), params.get("plan") or None)
            answer = snapshot.engine.who_can(action, matter, grid, at=at, mode=mode, plan=plan)
        except RequestError as exc:
            raise _request_error(exc) from None
        except QueryError as exc:
            raise _query_error(exc) from None
        out = _to_json(answer)
        out.setdefault("policy_version", snapshot.version)
        return _Json(out)

    async def what_can(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.require()
        if request.method == "GET":
            params = request.query_params
            raw: Any = _required_param(params, "principal")
            at_raw: Any = params.get("at") or None
            mode_raw: Any = params.get("mode")
            plan_raw: Any = params.get("plan") or None
        else:
            data = await self._json_body(request)
            unknown = set(data) - {"principal", "at", "mode", "plan"}
            if unknown:
                raise bad_request(
                    "invalid_request",
                    Text(
                        f"请求字段 “{sorted(unknown)[0]}” 无效：不认识的字段",
                        f"request field '{sorted(unknown)[0]}' is invalid: unknown field",
                    ),
                )
            raw, at_raw, mode_raw, plan_raw = (
                data.get("principal"),
                data.get("at"),
                data.get("mode"),
                data.get("plan"),
            )
        try:
            principal = _principal(raw)
            at = parse_at(at_raw)
            mode, plan = self._mode(snapshot, mode_raw, plan_raw)
            answer = snapshot.engine.what_can(principal, at=at, mode=mode, plan=plan)
        except RequestError as exc:
            raise _request_error(exc) from None
        except QueryError as exc:
            raise _query_error(exc) from None
        out = _to_json(answer)
        if isinstance(out, list):
            out = {
                "principal": principal if isinstance(principal, str) else principal.to_dict(),
                "permissions": out,
            }
        out.setdefault("policy_version", snapshot.version)
        return _Json(out)

    def _mode(self, snapshot: Snapshot, raw_mode: Any, raw_plan: Any) -> tuple[Mode, str | None]:
        """A query's mode and plan: as given; without a mode, emergency when a plan is named
        or activated (see `read_request`)."""
        plan = parse_plan(raw_plan)
        if raw_mode is None:
            plan = plan or self.active_plan(snapshot)
            return (Mode.EMERGENCY if plan else Mode.NORMAL), plan
        mode = parse_mode(raw_mode)
        if plan is not None and mode is not Mode.EMERGENCY:
            raise RequestError(
                Text(
                    "只有应急模式（mode: emergency）的请求才能指定应急预案",
                    "a plan may be named only in emergency mode (mode: emergency)",
                )
            )
        return mode, plan

    # --- policy and administration -------------------------------------

    def emergency_state(self, snapshot: Snapshot | None) -> dict[str, Any]:
        policy = snapshot.engine.policy if snapshot is not None else None
        return activation_state(self.activation.current, policy)

    async def policy(self, request: HTTPRequest, token: Token | None) -> Response:
        return _Json(
            {**self.holder.describe(), "emergency": self.emergency_state(self.holder.current)}
        )

    async def emergency(self, request: HTTPRequest, token: Token | None) -> Response:
        """POST activates a plan at a level; DELETE returns to normal mode."""
        if request.method == "DELETE":
            return await self.emergency_off(request, token)
        return await self.emergency_on(request, token)

    async def emergency_on(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.require()
        plan, level = read_activation(await self._json_body(request), snapshot.engine.policy)
        self.activation.activate(plan, level, token.name if token else None)
        self._tell_workers()
        return _Json({**self.emergency_state(snapshot), "policy_version": snapshot.version})

    async def emergency_off(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.current
        ended = self.activation.deactivate(token.name if token else None)
        self._tell_workers()
        return _Json(
            {
                **self.emergency_state(snapshot),
                "ended": ended.to_dict() if ended is not None else None,
                "policy_version": snapshot.version if snapshot else None,
            }
        )

    def _tell_workers(self) -> None:
        if self.config.after_admin_reload is not None:
            try:
                self.config.after_admin_reload()
            except Exception:
                log.exception("could not tell the other workers")

    async def reload(self, request: HTTPRequest, token: Token | None) -> Response:
        outcome = await asyncio.to_thread(self.holder.reload, "admin")
        log.info("admin reload by %s: %s", token.name if token else "-", outcome.status)
        if self.config.after_admin_reload is not None:
            try:
                self.config.after_admin_reload()
            except Exception:
                log.exception("could not tell the other workers to reload")
        return _Json(outcome.describe(), status_code=422 if outcome.status == REJECTED else 200)

    async def metrics_text(self, request: HTTPRequest, token: Token | None) -> Response:
        return Response(self.metrics.render(), media_type=self.metrics.content_type)

    # --- open endpoints -------------------------------------------------

    async def healthz(self, request: HTTPRequest, token: Token | None) -> Response:
        return _Json({"status": "ok"})

    async def readyz(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.current
        if snapshot is None:
            return _Json(
                {"ready": False, "version": None, "emergency": self.emergency_state(None)},
                status_code=503,
            )
        return _Json(
            {
                "ready": True,
                "version": snapshot.version,
                "emergency": self.emergency_state(snapshot),
            }
        )

    async def openapi(self, request: HTTPRequest, token: Token | None) -> Response:
        from gridrules.service.openapi import document

        return _Json(document())


def _required_param(params: Any, name: str) -> str:
    value = params.get(name)
    if not value:
        raise bad_request(
            "invalid_request",
            Text(f"缺少查询参数 “{name}”", f"query parameter '{name}' is required"),
        )
    return str(value)


def _principal(raw: Any) -> Any:
    from gridrules.decision import Principal

    if isinstance(raw, str) and raw:
        return raw
    if isinstance(raw, dict):
        return Principal.from_dict(raw)
    raise RequestError(
        Text(
            "请求字段 “principal” 无效：应为人员编号或 {roles, grid}",
            "request field 'principal' is invalid: expected a worker id or {roles, grid}",
        )
    )


Handler = Callable[[Service, HTTPRequest, Token | None], Awaitable[Response]]


def _endpoint(service: Service, name: str, handler: Handler, scope: Scope | None) -> Any:
    """Wrap a handler: authenticate, map errors to JSON, time it, never let anything escape."""
    metrics = service.metrics
    auth = service.auth

    async def endpoint(request: HTTPRequest) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            token = auth.require(request.headers.get("authorization"), scope) if scope else None
            response = await handler(service, request, token)
            status = response.status_code
            return response
        except ServiceError as exc:
            status = exc.status
            return error_response(exc)
        except NotReady:
            status = 503
            return error_response(_not_ready())
        except Exception:
            log.exception("%s failed", name)
            status = 500
            return error_response(_internal_error())
        finally:
            metrics.request(name, status, time.perf_counter() - started)

    return endpoint


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


async def _http_error(request: HTTPRequest, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        err = ServiceError(
            404,
            "not_found",
            Text(f"没有这个地址：{request.url.path}", f"no such path: {request.url.path}"),
        )
    elif exc.status_code == 405:
        err = ServiceError(
            405,
            "method_not_allowed",
            Text(
                f"{request.url.path} 不接受 {request.method} 请求",
                f"{request.url.path} does not accept {request.method}",
            ),
            headers=dict(exc.headers or {}),
        )
    else:
        err = ServiceError(exc.status_code, "http_error", Text(str(exc.detail), str(exc.detail)))
    return error_response(err)


def create_app(
    holder: PolicyHolder,
    *,
    auth: TokenAuth,
    config: AppConfig | None = None,
    metrics: Metrics | None = None,
    decision_log: DecisionLog | None = None,
    activation: Activation | None = None,
) -> DecisionApp:
    """The ASGI app over `holder`. Load the first policy (holder.reload) before serving."""
    config = config or AppConfig()
    metrics = metrics or Metrics()
    service = Service(holder, auth, config, metrics, decision_log, activation)
    holder.subscribe(metrics.reload)
    if holder.current is not None:
        metrics.serving(holder.current)

    routes = [
        Route(path, _endpoint(service, name, handler, scope), methods=list(methods), name=name)
        for path, name, handler, methods, scope in ROUTES
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks: list[asyncio.Task[None]] = []
        if config.watch and isinstance(holder.source, FolderSource):
            tasks.append(
                asyncio.create_task(
                    watch_folder(holder, holder.source, stop, debounce_ms=config.debounce_ms)
                )
            )
        for task in config.background:
            tasks.append(asyncio.create_task(task(stop)))
        sighup = config.handle_sighup and _install_sighup(holder, decision_log, service.activation)
        try:
            yield
        finally:
            stop.set()
            if sighup:
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            for task in tasks:
                try:
                    await asyncio.wait_for(task, 5)
                except (TimeoutError, asyncio.CancelledError):
                    task.cancel()
                except Exception:
                    log.exception("background task failed")

    starlette = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    return DecisionApp(service, starlette)


class DecisionApp:
    """Raw ASGI for /v1/check and /v1/check/batch (no per-request framework objects).

    Same rules as every other endpoint: bearer token, size limits, JSON errors
    that are denials, metrics; everything else (and the lifespan) goes to the
    Starlette app.
    """

    def __init__(self, service: Service, app: Any) -> None:
        self.service = service
        self.app = app
        self.handlers = {path: (name, getattr(service, name)) for path, name in FAST_ROUTES.items()}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            route = self.handlers.get(scope["path"])
            if route is not None:
                await self._serve(scope, receive, send, *route)
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
                    Text(f"{scope['path']} 只接受 POST 请求", f"{scope['path']} accepts POST only"),
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
            status, payload, extra = exc.status, _dumps(exc.body()), exc.headers
        except NotReady:
            err = _not_ready()
            status, payload = err.status, _dumps(err.body())
        except Exception:
            log.exception("%s failed", name)
            err = _internal_error()
            status, payload = err.status, _dumps(err.body())
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            *((k.lower().encode(), v.encode()) for k, v in extra.items()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
        service.metrics.request(name, status, time.perf_counter() - started)


def _install_sighup(
    holder: PolicyHolder, decision_log: DecisionLog | None, activation: Activation
) -> bool:
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task[Any]] = set()

    def on_sighup() -> None:
        activation.refresh()  # another worker may have switched the emergency plan
        if decision_log is not None:
            decision_log.reopen()
        task = loop.create_task(asyncio.to_thread(holder.reload, "signal"))
        pending.add(task)
        task.add_done_callback(pending.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, on_sighup)
    except (ValueError, RuntimeError, NotImplementedError):  # not the main thread, or no SIGHUP
        return False
    return True
