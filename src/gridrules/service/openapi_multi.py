"""The OpenAPI parts for a service holding several jurisdictions (service/multi.py).

Every single-jurisdiction path `/v1/X` is also `/v1/jurisdictions/{jurisdiction}/X`
(and `/readyz` is `/v1/jurisdictions/{jurisdiction}/readyz`), with the same
operation, a path parameter, and 403/404 for a token limited to other
jurisdictions or an unknown id. `GET /v1/jurisdictions` lists them.
"""

from __future__ import annotations

import copy
from typing import Any

from gridrules.service.openapi_parts import (
    STR,
    errors,
    json_response,
    nullable,
    obj,
    operation,
    ref,
)

PREFIX = "/v1/jurisdictions"

PARAM: dict[str, Any] = {
    "name": "jurisdiction",
    "in": "path",
    "required": True,
    "description": "The jurisdiction's id (GET /v1/jurisdictions lists them).",
    "schema": {"type": "string", "minLength": 1},
}


SCHEMAS: dict[str, Any] = {
    "JurisdictionState": obj(
        {
            "id": STR,
            "path": STR,
            "ready": {"type": "boolean"},
            "names": nullable(ref("Names")),
            "version": nullable(STR),
            "loaded_at": nullable(STR),
            "source": STR,
            "rejected": nullable(ref("Rejection")),
            "rejected_reloads": {"type": "integer", "minimum": 0},
            "last_reload": nullable(ref("ReloadOutcome")),
        },
        ["id", "path", "ready", "version", "source", "rejected", "rejected_reloads"],
        description="One jurisdiction served: its version, and the reloads it refused.",
    ),
    "JurisdictionList": obj(
        {
            "jurisdictions": {"type": "array", "items": ref("JurisdictionState")},
            "count": {"type": "integer", "minimum": 0},
        }
    ),
}


def paths(single: dict[str, Any]) -> dict[str, Any]:
    """`/v1/jurisdictions` and every jurisdiction's copy of the single-jurisdiction paths."""
    out: dict[str, Any] = {
        PREFIX: {
            "get": operation(
                "jurisdictions",
                "The jurisdictions served (several in one service): each one's "
                "version, latest refused reload and count of refused reloads.",
                {
                    "200": json_response(
                        ref("JurisdictionList"), "The jurisdictions this token may see."
                    )
                },
                *("401", "404", "500"),
            )
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
        for method, original in operations.items():
            op = copy.deepcopy(original)
            op["operationId"] = f"{op['operationId']}_in_jurisdiction"
            op["parameters"] = [PARAM, *op.get("parameters", [])]
            wanted = ("403", "404") if op.get("security") != [] else ("404",)
            for code, response in errors(*wanted).items():
                op["responses"].setdefault(code, response)
            copied[method] = op
        out[f"{PREFIX}/{{jurisdiction}}/{tail}"] = copied
    return out
