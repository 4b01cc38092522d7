"""/healthz, /readyz, /metrics and /openapi.json.

`/readyz` is open (no token), so a not-ready answer says why in one line —
the rejection's message and the number of errors — and leaves the problems
themselves (file names, ids) to the authenticated `/v1/policy`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request as HTTPRequest
from starlette.responses import Response

from gridrules.service.auth import Token
from gridrules.service.base import ServiceBase
from gridrules.service.errors import JsonResponse
from gridrules.service.holder import PolicyHolder


def not_ready_reason(holder: PolicyHolder) -> dict[str, Any] | None:
    """Why nothing is served: the last refused load (message, trigger, time, error count)."""
    rejection = holder.rejected
    if rejection is None:
        return None
    described = rejection.describe()
    return {
        "message_zh": rejection.message.zh,
        "message_en": rejection.message.en,
        "trigger": rejection.trigger,
        "at": described["at"],
        "errors": described["errors"],
    }


class HealthHandlers(ServiceBase):
    async def metrics_text(self, request: HTTPRequest, token: Token | None) -> Response:
        return Response(self.metrics.render(), media_type=self.metrics.content_type)

    async def healthz(self, request: HTTPRequest, token: Token | None) -> Response:
        return JsonResponse({"status": "ok"})

    async def readyz(self, request: HTTPRequest, token: Token | None) -> Response:
        snapshot = self.holder.current
        if snapshot is None:
            return JsonResponse(
                {
                    "ready": False,
                    "version": None,
                    "emergency": self.emergency_state(None),
                    "reason": not_ready_reason(self.holder),
                },
                status_code=503,
            )
        return JsonResponse(
            {
                "ready": True,
                "version": snapshot.version,
                "emergency": self.emergency_state(snapshot),
            }
        )

    async def openapi(self, request: HTTPRequest, token: Token | None) -> Response:
        from gridrules.service.openapi import document

        return JsonResponse(document())
