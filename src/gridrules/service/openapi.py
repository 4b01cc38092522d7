"""The service's OpenAPI 3.1 document: served at /openapi.json, committed as docs/openapi.json.

A test checks that the served document equals the committed one, and
schemathesis checks the running service against it. After changing the API:

    .venv/bin/python -m gridrules.service.openapi > docs/openapi.json
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any

from gridrules.service import openapi_emergency as emergency
from gridrules.service import openapi_multi as multi
from gridrules.service.openapi_schemas import ACTION_DOC, NONEMPTY, SCHEMAS, STR, ref

__all__ = ["SCHEMAS", "document", "dumps"]

TITLE = "gridrules decision service"
API_VERSION = "1.0.0"


_ERRORS = {
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


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: str) -> dict[str, Any]:
    return {code: {"$ref": f"#/components/responses/{_ERRORS[code][0]}"} for code in codes}


def _param(name: str, description: str, *, required: bool = False, schema: Any = None) -> Any:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or (NONEMPTY if required else STR),
    }


SECURED: list[dict[str, list[str]]] = [{"bearer": []}]
DECIDE_ERRORS = ("400", "401", "405", "413", "500", "503")


def _paths() -> dict[str, Any]:
    single = _single_paths()
    return {**single, **multi.paths(single, _json, _errors, SECURED)}


def _single_paths() -> dict[str, Any]:
    return {
        "/v1/check": {
            "post": {
                "operationId": "check",
                "summary": "Decide one request (deny by default).",
                "security": SECURED,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("CheckRequest")}},
                },
                "responses": {
                    "200": _json(ref("Decision"), "The decision (a denial if deciding failed)."),
                    **_errors(*DECIDE_ERRORS),
                },
            }
        },
        "/v1/check/batch": {
            "post": {
                "operationId": "checkBatch",
                "summary": "Decide many requests, in order, all on one policy version.",
                "security": SECURED,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("BatchRequest")}},
                },
                "responses": {
                    "200": _json(ref("BatchResponse"), "One decision per request, in order."),
                    **_errors(*DECIDE_ERRORS),
                },
            }
        },
        "/v1/route": {
            "get": {
                "operationId": "route",
                "summary": "The escalation chain for a matter from a grid.",
                "security": SECURED,
                "parameters": [
                    _param("matter", "Matter id.", required=True),
                    _param("grid", "Grid code (absent: the generic chain)."),
                    _param("mode", "normal or emergency.", schema=emergency.MODE),
                ],
                "responses": {
                    "200": _json(ref("Route"), "The route, bottom up."),
                    **_errors("400", "401", "404", "500", "503"),
                },
            }
        },
        "/v1/who-can": {
            "get": {
                "operationId": "whoCan",
                "summary": "Roles and roster people who may take an action on a matter in a grid.",
                "security": SECURED,
                "parameters": [
                    _param("action", ACTION_DOC, required=True),
                    _param("matter", "Matter id.", required=True),
                    _param("grid", "Grid code.", required=True),
                    _param("at", "ISO date or date-time (default: today)."),
                    _param("mode", "normal or emergency.", schema=emergency.MODE),
                    _param("plan", "Emergency plan id.", schema=emergency.PLAN),
                ],
                "responses": {
                    "200": _json(ref("WhoCan"), "Who may act."),
                    **_errors("400", "401", "404", "500", "503"),
                },
            }
        },
        "/v1/what-can": {
            "get": {
                "operationId": "whatCan",
                "summary": "Everything a roster worker may do.",
                "security": SECURED,
                "parameters": [
                    _param("principal", "Roster worker id.", required=True),
                    _param("at", "ISO date or date-time (default: today)."),
                    _param("mode", "normal or emergency.", schema=emergency.MODE),
                    _param("plan", "Emergency plan id.", schema=emergency.PLAN),
                ],
                "responses": {
                    "200": _json(ref("WhatCan"), "The principal's permissions."),
                    **_errors("400", "401", "404", "500", "503"),
                },
            },
            "post": {
                "operationId": "whatCanInline",
                "summary": "Everything a principal (roster id or inline roles and grid) may do.",
                "security": SECURED,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("WhatCanRequest")}},
                },
                "responses": {
                    "200": _json(ref("WhatCan"), "The principal's permissions."),
                    **_errors("400", "401", "404", "413", "500", "503"),
                },
            },
        },
        "/v1/policy": {
            "get": {
                "operationId": "policy",
                "summary": "The policy being served, and the latest rejected reload if any.",
                "security": SECURED,
                "responses": {
                    "200": _json(ref("PolicyInfo"), "Policy metadata."),
                    **_errors("401", "500"),
                },
            }
        },
        "/v1/admin/reload": {
            "post": {
                "operationId": "reload",
                "summary": "Load and validate the policy again; swap it in only if it is valid.",
                "security": SECURED,
                "responses": {
                    "200": _json(ref("ReloadOutcome"), "Applied, or unchanged."),
                    "422": _json(ref("ReloadOutcome"), "Rejected: the running policy stays."),
                    **_errors("401", "403", "500"),
                },
            }
        },
        **emergency.paths(_json, _errors, SECURED),
        "/healthz": {
            "get": {
                "operationId": "health",
                "summary": "The process is up (no token needed).",
                "security": [],
                "responses": {"200": _json(ref("Health"), "Alive.")},
            }
        },
        "/readyz": {
            "get": {
                "operationId": "ready",
                "summary": "A policy is loaded and answering (no token needed).",
                "security": [],
                "responses": {
                    "200": _json(ref("Ready"), "Ready, with the version served."),
                    "503": _json(ref("Ready"), "No policy loaded yet."),
                },
            }
        },
        "/metrics": {
            "get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics (decisions, latency, reloads, policy served).",
                "security": SECURED,
                "responses": {
                    "200": {
                        "description": "Prometheus text exposition format.",
                        "content": {"text/plain": {"schema": STR}},
                    },
                    **_errors("401", "500"),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document (no token needed).",
                "security": [],
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
            }
        },
    }


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI document (built once; equal to docs/openapi.json)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": API_VERSION,
            "description": "Decisions, routes and queries from a gridrules jurisdiction policy "
            "(网格化服务管理 rules). Every decision carries the policy version that made it; "
            "every error is also a denial. A service holding several jurisdictions serves "
            "each under /v1/jurisdictions/{jurisdiction}/. See docs/service.md.",
        },
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "security": SECURED,
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A read token, or an admin token for /v1/admin/*.",
                }
            },
            "schemas": SCHEMAS,
            "responses": {
                name: _json(ref("Error"), description) for name, description in _ERRORS.values()
            },
        },
    }


def dumps() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(dumps())
