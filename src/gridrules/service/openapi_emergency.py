"""The emergency-plan parts of the OpenAPI document (gridrules.service.openapi merges them).

Decision requests may name a `plan`; the admin API activates and deactivates a
plan at a national response level; /readyz and /v1/policy show the state.
"""

from __future__ import annotations

from typing import Any

from gridrules.levels import LEVEL_IDS

STR = {"type": "string"}
NONEMPTY = {"type": "string", "minLength": 1}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


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

ACTIVE = {
    "type": "object",
    "properties": {
        "plan": STR,
        "level": LEVEL,
        "since": {"type": "string", "format": "date-time"},
        "by": _nullable(STR),
    },
    "required": ["plan", "level", "since", "by"],
}

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
    "by": _nullable(STR),
    "declared": {
        "type": "boolean",
        "description": "false when the served policy no longer declares the activated plan "
        "(requests are then decided in normal mode).",
    },
    "plan_names": _nullable(_ref("Names")),
    "level_names": _nullable(_ref("Names")),
    "colour": _nullable({"type": "string", "enum": ["red", "orange", "yellow", "blue"]}),
}

SCHEMAS: dict[str, Any] = {
    "EmergencyState": {
        "type": "object",
        "description": "The emergency plan the service decides with (平战结合); "
        "`active: false` is normal mode.",
        "properties": STATE_PROPERTIES,
        "required": ["active", "mode"],
    },
    "EmergencyActivation": {
        "type": "object",
        "description": "Activate a plan the served policy declares, at a level the plan uses.",
        "properties": {"plan": NONEMPTY, "level": LEVEL},
        "required": ["plan", "level"],
        "additionalProperties": False,
        "example": {"plan": "public_health", "level": "III"},
    },
    "EmergencyChange": {
        "type": "object",
        "description": "The state after the change; `ended` is the plan a deactivation ended.",
        "properties": {
            **STATE_PROPERTIES,
            "ended": _nullable(ACTIVE),
            "policy_version": _nullable(STR),
        },
        "required": ["active", "mode", "policy_version"],
    },
}


def paths(json: Any, errors: Any, secured: list[dict[str, list[str]]]) -> dict[str, Any]:
    return {
        "/v1/admin/emergency": {
            "post": {
                "operationId": "activateEmergencyPlan",
                "summary": "Activate an emergency plan at a response level (admin token); "
                "requests without `mode` are then decided in emergency mode with that plan.",
                "security": secured,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("EmergencyActivation")}},
                },
                "responses": {
                    "200": json(_ref("EmergencyChange"), "Activated (replacing any other)."),
                    **errors("400", "401", "403", "404", "413", "500", "503"),
                },
            },
            "delete": {
                "operationId": "deactivateEmergencyPlan",
                "summary": "Deactivate the emergency plan: back to normal mode (admin token).",
                "security": secured,
                "responses": {
                    "200": json(_ref("EmergencyChange"), "Normal mode."),
                    **errors("401", "403", "500"),
                },
            },
        }
    }
