"""Errors the service answers with: an HTTP status, a stable code and a bilingual message."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse, Response

from gridrules.catalogue import msg
from gridrules.decision import QueryError, RequestError
from gridrules.problems import Text


class ServiceError(Exception):
    """An expected failure of one HTTP request (bad JSON, no token, too large, unknown id…).

    Every error body is a denial too (`allowed: false, error: true`), so a client
    that reads only `allowed` can never mistake an error for permission.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: Text,
        *,
        headers: dict[str, str] | None = None,
        detail: Any = None,
    ) -> None:
        super().__init__(message.en)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.detail = detail

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "allowed": False,
            "error": True,
            "code": self.code,
            "message_zh": self.message.zh,
            "message_en": self.message.en,
        }
        if self.detail is not None:
            out["detail"] = self.detail
        return out


def bad_request(code: str, message: Text) -> ServiceError:
    return ServiceError(400, code, message)


# --- the JSON shape every failure is answered with --------------------------


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON (lone surrogates never get here: `parse_json` refuses them)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class JsonResponse(JSONResponse):
    media_type = "application/json"


def error_response(exc: ServiceError) -> Response:
    return JsonResponse(exc.body(), status_code=exc.status, headers=exc.headers or None)


def not_ready(reason: Text | None = None) -> ServiceError:
    return ServiceError(
        503,
        "not_ready",
        msg("service.errors.not_ready"),
        detail={"message_zh": reason.zh, "message_en": reason.en} if reason else None,
    )


def internal_error() -> ServiceError:
    return ServiceError(500, "internal_error", msg("service.errors.internal"))


def decision_log_failed() -> ServiceError:
    return ServiceError(
        500,
        "decision_log_failed",
        msg("service.errors.decision_log_failed"),
    )


def request_error(exc: RequestError) -> ServiceError:
    return bad_request("invalid_request", exc.text)


def query_error(exc: QueryError) -> ServiceError:
    return ServiceError(404, exc.code, exc.text)


def not_found(path: str) -> ServiceError:
    return ServiceError(404, "not_found", msg("service.errors.not_found", path=path))
