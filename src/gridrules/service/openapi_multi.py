"""The OpenAPI parts for a service holding several jurisdictions (service/multi.py).

Every single-jurisdiction path `/v1/X` is also `/v1/jurisdictions/{jurisdiction}/X`
(and `/readyz` is `/v1/jurisdictions/{jurisdiction}/readyz`), with the same
operation, a path parameter, and 403/404 for a token limited to other
jurisdictions or an unknown id. `GET /v1/jurisdictions` lists them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

PREFIX = "/v1/jurisdictions"
STR = {"type": "string"}

PARAM: dict[str, Any] = {
    "name": "jurisdiction",
    "in": "path",
    "required": True,
    "description": "The jurisdiction's id (GET /v1/jurisdictions lists them).",
    "schema": {"type": "string", "minLength": 1},
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "JurisdictionState": {
        "type": "object",
        "description": "One jurisdiction served: its version, and the reloads it refused.",
        "properties": {
            "id": STR,
            "path": STR,
            "ready": {"type": "boolean"},
            "names": _nullable(_ref("Names")),
            "version": _nullable(STR),
            "loaded_at": _nullable(STR),
            "source": STR,
            "rejected": _nullable(_ref("Rejection")),
            "rejected_reloads": {"type": "integer", "minimum": 0},
            "last_reload": _nullable(_ref("ReloadOutcome")),
        },
        "required": ["id", "path", "ready", "version", "source", "rejected", "rejected_reloads"],
    },
    "JurisdictionList": {
        "type": "object",
        "properties": {
            "jurisdictions": {"type": "array", "items": _ref("JurisdictionState")},
            "count": {"type": "integer", "minimum": 0},
        },
        "required": ["jurisdictions", "count"],
    },
}

Json = Callable[[dict[str, Any], str], dict[str, Any]]
Errors = Callable[..., dict[str, Any]]


def paths(
    single: dict[str, Any], json: Json, errors: Errors, secured: list[dict[str, list[str]]]
) -> dict[str, Any]:
    """`/v1/jurisdictions` and every jurisdiction's copy of the single-jurisdiction paths."""
    out: dict[str, Any] = {
        PREFIX: {
            "get": {
                "operationId": "jurisdictions",
                "summary": "The jurisdictions served (several in one service): each one's "
                "version, latest refused reload and count of refused reloads.",
                "security": secured,
                "responses": {
                    "200": json(_ref("JurisdictionList"), "The jurisdictions this token may see."),
                    **errors("401", "404", "500"),
                },
            }
        }
    }
    for path, operations in single.items():
        if path.startswith("/v1/"):
            tail = path.removeprefix("/v1/")
        elif path == "/readyz":
            tail = "readyz"
        else:
            continue
        copied: dict[str, Any] = {}
        for method, operation in operations.items():
            op = copy.deepcopy(operation)
            op["operationId"] = f"{op['operationId']}_in_jurisdiction"
            op["parameters"] = [PARAM, *op.get("parameters", [])]
            wanted = ("403", "404") if op.get("security") != [] else ("404",)
            for code, response in errors(*wanted).items():
                op["responses"].setdefault(code, response)
            copied[method] = op
        out[f"{PREFIX}/{{jurisdiction}}/{tail}"] = copied
    return out
