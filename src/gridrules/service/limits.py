"""Request limits and body parsing: size (413), batch length (413), malformed JSON (400)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gridrules.catalogue import msg
from gridrules.service.errors import ServiceError, bad_request

if TYPE_CHECKING:
    from starlette.requests import Request as HTTPRequest

DEFAULT_MAX_BODY = 2 * 1024 * 1024  # bytes; a 10,000-check batch is about 1.3 MB
DEFAULT_MAX_BATCH = 10_000


@dataclass(frozen=True, slots=True)
class Limits:
    max_body_bytes: int = DEFAULT_MAX_BODY
    max_batch: int = DEFAULT_MAX_BATCH


def too_large(limit: int) -> ServiceError:
    return ServiceError(
        413,
        "payload_too_large",
        msg("service.limits.too_large", limit=limit),
    )


def batch_too_long(count: int, limit: int) -> ServiceError:
    return ServiceError(
        413,
        "batch_too_large",
        msg("service.limits.batch_too_long", count=count, limit=limit),
    )


async def read_body(request: HTTPRequest, limit: int) -> bytes:
    """The request body, refusing (413) before reading more than `limit` bytes."""
    declared = request.headers.get("content-length")
    return await receive_body(request.receive, declared.encode() if declared else None, limit)


async def receive_body(receive: Any, declared: bytes | None, limit: int) -> bytes:
    """Read an ASGI request body, refusing (413) before reading more than `limit` bytes."""
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise bad_request(
                "bad_content_length", msg("service.limits.bad_content_length")
            ) from None
        if size > limit:
            raise too_large(limit)
    chunks: list[bytes] = []
    received = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise bad_request("disconnected", msg("service.limits.disconnected"))
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > limit:
            raise too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def parse_json(body: bytes) -> Any:
    """The JSON document in a body, or 400 saying where it breaks."""
    if not body.strip():
        raise bad_request("malformed_json", msg("service.limits.empty_body"))
    try:
        text = body.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise bad_request("malformed_json", msg("service.limits.not_utf8")) from None
    except json.JSONDecodeError as exc:
        where = {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        raise bad_request("malformed_json", msg("service.limits.bad_json", **where)) from None
    except RecursionError:
        raise bad_request("malformed_json", msg("service.limits.too_deep")) from None
    if _ESCAPED_SURROGATE.search(text) and _has_lone_surrogate(data):
        raise bad_request("invalid_unicode", msg("service.limits.lone_surrogate"))
    return data


# `\ud800`…`\udfff` escapes: only a body with one can decode to a lone surrogate
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _has_lone_surrogate(data: Any) -> bool:
    """True when a string (key or value) anywhere in `data` cannot be encoded as UTF-8."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def json_object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise bad_request("bad_request", msg("service.limits.not_object"))
    return data


def check_batch(count: int, limits: Limits) -> None:
    if count > limits.max_batch:
        raise batch_too_long(count, limits.max_batch)
