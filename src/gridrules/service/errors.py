"""Errors the service answers with: an HTTP status, a stable code and a bilingual message."""

from __future__ import annotations

from typing import Any

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
