"""Many jurisdictions in one service: one holder and one app per jurisdiction, one router.

`gridrules serve policies/` on a folder holding several jurisdictions (folders
or `.grsnap` snapshot files, found as `gridrules validate` finds them) serves
each under `/v1/jurisdictions/{id}/…` with the endpoints a single-jurisdiction
service has at `/v1/…`, plus `GET /v1/jurisdictions` (each one's version,
latest refused reload and count of refused reloads). `/healthz`, `/readyz`,
`/metrics` and `/openapi.json` stay at the top; the single-jurisdiction paths
answer 404 naming `/v1/jurisdictions`.

Each jurisdiction has its own `PolicyHolder`, file watch and metrics label, so
a refused reload of one never touches another: the router only picks the app.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request as HTTPRequest
from starlette.responses import Response
from starlette.routing import Route

from gridrules.catalogue import msg
from gridrules.errors import GridrulesError
from gridrules.lang import joined
from gridrules.service.activation import Activation
from gridrules.service.asgi import DecisionApp, _guarded, endpoint, send_json
from gridrules.service.auth import Scope, Token, TokenAuth
from gridrules.service.base import AppConfig
from gridrules.service.errors import JsonResponse, ServiceError, dumps
from gridrules.service.holder import (
    FolderSource,
    PolicyHolder,
    PolicySource,
    SnapshotFileSource,
)
from gridrules.service.log import DecisionLog
from gridrules.service.metrics import Metrics

log = logging.getLogger("gridrules.service")

PREFIX = "/v1/jurisdictions"
SNAPSHOT_SUFFIX = ".grsnap"
# a jurisdiction's path below its prefix → the single-jurisdiction path its app answers
_TOP_LEVEL_TAILS = {"readyz": "/readyz"}


def discover(path: str | Path, root: str | None = None) -> list[PolicySource] | None:
    """The jurisdictions below a folder of several (folders and snapshot files), sorted.

    None when `path` is one jurisdiction or one snapshot file (served as today).
    """
    from gridrules.validate import is_jurisdiction, jurisdiction_folders

    folder = Path(path)
    if not folder.is_dir() or is_jurisdiction(folder):
        return None
    sources: list[PolicySource] = [
        FolderSource(found, root=root if root is not None else folder)
        for found in jurisdiction_folders(folder)
    ]
    snapshots = sorted(p for p in folder.rglob(f"*{SNAPSHOT_SUFFIX}") if p.is_file())
    sources += [SnapshotFileSource(p) for p in snapshots]
    return sources


@dataclass
class Member:
    """One jurisdiction served: its id (the path segment), holder and app."""

    id: str
    holder: PolicyHolder
    app: DecisionApp

    def describe(self) -> dict[str, Any]:
        current = self.holder.current
        rejected = self.holder.rejected
        last = self.holder.last_reload
        return {
            "id": self.id,
            "path": f"{PREFIX}/{self.id}",
            "ready": current is not None,
            "names": (
                {"zh": current.jurisdiction_names.zh, "en": current.jurisdiction_names.en}
                if current is not None
                else None
            ),
            "version": current.version if current is not None else None,
            "loaded_at": current.loaded_at.isoformat() if current is not None else None,
            "source": self.holder.source.description,
            "rejected": rejected.describe() if rejected is not None else None,
            "rejected_reloads": self.holder.rejected_reloads,
            "last_reload": last.describe() if last is not None else None,
        }


def duplicate_ids(holders: Sequence[PolicyHolder]) -> dict[str, list[str]]:
    """Jurisdiction ids served by more than one source (a folder and its snapshot, say)."""
    seen: dict[str, list[str]] = {}
    for holder in holders:
        current = holder.current
        if current is not None:
            seen.setdefault(current.jurisdiction, []).append(holder.source.description)
    return {jid: where for jid, where in seen.items() if len(where) > 1}


def require_unique(holders: Sequence[PolicyHolder]) -> None:
    dupes = duplicate_ids(holders)
    if dupes:
        jid, where = next(iter(dupes.items()))
        places = joined(msg("core.comma"), where)
        raise GridrulesError(
            msg("service.multi.served_twice", jurisdiction=jid, where=places), exit_code=2
        )


class MultiService:
    """The top-level handlers: the list of jurisdictions, health, metrics, OpenAPI."""

    def __init__(self, members: dict[str, Member], auth: TokenAuth, metrics: Metrics) -> None:
        self.members = members
        self.auth = auth
        self.metrics = metrics
        self.bound = metrics.bound("")

    async def jurisdictions(self, request: HTTPRequest, token: Token | None) -> Response:
        shown = [
            m.describe() for m in self.members.values() if token is None or token.may_see(m.id)
        ]
        return JsonResponse({"jurisdictions": shown, "count": len(shown)})

    async def metrics_text(self, request: HTTPRequest, token: Token | None) -> Response:
        return Response(self.metrics.render(), media_type=self.metrics.content_type)

    async def healthz(self, request: HTTPRequest, token: Token | None) -> Response:
        return JsonResponse({"status": "ok"})

    async def readyz(self, request: HTTPRequest, token: Token | None) -> Response:
        """Ready when every jurisdiction has a policy loaded; each one's state either way."""
        states = {
            m.id: m.holder.current.version if m.holder.current is not None else None
            for m in self.members.values()
        }
        ready = all(v is not None for v in states.values())
        return JsonResponse(
            {"ready": ready, "jurisdictions": states}, status_code=200 if ready else 503
        )

    async def openapi(self, request: HTTPRequest, token: Token | None) -> Response:
        from gridrules.service.openapi import document

        return JsonResponse(document())


TOP_ROUTES: tuple[tuple[str, str, Scope | None], ...] = (
    (PREFIX, "jurisdictions", Scope.READ),
    ("/metrics", "metrics_text", Scope.READ),
    ("/healthz", "healthz", None),
    ("/readyz", "readyz", None),
    ("/openapi.json", "openapi", None),
)


def _use_prefix(path: str) -> ServiceError:
    return ServiceError(
        404,
        "not_found",
        msg("service.multi.use_prefix", path=path, prefix=PREFIX, tail=path.removeprefix("/v1")),
    )


def _unknown(jid: str) -> ServiceError:
    return ServiceError(
        404,
        "unknown_jurisdiction",
        msg("service.multi.unknown", jurisdiction=jid, prefix=PREFIX),
    )


class MultiApp:
    """Routes `/v1/jurisdictions/{id}/…` to that jurisdiction's app; the rest to the top app."""

    def __init__(self, members: dict[str, Member], top: Any) -> None:
        self.members = members
        self.top = top

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.top(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(PREFIX + "/"):
            jid, sep, tail = path[len(PREFIX) + 1 :].partition("/")
            member = self.members.get(jid)
            if member is None or not sep or not tail:
                err = _unknown(jid) if member is None else _use_prefix(path)
                await send_json(send, err.status, dumps(err.body()), err.headers)
                return
            inner = _TOP_LEVEL_TAILS.get(tail, "/v1/" + tail)
            await member.app({**scope, "path": inner, "raw_path": inner.encode()}, receive, send)
            return
        if path.startswith("/v1/") and path != PREFIX:
            err = _use_prefix(path)
            await send_json(send, err.status, dumps(err.body()), err.headers)
            return
        await _guarded(self.top, scope, receive, send)


def create_multi_app(
    holders: Sequence[PolicyHolder],
    *,
    auth: TokenAuth,
    config: AppConfig | None = None,
    metrics: Metrics | None = None,
    decision_log: DecisionLog | None = None,
    activation_path: str | None = None,
    ids: Sequence[str] | None = None,
) -> MultiApp:
    """One app per holder (its id: `ids[i]`, else its policy's jurisdiction), behind one router.

    `config.watch` and `config.handle_sighup` apply to every holder (each reloads on
    its own); the per-jurisdiction apps run no lifespan of their own.
    """
    from gridrules.service.app import create_app, serving_lifespan, starlette_app

    config = config or AppConfig()
    metrics = metrics or Metrics()
    require_unique(holders)
    member_config = AppConfig(limits=config.limits, after_admin_reload=config.after_admin_reload)
    members: dict[str, Member] = {}
    for i, holder in enumerate(holders):
        jid = ids[i] if ids is not None else holder.require().jurisdiction
        activation = Activation(f"{activation_path}.{jid}" if activation_path else None)
        app = create_app(
            holder,
            auth=auth,
            config=member_config,
            metrics=metrics,
            decision_log=decision_log,
            activation=activation,
            jurisdiction=jid,
        )
        members[jid] = Member(jid, holder, app)
    service = MultiService(members, auth, metrics)
    lifespan = serving_lifespan(
        config,
        [m.holder for m in members.values()],
        decision_log,
        [m.app.service.activation for m in members.values()],
    )
    routes = [
        Route(
            path,
            endpoint(
                auth, service.bound, name.removesuffix("_text"), getattr(service, name), scope
            ),
            methods=["GET"],
            name=name,
        )
        for path, name, scope in TOP_ROUTES
    ]
    return MultiApp(members, starlette_app(routes, lifespan))
