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
from gridrules.service.openapi_parts import NONEMPTY, STR, nullable, obj, ref
from gridrules.vocabulary import ACTIONS_VOCABULARY

NAMES = ref("Names")
AT = {
    "description": "ISO date (2024-05-01) or date-time (2024-05-01T09:30:00+08:00); "
    "absent or null means today.",
    "anyOf": [{"type": "string"}, {"type": "null"}],
}
ACTION_DOC = ACTIONS_VOCABULARY.help()

SCHEMAS: dict[str, Any] = {
    "Names": obj({"zh": STR, "en": STR}),
    "Principal": obj(
        {
            "roles": {"type": "array", "items": NONEMPTY, "minItems": 1},
            "grid": NONEMPTY,
            "attributes": {"type": "object"},
        },
        ["roles", "grid"],
        description="A principal given inline: roles, the grid it is assigned to, attributes.",
        additionalProperties=False,
    ),
    "PrincipalRef": {
        "description": "A roster worker id, or a principal given inline.",
        "anyOf": [NONEMPTY, ref("Principal")],
    },
    "CheckRequest": obj(
        {
            "principal": ref("PrincipalRef"),
            "action": {**NONEMPTY, "description": ACTION_DOC},
            "matter": NONEMPTY,
            "grid": NONEMPTY,
            "at": AT,
            "mode": emergency.MODE,
            "plan": emergency.PLAN,
        },
        ["principal", "action", "matter", "grid"],
        description="May `principal` take `action` on `matter` in `grid` (at a time, in a mode)?",
        additionalProperties=False,
        example={
            "principal": "W001",
            "action": "handle",
            "matter": "neighbour_dispute",
            "grid": "S01C01G01",
        },
    ),
    "Decision": obj(
        {
            "allowed": {"type": "boolean"},
            "reason": {"type": "string", "enum": [*(r.value for r in Reason), "error"]},
            "message_zh": STR,
            "message_en": STR,
            "source": nullable(STR),
            "role": nullable(STR),
            "policy_version": STR,
            "error": {"type": "boolean"},
        },
        description="The answer to a check. `error: true` means deciding failed and the "
        "answer is a denial (fail closed). `policy_version` is the version that decided.",
    ),
    "BatchRequest": obj(
        {
            "requests": {
                "type": "array",
                "items": ref("CheckRequest"),
                "description": f"At most {DEFAULT_MAX_BATCH} by default (serve --max-batch); "
                "more is answered 413.",
            }
        },
        additionalProperties=False,
    ),
    "BatchResponse": obj(
        {
            "policy_version": STR,
            "count": {"type": "integer", "minimum": 0},
            "decisions": {"type": "array", "items": ref("Decision")},
        }
    ),
    "Ref": obj({"id": STR, "names": NAMES}),
    "Department": obj(
        {
            "id": STR,
            "names": NAMES,
            "part": nullable({"type": "string", "enum": ["lead", "assist"]}),
            "time_limit": nullable(STR),
            "level": STR,
        }
    ),
    "Person": obj(
        {
            "id": STR,
            "name": STR,
            "roles": {"type": "array", "items": STR},
            "grid": STR,
            "phone": STR,
        }
    ),
    "RouteStep": obj(
        {
            "level": STR,
            "names": NAMES,
            "tier": STR,
            "stage": {"type": "string", "enum": ["direct", "report", "handle", "escalate"]},
            "handles": {"type": "boolean"},
            "keeps": {
                "type": "boolean",
                "description": "The handling level keeps the case (enlists, never hands up).",
            },
            "node": nullable(ref("Ref")),
            "handlers": {"type": "array", "items": ref("Ref")},
            "people": {"type": "array", "items": ref("Person")},
            "time_limit": nullable(STR),
            "cumulative": {
                **nullable(STR),
                "description": "Deadline from discovery through this step (e.g. 1d12h).",
            },
            "counted": {
                "type": "boolean",
                "description": "False for a direct report that runs alongside the chain.",
            },
            "written_within": nullable(STR),
            "departments": {"type": "array", "items": ref("Department")},
            "source": STR,
            "limit_source": STR,
        },
        ["level", "names", "tier", "stage", "handles", "node", "handlers", "people"],
    ),
    "Route": obj(
        {
            "matter": STR,
            "matter_names": NAMES,
            "category": STR,
            "grid": nullable(STR),
            "mode": STR,
            "handling_tier": STR,
            "handling_level": nullable(STR),
            "report_within": nullable(STR),
            "close_within": nullable(STR),
            "handling_deadline": nullable(STR),
            "deadline": {
                **nullable(STR),
                "description": "The one figure printed: close_within, else handling_deadline.",
            },
            "ceiling": nullable(obj({"limit": STR, "extension": STR, "source": STR})),
            "direct_report": nullable(
                obj(
                    {
                        "level": STR,
                        "within": STR,
                        "written_within": nullable(STR),
                        "source": STR,
                    }
                )
            ),
            "skipped": {"type": "array", "items": STR},
            "kept": {"type": "boolean"},
            "verbal_report_within": nullable(STR),
            "written_report_within": nullable(STR),
            "steps": {"type": "array", "items": ref("RouteStep")},
            "policy_version": STR,
        },
        ["matter", "handling_tier", "handling_level", "steps", "policy_version"],
        description="The escalation chain for a matter from a grid, bottom up.",
    ),
    "RoleAnswer": obj(
        {
            "role": STR,
            "names": NAMES,
            "tier": STR,
            "scope": STR,
            "duty": STR,
            "source": nullable(STR),
        }
    ),
    "WhoCan": obj(
        {
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
        ["action", "matter", "grid", "roles", "people", "reason", "policy_version"],
    ),
    "WhatCanRequest": obj(
        {
            "principal": ref("PrincipalRef"),
            "at": AT,
            "mode": emergency.MODE,
            "plan": emergency.PLAN,
        },
        ["principal"],
        additionalProperties=False,
        example={"principal": "W001"},
    ),
    "Permission": obj(
        {
            "action": STR,
            "matter": STR,
            "matter_names": NAMES,
            "role": STR,
            "duty": STR,
            "scope": STR,
            "grid": STR,
            "mode": STR,
            "source": nullable(STR),
        },
        ["action", "matter", "role", "duty", "scope", "grid", "mode"],
    ),
    "WhatCan": obj(
        {
            "principal": ref("PrincipalRef"),
            "permissions": {"type": "array", "items": ref("Permission")},
            "policy_version": STR,
        }
    ),
    "Problem": obj(
        {
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
        ["code", "level", "file", "line", "column", "message_zh", "message_en"],
    ),
    "PolicySnapshot": obj(
        {
            "jurisdiction": STR,
            "jurisdiction_names": NAMES,
            "version": STR,
            "commit": nullable(STR),
            "dirty": {"type": "boolean"},
            "loaded_at": {"type": "string", "format": "date-time"},
            "source": STR,
            "warnings": {"type": "array", "items": ref("Problem")},
            "store": {"type": "object"},
        },
        ["jurisdiction", "version", "commit", "loaded_at", "source", "warnings"],
    ),
    "Rejection": obj(
        {
            "at": {"type": "string", "format": "date-time"},
            "trigger": STR,
            "source": STR,
            "message_zh": STR,
            "message_en": STR,
            "errors": {"type": "integer"},
            "problems": {"type": "array", "items": ref("Problem")},
        },
        ["at", "trigger", "message_zh", "message_en", "problems"],
        description="A reload whose policy did not validate: it was not swapped in.",
    ),
    "ReloadOutcome": obj(
        {
            "status": {"type": "string", "enum": ["applied", "unchanged", "rejected"]},
            "trigger": STR,
            "version": nullable(STR),
            "previous": nullable(STR),
            "seconds": {"type": "number"},
            "rejection": ref("Rejection"),
        },
        ["status", "trigger", "version", "previous", "seconds"],
    ),
    "PolicyInfo": obj(
        {
            "ready": {"type": "boolean"},
            "policy": nullable(ref("PolicySnapshot")),
            "rejected": nullable(ref("Rejection")),
            "last_reload": nullable(ref("ReloadOutcome")),
            "rejected_reloads": {
                "type": "integer",
                "minimum": 0,
                "description": "Reloads refused since the service started.",
            },
            "source": STR,
            "emergency": ref("EmergencyState"),
        },
        ["ready", "policy", "rejected", "last_reload", "source", "emergency"],
    ),
    "Error": obj(
        {
            "allowed": {"type": "boolean", "const": False},
            "error": {"type": "boolean", "const": True},
            "code": STR,
            "message_zh": STR,
            "message_en": STR,
            "detail": {},
        },
        ["allowed", "error", "code", "message_zh", "message_en"],
        description="Every error is also a denial: `allowed` is always false.",
    ),
    "Health": obj({"status": {"type": "string", "const": "ok"}}),
    "Ready": obj(
        {
            "ready": {"type": "boolean"},
            "version": nullable(STR),
            "emergency": ref("EmergencyState"),
            "reason": {
                "description": "When not ready: why (the last refused load; details in "
                "/v1/policy). Null before any load was tried.",
                "oneOf": [
                    {"type": "null"},
                    obj(
                        {
                            "message_zh": STR,
                            "message_en": STR,
                            "trigger": STR,
                            "at": STR,
                            "errors": {"type": "integer"},
                        }
                    ),
                ],
            },
            "jurisdictions": {
                "description": "A service holding several jurisdictions: each one's version "
                "(null while not loaded); ready when every one is.",
                "type": "object",
                "additionalProperties": nullable(STR),
            },
        },
        ["ready"],
    ),
    **emergency.SCHEMAS,
    **multi.SCHEMAS,
}
