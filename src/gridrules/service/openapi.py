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

from gridrules.decision import Reason
from gridrules.service import openapi_emergency as emergency
from gridrules.service import openapi_multi as multi
from gridrules.service.limits import DEFAULT_MAX_BATCH

TITLE = "gridrules decision service"
API_VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
NONEMPTY = {"type": "string", "minLength": 1}
NAMES = _ref("Names")
AT = {
    "description": "ISO date (2024-05-01) or date-time (2024-05-01T09:30:00+08:00); "
    "absent or null means today.",
    "anyOf": [{"type": "string"}, {"type": "null"}],
}
ACTION_DOC = "handle, report, assist, escalate, dispatch or supervise"

SCHEMAS: dict[str, Any] = {
    "Names": {
        "type": "object",
        "properties": {"zh": STR, "en": STR},
        "required": ["zh", "en"],
    },
    "Principal": {
        "type": "object",
        "description": "A principal given inline: roles, the grid it is assigned to, attributes.",
        "properties": {
            "roles": {"type": "array", "items": NONEMPTY, "minItems": 1},
            "grid": NONEMPTY,
            "attributes": {"type": "object"},
        },
        "required": ["roles", "grid"],
        "additionalProperties": False,
    },
    "PrincipalRef": {
        "description": "A roster worker id, or a principal given inline.",
        "anyOf": [NONEMPTY, _ref("Principal")],
    },
    "CheckRequest": {
        "type": "object",
        "description": "May `principal` take `action` on `matter` in `grid` (at a time, in a mode)?",
        "properties": {
            "principal": _ref("PrincipalRef"),
            "action": {**NONEMPTY, "description": ACTION_DOC},
            "matter": NONEMPTY,
            "grid": NONEMPTY,
            "at": AT,
            "mode": emergency.MODE,
            "plan": emergency.PLAN,
        },
        "required": ["principal", "action", "matter", "grid"],
        "additionalProperties": False,
        "example": {
            "principal": "W001",
            "action": "handle",
            "matter": "neighbour_dispute",
            "grid": "S01C01G01",
        },
    },
    "Decision": {
        "type": "object",
        "description": "The answer to a check. `error: true` means deciding failed and the "
        "answer is a denial (fail closed). `policy_version` is the version that decided.",
        "properties": {
            "allowed": {"type": "boolean"},
            "reason": {"type": "string", "enum": [*(r.value for r in Reason), "error"]},
            "message_zh": STR,
            "message_en": STR,
            "source": _nullable(STR),
            "role": _nullable(STR),
            "policy_version": STR,
            "error": {"type": "boolean"},
        },
        "required": [
            "allowed",
            "reason",
            "message_zh",
            "message_en",
            "source",
            "role",
            "policy_version",
            "error",
        ],
    },
    "BatchRequest": {
        "type": "object",
        "properties": {
            "requests": {
                "type": "array",
                "items": _ref("CheckRequest"),
                "description": f"At most {DEFAULT_MAX_BATCH} by default (serve --max-batch); "
                "more is answered 413.",
            }
        },
        "required": ["requests"],
        "additionalProperties": False,
    },
    "BatchResponse": {
        "type": "object",
        "properties": {
            "policy_version": STR,
            "count": {"type": "integer", "minimum": 0},
            "decisions": {"type": "array", "items": _ref("Decision")},
        },
        "required": ["policy_version", "count", "decisions"],
    },
    "Ref": {
        "type": "object",
        "properties": {"id": STR, "names": NAMES},
        "required": ["id", "names"],
    },
    "Department": {
        "type": "object",
        "properties": {
            "id": STR,
            "names": NAMES,
            "part": _nullable({"type": "string", "enum": ["lead", "assist"]}),
            "time_limit": _nullable(STR),
            "level": STR,
        },
        "required": ["id", "names", "part", "time_limit", "level"],
    },
    "Person": {
        "type": "object",
        "properties": {
            "id": STR,
            "name": STR,
            "roles": {"type": "array", "items": STR},
            "grid": STR,
            "phone": STR,
        },
        "required": ["id", "name", "roles", "grid", "phone"],
    },
    "RouteStep": {
        "type": "object",
        "properties": {
            "level": STR,
            "names": NAMES,
            "tier": STR,
            "stage": {"type": "string", "enum": ["direct", "report", "handle", "escalate"]},
            "handles": {"type": "boolean"},
            "keeps": {
                "type": "boolean",
                "description": "The handling level keeps the case (enlists, never hands up).",
            },
            "node": _nullable(_ref("Ref")),
            "handlers": {"type": "array", "items": _ref("Ref")},
            "people": {"type": "array", "items": _ref("Person")},
            "time_limit": _nullable(STR),
            "cumulative": {
                **_nullable(STR),
                "description": "Deadline from discovery through this step (e.g. 1d12h).",
            },
            "counted": {
                "type": "boolean",
                "description": "False for a direct report that runs alongside the chain.",
            },
            "written_within": _nullable(STR),
            "departments": {"type": "array", "items": _ref("Department")},
            "source": STR,
            "limit_source": STR,
        },
        "required": ["level", "names", "tier", "stage", "handles", "node", "handlers", "people"],
    },
    "Route": {
        "type": "object",
        "description": "The escalation chain for a matter from a grid, bottom up.",
        "properties": {
            "matter": STR,
            "matter_names": NAMES,
            "category": STR,
            "grid": _nullable(STR),
            "mode": STR,
            "handling_tier": STR,
            "handling_level": _nullable(STR),
            "report_within": _nullable(STR),
            "close_within": _nullable(STR),
            "handling_deadline": _nullable(STR),
            "deadline": {
                **_nullable(STR),
                "description": "The one figure printed: close_within, else handling_deadline.",
            },
            "ceiling": _nullable(
                {
                    "type": "object",
                    "properties": {"limit": STR, "extension": STR, "source": STR},
                    "required": ["limit", "extension", "source"],
                }
            ),
            "direct_report": _nullable(
                {
                    "type": "object",
                    "properties": {
                        "level": STR,
                        "within": STR,
                        "written_within": _nullable(STR),
                        "source": STR,
                    },
                    "required": ["level", "within", "written_within", "source"],
                }
            ),
            "skipped": {"type": "array", "items": STR},
            "kept": {"type": "boolean"},
            "verbal_report_within": _nullable(STR),
            "written_report_within": _nullable(STR),
            "steps": {"type": "array", "items": _ref("RouteStep")},
            "policy_version": STR,
        },
        "required": ["matter", "handling_tier", "handling_level", "steps", "policy_version"],
    },
    "RoleAnswer": {
        "type": "object",
        "properties": {
            "role": STR,
            "names": NAMES,
            "tier": STR,
            "scope": STR,
            "duty": STR,
            "source": _nullable(STR),
        },
        "required": ["role", "names", "tier", "scope", "duty", "source"],
    },
    "WhoCan": {
        "type": "object",
        "properties": {
            "action": STR,
            "matter": STR,
            "grid": STR,
            "mode": STR,
            "at": STR,
            "roles": {"type": "array", "items": _ref("RoleAnswer")},
            "people": {"type": "array", "items": _ref("Person")},
            "reason": STR,
            "message_zh": STR,
            "message_en": STR,
            "policy_version": STR,
        },
        "required": ["action", "matter", "grid", "roles", "people", "reason", "policy_version"],
    },
    "WhatCanRequest": {
        "type": "object",
        "properties": {
            "principal": _ref("PrincipalRef"),
            "at": AT,
            "mode": emergency.MODE,
            "plan": emergency.PLAN,
        },
        "required": ["principal"],
        "additionalProperties": False,
        "example": {"principal": "W001"},
    },
    "Permission": {
        "type": "object",
        "properties": {
            "action": STR,
            "matter": STR,
            "matter_names": NAMES,
            "role": STR,
            "duty": STR,
            "scope": STR,
            "grid": STR,
            "mode": STR,
            "source": _nullable(STR),
        },
        "required": ["action", "matter", "role", "duty", "scope", "grid", "mode"],
    },
    "WhatCan": {
        "type": "object",
        "properties": {
            "principal": _ref("PrincipalRef"),
            "permissions": {"type": "array", "items": _ref("Permission")},
            "policy_version": STR,
        },
        "required": ["principal", "permissions", "policy_version"],
    },
    "Problem": {
        "type": "object",
        "properties": {
            "code": STR,
            "rule": STR,
            "level": {"type": "string", "enum": ["error", "warning"]},
            "file": STR,
            "line": {"type": "integer"},
            "column": {"type": "integer"},
            "path": STR,
            "message_zh": STR,
            "message_en": STR,
        },
        "required": ["code", "level", "file", "line", "column", "message_zh", "message_en"],
    },
    "PolicySnapshot": {
        "type": "object",
        "properties": {
            "jurisdiction": STR,
            "jurisdiction_names": NAMES,
            "version": STR,
            "commit": _nullable(STR),
            "dirty": {"type": "boolean"},
            "loaded_at": {"type": "string", "format": "date-time"},
            "source": STR,
            "warnings": {"type": "array", "items": _ref("Problem")},
            "store": {"type": "object"},
        },
        "required": ["jurisdiction", "version", "commit", "loaded_at", "source", "warnings"],
    },
    "Rejection": {
        "type": "object",
        "description": "A reload whose policy did not validate: it was not swapped in.",
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "trigger": STR,
            "source": STR,
            "message_zh": STR,
            "message_en": STR,
            "errors": {"type": "integer"},
            "problems": {"type": "array", "items": _ref("Problem")},
        },
        "required": ["at", "trigger", "message_zh", "message_en", "problems"],
    },
    "ReloadOutcome": {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["applied", "unchanged", "rejected"]},
            "trigger": STR,
            "version": _nullable(STR),
            "previous": _nullable(STR),
            "seconds": {"type": "number"},
            "rejection": _ref("Rejection"),
        },
        "required": ["status", "trigger", "version", "previous", "seconds"],
    },
    "PolicyInfo": {
        "type": "object",
        "properties": {
            "ready": {"type": "boolean"},
            "policy": _nullable(_ref("PolicySnapshot")),
            "rejected": _nullable(_ref("Rejection")),
            "last_reload": _nullable(_ref("ReloadOutcome")),
            "rejected_reloads": {
                "type": "integer",
                "minimum": 0,
                "description": "Reloads refused since the service started.",
            },
            "source": STR,
            "emergency": _ref("EmergencyState"),
        },
        "required": ["ready", "policy", "rejected", "last_reload", "source", "emergency"],
    },
    "Error": {
        "type": "object",
        "description": "Every error is also a denial: `allowed` is always false.",
        "properties": {
            "allowed": {"type": "boolean", "const": False},
            "error": {"type": "boolean", "const": True},
            "code": STR,
            "message_zh": STR,
            "message_en": STR,
            "detail": {},
        },
        "required": ["allowed", "error", "code", "message_zh", "message_en"],
    },
    "Health": {
        "type": "object",
        "properties": {"status": {"type": "string", "const": "ok"}},
        "required": ["status"],
    },
    "Ready": {
        "type": "object",
        "properties": {
            "ready": {"type": "boolean"},
            "version": _nullable(STR),
            "emergency": _ref("EmergencyState"),
            "reason": {
                "description": "When not ready: why (the last refused load; details in "
                "/v1/policy). Null before any load was tried.",
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "properties": {
                            "message_zh": STR,
                            "message_en": STR,
                            "trigger": STR,
                            "at": STR,
                            "errors": {"type": "integer"},
                        },
                        "required": ["message_zh", "message_en", "trigger", "at", "errors"],
                    },
                ],
            },
            "jurisdictions": {
                "description": "A service holding several jurisdictions: each one's version "
                "(null while not loaded); ready when every one is.",
                "type": "object",
                "additionalProperties": _nullable(STR),
            },
        },
        "required": ["ready"],
    },
    **emergency.SCHEMAS,
    **multi.SCHEMAS,
}

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
                    "content": {"application/json": {"schema": _ref("CheckRequest")}},
                },
                "responses": {
                    "200": _json(_ref("Decision"), "The decision (a denial if deciding failed)."),
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
                    "content": {"application/json": {"schema": _ref("BatchRequest")}},
                },
                "responses": {
                    "200": _json(_ref("BatchResponse"), "One decision per request, in order."),
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
                    "200": _json(_ref("Route"), "The route, bottom up."),
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
                    "200": _json(_ref("WhoCan"), "Who may act."),
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
                    "200": _json(_ref("WhatCan"), "The principal's permissions."),
                    **_errors("400", "401", "404", "500", "503"),
                },
            },
            "post": {
                "operationId": "whatCanInline",
                "summary": "Everything a principal (roster id or inline roles and grid) may do.",
                "security": SECURED,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("WhatCanRequest")}},
                },
                "responses": {
                    "200": _json(_ref("WhatCan"), "The principal's permissions."),
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
                    "200": _json(_ref("PolicyInfo"), "Policy metadata."),
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
                    "200": _json(_ref("ReloadOutcome"), "Applied, or unchanged."),
                    "422": _json(_ref("ReloadOutcome"), "Rejected: the running policy stays."),
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
                "responses": {"200": _json(_ref("Health"), "Alive.")},
            }
        },
        "/readyz": {
            "get": {
                "operationId": "ready",
                "summary": "A policy is loaded and answering (no token needed).",
                "security": [],
                "responses": {
                    "200": _json(_ref("Ready"), "Ready, with the version served."),
                    "503": _json(_ref("Ready"), "No policy loaded yet."),
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
                name: _json(_ref("Error"), description) for name, description in _ERRORS.values()
            },
        },
    }


def dumps() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(dumps())
