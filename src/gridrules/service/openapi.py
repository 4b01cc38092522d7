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
from gridrules.service.openapi_parts import (
    ERRORS,
    NONEMPTY,
    SECURED,
    STR,
    json_response,
    operation,
    ref,
)
from gridrules.service.openapi_schemas import ACTION_DOC, SCHEMAS

__all__ = ["SCHEMAS", "document", "dumps"]

TITLE = "gridrules decision service"
API_VERSION = "1.0.0"


def _param(name: str, description: str, *, required: bool = False, schema: Any = None) -> Any:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or (NONEMPTY if required else STR),
    }


DECIDE_ERRORS = ("400", "401", "405", "413", "500", "503")
QUERY_ERRORS = ("400", "401", "404", "500", "503")
AT = _param("at", "ISO date or date-time (default: today).")
MODE = _param("mode", "normal or emergency.", schema=emergency.MODE)
PLAN = _param("plan", "Emergency plan id.", schema=emergency.PLAN)


def _decide(operation_id: str, summary: str, answer: Any, body: str) -> dict[str, Any]:
    """A deciding endpoint: POST of the JSON `body`, answered 200 with `answer` or a decide error."""
    return {"post": operation(operation_id, summary, {"200": answer}, *DECIDE_ERRORS, body=body)}


def _paths() -> dict[str, Any]:
    single = _single_paths()
    return {**single, **multi.paths(single)}


def _single_paths() -> dict[str, Any]:
    what_can = json_response(ref("WhatCan"), "The principal's permissions.")
    return {
        "/v1/check": _decide(
            "check",
            "Decide one request (deny by default).",
            json_response(ref("Decision"), "The decision (a denial if deciding failed)."),
            "CheckRequest",
        ),
        "/v1/check/batch": _decide(
            "checkBatch",
            "Decide many requests, in order, all on one policy version.",
            json_response(ref("BatchResponse"), "One decision per request, in order."),
            "BatchRequest",
        ),
        "/v1/route": {
            "get": operation(
                "route",
                "The escalation chain for a matter from a grid.",
                {"200": json_response(ref("Route"), "The route, bottom up.")},
                *QUERY_ERRORS,
                parameters=[
                    _param("matter", "Matter id.", required=True),
                    _param("grid", "Grid code (absent: the generic chain)."),
                    MODE,
                ],
            )
        },
        "/v1/who-can": {
            "get": operation(
                "whoCan",
                "Roles and roster people who may take an action on a matter in a grid.",
                {"200": json_response(ref("WhoCan"), "Who may act.")},
                *QUERY_ERRORS,
                parameters=[
                    _param("action", ACTION_DOC, required=True),
                    _param("matter", "Matter id.", required=True),
                    _param("grid", "Grid code.", required=True),
                    AT,
                    MODE,
                    PLAN,
                ],
            )
        },
        "/v1/what-can": {
            "get": operation(
                "whatCan",
                "Everything a roster worker may do.",
                {"200": what_can},
                *QUERY_ERRORS,
                parameters=[
                    _param("principal", "Roster worker id.", required=True),
                    AT,
                    MODE,
                    PLAN,
                ],
            ),
            "post": operation(
                "whatCanInline",
                "Everything a principal (roster id or inline roles and grid) may do.",
                {"200": what_can},
                "400",
                "401",
                "404",
                "413",
                "500",
                "503",
                body="WhatCanRequest",
            ),
        },
        "/v1/policy": {
            "get": operation(
                "policy",
                "The policy being served, and the latest rejected reload if any.",
                {"200": json_response(ref("PolicyInfo"), "Policy metadata.")},
                "401",
                "500",
            )
        },
        "/v1/admin/reload": {
            "post": operation(
                "reload",
                "Load and validate the policy again; swap it in only if it is valid.",
                {
                    "200": json_response(ref("ReloadOutcome"), "Applied, or unchanged."),
                    "422": json_response(
                        ref("ReloadOutcome"), "Rejected: the running policy stays."
                    ),
                },
                "401",
                "403",
                "500",
            )
        },
        **emergency.paths(),
        "/healthz": {
            "get": operation(
                "health",
                "The process is up (no token needed).",
                {"200": json_response(ref("Health"), "Alive.")},
                secured=False,
            )
        },
        "/readyz": {
            "get": operation(
                "ready",
                "A policy is loaded and answering (no token needed).",
                {
                    "200": json_response(ref("Ready"), "Ready, with the version served."),
                    "503": json_response(ref("Ready"), "No policy loaded yet."),
                },
                secured=False,
            )
        },
        "/metrics": {
            "get": operation(
                "metrics",
                "Prometheus metrics (decisions, latency, reloads, policy served).",
                {
                    "200": {
                        "description": "Prometheus text exposition format.",
                        "content": {"text/plain": {"schema": STR}},
                    }
                },
                "401",
                "500",
            )
        },
        "/openapi.json": {
            "get": operation(
                "openapi",
                "This document (no token needed).",
                {"200": json_response({"type": "object"}, "The OpenAPI document.")},
                secured=False,
            )
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
                name: json_response(ref("Error"), description)
                for name, description in ERRORS.values()
            },
        },
    }


def dumps() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(dumps())
