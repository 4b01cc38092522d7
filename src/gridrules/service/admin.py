"""GET /v1/policy, POST /v1/admin/reload, POST|DELETE /v1/admin/emergency."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request as HTTPRequest
from starlette.responses import Response

from gridrules.service.activation import read_activation
from gridrules.service.auth import Token
from gridrules.service.base import ServiceBase
from gridrules.service.errors import JsonResponse
from gridrules.service.holder import REJECTED

log = logging.getLogger("gridrules.service")


class AdminHandlers(ServiceBase):
    async def policy(self, request: HTTPRequest, token: Token | None) -> Response:
        return JsonResponse(
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
        return JsonResponse({**self.emergency_state(snapshot), "policy_version": snapshot.version})

    async def emergency_off(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.current
        ended = self.activation.deactivate(token.name if token else None)
        self._tell_workers()
        return JsonResponse(
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
        return JsonResponse(
            outcome.describe(), status_code=422 if outcome.status == REJECTED else 200
        )
