"""GET /v1/route, /v1/who-can and GET|POST /v1/what-can: the engine's other questions."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request as HTTPRequest
from starlette.responses import Response

from gridrules.catalogue import msg
from gridrules.decision import QueryError, RequestError, parse_at, parse_mode
from gridrules.model import Mode
from gridrules.service.activation import parse_plan
from gridrules.service.auth import Token
from gridrules.service.base import ServiceBase
from gridrules.service.errors import JsonResponse, bad_request, query_error, request_error
from gridrules.service.holder import Snapshot


def _to_json(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    return value


def required_param(params: Any, name: str) -> str:
    value = params.get(name)
    if not value:
        raise bad_request("invalid_request", msg("service.queries.missing_param", name=name))
    return str(value)


def _principal(raw: Any) -> Any:
    from gridrules.decision import Principal

    if isinstance(raw, str) and raw:
        return raw
    if isinstance(raw, dict):
        return Principal.from_dict(raw)
    raise RequestError(msg("service.queries.principal_invalid"))


class QueryHandlers(ServiceBase):
    async def route(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.require()
        params = request.query_params
        matter = required_param(params, "matter")
        grid = params.get("grid") or None
        try:
            mode, _ = self._mode(snapshot, params.get("mode"), None)
            answer = snapshot.engine.route(matter, grid, mode=mode)
        except RequestError as exc:
            raise request_error(exc) from None
        except QueryError as exc:
            raise query_error(exc) from None
        out = _to_json(answer)
        out["policy_version"] = snapshot.version
        return JsonResponse(out)

    async def who_can(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.require()
        params = request.query_params
        action = required_param(params, "action")
        matter = required_param(params, "matter")
        grid = required_param(params, "grid")
        try:
            at = parse_at(params.get("at") or None)
            mode, plan = self._mode(snapshot, params.get("mode"), params.get("plan") or None)
            answer = snapshot.engine.who_can(action, matter, grid, at=at, mode=mode, plan=plan)
        except RequestError as exc:
            raise request_error(exc) from None
        except QueryError as exc:
            raise query_error(exc) from None
        out = _to_json(answer)
        out.setdefault("policy_version", snapshot.version)
        return JsonResponse(out)

    async def what_can(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.require()
        if request.method == "GET":
            params = request.query_params
            raw: Any = required_param(params, "principal")
            at_raw: Any = params.get("at") or None
            mode_raw: Any = params.get("mode")
            plan_raw: Any = params.get("plan") or None
        else:
            data = await self._json_body(request)
            unknown = set(data) - {"principal", "at", "mode", "plan"}
            if unknown:
                unknown_field = msg("service.request.unknown_field", field=sorted(unknown)[0])
                raise bad_request("invalid_request", unknown_field)
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
            raise request_error(exc) from None
        except QueryError as exc:
            raise query_error(exc) from None
        out = _to_json(answer)
        if isinstance(out, list):
            out = {
                "principal": principal if isinstance(principal, str) else principal.to_dict(),
                "permissions": out,
            }
        out.setdefault("policy_version", snapshot.version)
        return JsonResponse(out)

    def _mode(self, snapshot: Snapshot, raw_mode: Any, raw_plan: Any) -> tuple[Mode, str | None]:
        """A query's mode and plan: as given; without a mode, emergency when a plan is named
        or activated (see `read_request`)."""
        plan = parse_plan(raw_plan)
        if raw_mode is None:
            plan = plan or self.active_plan(snapshot)
            return (Mode.EMERGENCY if plan else Mode.NORMAL), plan
        mode = parse_mode(raw_mode)
        if plan is not None and mode is not Mode.EMERGENCY:
            raise RequestError(msg("service.queries.plan_outside_emergency"))
        return mode, plan
