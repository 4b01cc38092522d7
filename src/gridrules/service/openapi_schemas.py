"""The OpenAPI document's component schemas: decisions, routes, queries, errors.

One definition each, shared by the served document (gridrules.service.openapi)
and by the JSON output schemas of the CLI (scripts/build_output_schemas.py).
"""

from __future__ import annotations

from typing import Any

from gridrules.decision import Reason
from gridrules.service import openapi_emergency as emergency
from gridrules.service import openapi_multi as multi
from gridrules.service.limits import DEFAULT_MAX_BATCH
from gridrules.vocabulary import ACTIONS_VOCABULARY


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
NONEMPTY = {"type": "string", "minLength": 1}
NAMES = ref("Names")
AT = {
    "description": "ISO date (2024-05-01) or date-time (2024-05-01T09:30:00+08:00); "
    "absent or null means today.",
    "anyOf": [{"type": "string"}, {"type": "null"}],
}
ACTION_DOC = ACTIONS_VOCABULARY.help()

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
        "anyOf": [NONEMPTY, ref("Principal")],
    },
    "CheckRequest": {
        "type": "object",
        "description": "May `principal` take `action` on `matter` in `grid` (at a time, in a mode)?",
        "properties": {
            "principal": ref("PrincipalRef"),
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
                "items": ref("CheckRequest"),
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
            "decisions": {"type": "array", "items": ref("Decision")},
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
            "node": _nullable(ref("Ref")),
            "handlers": {"type": "array", "items": ref("Ref")},
            "people": {"type": "array", "items": ref("Person")},
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
            "departments": {"type": "array", "items": ref("Department")},
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
            "steps": {"type": "array", "items": ref("RouteStep")},
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
            "roles": {"type": "array", "items": ref("RoleAnswer")},
            "people": {"type": "array", "items": ref("Person")},
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
            "principal": ref("PrincipalRef"),
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
            "principal": ref("PrincipalRef"),
            "permissions": {"type": "array", "items": ref("Permission")},
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
            "warnings": {"type": "array", "items": ref("Problem")},
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
            "problems": {"type": "array", "items": ref("Problem")},
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
            "rejection": ref("Rejection"),
        },
        "required": ["status", "trigger", "version", "previous", "seconds"],
    },
    "PolicyInfo": {
        "type": "object",
        "properties": {
            "ready": {"type": "boolean"},
            "policy": _nullable(ref("PolicySnapshot")),
            "rejected": _nullable(ref("Rejection")),
            "last_reload": _nullable(ref("ReloadOutcome")),
            "rejected_reloads": {
                "type": "integer",
                "minimum": 0,
                "description": "Reloads refused since the service started.",
            },
            "source": STR,
            "emergency": ref("EmergencyState"),
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
            "emergency": ref("EmergencyState"),
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
