"""The pieces the OpenAPI modules build the document from: basic schemas, references,
objects, the error responses and operations (openapi, openapi_schemas, openapi_emergency
and openapi_multi all use these; none of them imports another for its pieces)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

STR: dict[str, Any] = {"type": "string"}
NONEMPTY: dict[str, Any] = {"type": "string", "minLength": 1}

SECURED: list[dict[str, list[str]]] = [{"bearer": []}]

# status → (name of the shared response in components/responses, its description)
ERRORS = {
    "400": (
        "BadRequest",
        "Malformed JSON, a lone UTF-16 surrogate (code invalid_unicode), a missing or invalid "
        "field (the message says which).",
    ),
    "401": ("Unauthorized", "No valid bearer token."),
    "403": (
        "Forbidden",
        "The token may not do this (admin routes need an admin token; a token limited to "
        "some jurisdictions asked about another).",
    ),
    "404": (
        "NotFound",
        "No such path, or the query names a matter/grid/principal the policy lacks, or no "
        "such jurisdiction (code unknown_jurisdiction); with several jurisdictions, the "
        "single-jurisdiction /v1/ paths answer 404 naming /v1/jurisdictions.",
    ),
    "405": ("MethodNotAllowed", "The path does not take this method."),
    "413": ("TooLarge", "The body exceeds the size limit, or the batch the length limit."),
    "422": ("Rejected", "The reloaded policy does not validate; the running one stays."),
    "500": (
        "Internal",
        "An internal error, or the decision log could not be written (code "
        "decision_log_failed); the answer is a denial.",
    ),
    "503": ("NotReady", "No policy loaded yet (a store replica before the first publish)."),
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(
    properties: dict[str, Any],
    required: Sequence[str] | None = None,
    *,
    description: str | None = None,
    **more: Any,
) -> dict[str, Any]:
    """An object schema: its properties, the required ones (default: all), then `more`."""
    out: dict[str, Any] = {"type": "object"}
    if description is not None:
        out["description"] = description
    out["properties"] = properties
    out["required"] = list(properties if required is None else required)
    return {**out, **more}


def json_response(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*codes: str) -> dict[str, Any]:
    """The shared error responses for `codes`, by reference."""
    return {code: {"$ref": f"#/components/responses/{ERRORS[code][0]}"} for code in codes}


def operation(
    operation_id: str,
    summary: str,
    responses: dict[str, Any],
    *codes: str,
    secured: bool = True,
    parameters: list[Any] | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """One operation: its responses, then the shared error responses `codes`; `body` names
    the schema of a required JSON request body."""
    out: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "security": SECURED if secured else [],
    }
    if parameters is not None:
        out["parameters"] = parameters
    if body is not None:
        content = {"application/json": {"schema": ref(body)}}
        out["requestBody"] = {"required": True, "content": content}
    out["responses"] = {**responses, **errors(*codes)}
    return out
