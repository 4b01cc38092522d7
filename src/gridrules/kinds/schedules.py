"""Kind `schedules` (schedules.yaml): duty schedules, each role's recurring duties with how
often, per what unit and minutes per unit (the workload model)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.common import merge_layers
from gridrules.build.documents import build_schedule
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Definition, Kind, Ref
from gridrules.kinds.labels import DUTY, MATTER, ROLE
from gridrules.kinds.schema_parts import (
    closed_set,
    d,
    document,
    ident,
    ids,
    named,
    text,
)
from gridrules.model import Policy, Schedule
from gridrules.vocabulary import FREQUENCIES_VOCABULARY, DocumentKind


def schema() -> dict[str, Any]:
    return document(
        "schedules",
        "gridrules duty schedules",
        d(
            "常规工作频次：角色的例行工作、频次、计量单位和每单位用时（工作量模型）",
            "duty schedules: each role's recurring duties, how often, per what unit and "
            "minutes per unit (the workload model)",
        ),
        {
            "schedules": {
                "type": "array",
                "description": d("例行工作", "recurring duties"),
                "items": named(
                    {
                        "role": ident(d("承担该工作的角色", "the role that does it")),
                        "duty": ident(
                            d(
                                "对应职责清单中的职责（可选）",
                                "the duty in the role's list (optional)",
                            )
                        ),
                        "matters": ids(
                            d(
                                "对应事项；写明时，至少一项已准入才计入工作量",
                                "matters it serves; when given, it counts only while one is admitted",
                            )
                        ),
                        "frequency": closed_set(FREQUENCIES_VOCABULARY, d("频次", "how often")),
                        "times": {
                            "type": "number",
                            "exclusiveMinimum": 0,
                            "description": d(
                                "每个周期的次数（默认 1）；per_event 时为每月预计次数",
                                "times per period (default 1); per_event: the expected count a month",
                            ),
                        },
                        "per": ident(
                            d(
                                "计量单位：households 户数、fixed 固定（每人一份），或台账的属性列"
                                "（如 floating_population、rental_units、merchants）",
                                "the unit it scales with: households, fixed (once per worker), or a "
                                "registry attribute column (floating_population, rental_units, …)",
                            )
                        ),
                        "minutes": {
                            "type": "number",
                            "exclusiveMinimum": 0,
                            "description": d(
                                "每单位每次用时（分钟）", "minutes per unit, each time"
                            ),
                        },
                        "field": {
                            "type": "boolean",
                            "description": d(
                                "外勤（走访、巡查，默认 true）；false 为案头工作",
                                "field work (visits, patrols; default true); false: desk work",
                            ),
                        },
                        "door_to_door": {
                            "type": "boolean",
                            "description": d(
                                "入户走访一遍：计入网格的入户时长（对照 door_to_door_hours）",
                                "a door-to-door round: counts towards the grid's door-to-door time",
                            ),
                        },
                        "assumed": {
                            "type": "boolean",
                            "description": d(
                                "用时为假设值（来源未给出）：报告和手册标注“假设”",
                                "the minutes are an assumption (no source gives them): reports and "
                                "handbooks say so",
                            ),
                        },
                        "note": text(d("假设依据或说明", "why the figure was assumed")),
                        "source": text(d("出处（原文）", "where the schedule comes from")),
                    },
                    ["role", "frequency", "per", "minutes"],
                    d("一项例行工作", "a recurring duty"),
                ),
            },
        },
        ["schedules"],
    )


def build(b: Build) -> dict[str, Any]:
    schedules = merge_layers(
        b.layers, "schedules", "schedules", build_schedule, lambda x: x.id, b.overridden
    )
    return {"schedules": schedules}


def references(p: Policy) -> Iterator[Ref]:
    """The role, the duty in its list and the matters they serve."""
    for x in p.schedules:
        owner = msg("kinds.schedules.schedule", id=x.id)
        yield Ref(x.origin, ("role",), x.role, ROLE, owner)
        if x.duty is not None:
            yield Ref(x.origin, ("duty",), x.duty, DUTY, owner)
        for k, matter in enumerate(x.matters):
            yield Ref(x.origin, ("matters", k), matter, MATTER, owner)


KIND = Kind(
    DocumentKind.SCHEDULES,
    "schedules.yaml",
    schema,
    model=(Schedule,),
    build=build,
    references=references,
    definitions=(Definition("schedules", "id", msg("kinds.schedules.duty_schedule")),),
)
