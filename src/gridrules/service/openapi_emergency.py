"""The emergency-plan parts of the OpenAPI document (gridrules.service.openapi merges them).

Decision requests may name a `plan`; the admin API activates and deactivates a
plan at a national response level; /readyz and /v1/policy show the state.
"""

from __future__ import annotations

from typing import Any

from gridrules.levels import LEVEL_IDS
from gridrules.service.openapi_parts import (
    NONEMPTY,
    STR,
    json_response,
    nullable,
    obj,
    operation,
    ref,
)

MODE = {
    "type": "string",
    "enum": ["normal", "emergency"],
    "description": "normal or emergency. Absent: emergency when `plan` is given or while an "
    "emergency plan is activated (POST /v1/admin/emergency), else normal.",
}
PLAN = {
    **NONEMPTY,
    "description": "The active emergency plan (预案) id, emergency mode only; admissions of "
    "that plan and those naming no plan apply. Absent in emergency mode: the activated plan, "
    "else any plan.",
}
LEVEL = {
    "type": "string",
    "enum": list(LEVEL_IDS),
    "description": "National response level: I 特别重大 (red), II 重大 (orange), "
    "III 较大 (yellow), IV 一般 (blue).",
}

ACTIVE = obj(
    {
        "plan": STR,
        "level": LEVEL,
        "since": {"type": "string", "format": "date-time"},
        "by": nullable(STR),
    }
)

STATE_PROPERTIES: dict[str, Any] = {
    "active": {"type": "boolean"},
    "mode": {
        "type": "string",
        "enum": ["normal", "emergency"],
        "description": "The mode a request without `mode` is decided in.",
    },
    "plan": STR,
    "level": LEVEL,
    "since": {"type": "string", "format": "date-time"},
    "by": nullable(STR),
    "declared": {
        "type": "boolean",
        "description": "false when the served policy no longer declares the activated plan "
        "(requests are then decided in normal mode).",
    },
    "plan_names": nullable(ref("Names")),
    "level_names": nullable(ref("Names")),
    "colour": nullable({"type": "string", "enum": ["red", "orange", "yellow", "blue"]}),
}

SCHEMAS: dict[str, Any] = {
    "EmergencyState": {
        "type": "object",
        "description": "The emergency plan the service decides with (平战结合); "
        "`active: false` is normal mode.",
        "properties": STATE_PROPERTIES,
        "required": ["active", "mode"],
    },
    "EmergencyActivation": obj(
        {"plan": NONEMPTY, "level": LEVEL},
        description="Activate a plan the served policy declares, at a level the plan uses.",
        additionalProperties=False,
        example={"plan": "public_health", "level": "III"},
    ),
    "EmergencyChange": obj(
        {
            **STATE_PROPERTIES,
            "ended": nullable(ACTIVE),
            "policy_version": nullable(STR),
        },
        ["active", "mode", "policy_version"],
        description="The state after the change; `ended` is the plan a deactivation ended.",
    ),
}


def paths() -> dict[str, Any]:
    change = "EmergencyChange"
    return {
        "/v1/admin/emergency": {
            "post": operation(
                "activateEmergencyPlan",
                "Activate an emergency plan at a response level (admin token); "
                "requests without `mode` are then decided in emergency mode with that plan.",
                {"200": json_response(ref(change), "Activated (replacing any other).")},
                *("400", "401", "403", "404", "413", "500", "503"),
                body="EmergencyActivation",
            ),
            "delete": operation(
                "deactivateEmergencyPlan",
                "Deactivate the emergency plan: back to normal mode (admin token).",
                {"200": json_response(ref(change), "Normal mode.")},
                *("401", "403", "500"),
            ),
        }
    }
