"""Kind `party` (party.yaml): party organisations per tier, the supervision chain, coverage,
cross-appointments and in-service members. One per folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.operations import build_party
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref
from gridrules.kinds.labels import ROLE, TIER
from gridrules.kinds.schema_burden import FORMATIONS
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    NAME,
    NAME_EN,
    d,
    document,
    ident,
    ids,
    named,
    obj,
    text,
)
from gridrules.model import (
    CrossAppointment,
    InService,
    Party,
    PartyCoverage,
    PartyOrganisation,
    Policy,
    Supervision,
)
from gridrules.vocabulary import DocumentKind


def schema() -> dict[str, Any]:
    return document(
        "party",
        "gridrules party linkage",
        d(
            "党建引领：党组织挂靠网格层级、“一根红线”督导、覆盖要求",
            "party linkage: organisations per tier, one red line, coverage",
        ),
        {
            "organisations": {
                "type": "array",
                "description": d("党组织类型", "organisation types"),
                "items": named(
                    {
                        "attaches_to": ident(d("挂靠的网格层级", "tier it attaches to")),
                        "min_members": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d("最少党员数", "fewest members"),
                        },
                        "max_members": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d("最多党员数", "most members"),
                        },
                        "committee_from": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d(
                                "党员达到此数应设支部委员会（2018 年条例：7 人）",
                                "a branch committee from this many members (2018: 7)",
                            ),
                        },
                        "term_years": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d("每届任期（年）", "term of office (years)"),
                        },
                        "formations": {
                            "type": "array",
                            "uniqueItems": True,
                            "items": {"enum": list(FORMATIONS)},
                            "description": d(
                                "组建方式：single 单独建、converted 转化建、joint 联合建",
                                "how it may be built: single, converted, joint",
                            ),
                        },
                        "max_joint_units": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d(
                                "联合建时最多覆盖网格数", "most grids a joint organisation covers"
                            ),
                        },
                    },
                    ["attaches_to"],
                    d("一种党组织", "an organisation type"),
                ),
            },
            "supervision": {
                "type": "array",
                "description": d(
                    "督导链条（如成都“一根红线”）：谁督导哪一层",
                    "supervision chain (e.g. Chengdu's one red line): who supervises which tier",
                ),
                "items": obj(
                    {
                        "tier": ident(d("被督导的层级", "tier supervised")),
                        "role": ident(d("督导角色", "supervising role")),
                        "description": DESCRIPTION,
                    },
                    ["tier", "role"],
                    d("一条督导关系", "a supervision link"),
                ),
            },
            "chain": obj(
                {"name": NAME, "name_en": NAME_EN},
                ["name"],
                d(
                    "督导链条的名称（如成都“一根红线”），手册用作标题",
                    "the policy's name for its supervision chain (e.g. Chengdu's "
                    "'one red line'), used as the handbook heading",
                ),
            ),
            "cross_appointment": {
                "type": "array",
                "description": d(
                    "双向进入、交叉任职：某层级每个节点须有担任这些网格职务、且满足条件的人员",
                    "two-way entry, cross-appointment: every node of a tier has a holder of "
                    "these grid posts who meets the conditions",
                ),
                "items": named(
                    {
                        "tier": ident(d("适用层级", "tier")),
                        "roles": {
                            **ids(d("网格职务（角色）", "grid posts (roles)")),
                            "minItems": 1,
                        },
                        "requires": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"enum": ["party_member", "two_committees"]},
                            "description": d(
                                "任职者须满足：party_member 党员、two_committees 两委成员",
                                "the holder must be: party_member, two_committees",
                            ),
                        },
                        "description": DESCRIPTION,
                    },
                    ["tier", "roles", "requires"],
                    d("一条交叉任职要求", "a cross-appointment requirement"),
                ),
            },
            "in_service": obj(
                {
                    "roles": {
                        **ids(d("在职党员的角色", "roles of in-service members")),
                        "minItems": 1,
                    },
                    "registration": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": d(
                            "报到登记须记录的名册属性（如 employer 工作单位）",
                            "roster attributes every registration records (e.g. employer)",
                        ),
                    },
                    "points": text(
                        d("记录积分的名册属性（如 points）", "roster attribute holding points")
                    ),
                    "report_to": ident(
                        d("报到的层级（所在社区）", "tier members register with (home community)")
                    ),
                    "description": DESCRIPTION,
                },
                ["roles"],
                d(
                    "在职党员进社区报到：报到登记、认领岗位、下沉网格、积分",
                    "in-service party members: registration, posts, grids, points",
                ),
            ),
            "roster_lists_all_members": {
                "type": "boolean",
                "description": d(
                    "名册列出网格内全部党员（否则名册党员数只是下限，不据此判定人数不足）",
                    "the roster lists every party member (else its count is only a lower bound)",
                ),
            },
            "coverage": obj(
                {
                    "every_grid_tier_has_organisation": {
                        "type": "boolean",
                        "default": True,
                        "description": d(
                            "每个网格层级都有对应党组织", "every grid tier has a party organisation"
                        ),
                    },
                    "every_grid_tier_has_supervisor": {
                        "type": "boolean",
                        "default": True,
                        "description": d(
                            "每个网格层级都有督导", "every grid tier has a supervisor"
                        ),
                    },
                    "every_grid_has_organisation": {
                        "type": "boolean",
                        "default": False,
                        "description": d(
                            "台账中每个网格都登记了党组织",
                            "every registry grid names its party organisation",
                        ),
                    },
                },
                [],
                d("覆盖要求", "coverage requirements"),
            ),
        },
        [],
    )


def build(b: Build) -> dict[str, Any]:
    return {"party": build_party(b.layers, b.overridden)}


def references(p: Policy) -> Iterator[Ref]:
    for o in p.party.organisations:
        owner = msg("kinds.party.party_organisation", id=o.id)
        yield Ref(o.origin, ("attaches_to",), o.attaches_to, TIER, owner)
    for s in p.party.supervision:
        owner = msg("kinds.party.supervision_link")
        yield Ref(s.origin, ("tier",), s.tier, TIER, owner)
        yield Ref(s.origin, ("role",), s.role, ROLE, owner)
    for x in p.party.cross_appointments:
        owner = msg("kinds.party.cross_appointment", id=x.id)
        yield Ref(x.origin, ("tier",), x.tier, TIER, owner)
        for k, role in enumerate(x.roles):
            yield Ref(x.origin, ("roles", k), role, ROLE, owner)
    service = p.party.in_service
    if service is not None:
        owner = msg("kinds.party.in_service_members")
        for k, role in enumerate(service.roles):
            yield Ref(service.origin, ("roles", k), role, ROLE, owner)
        if service.report_to is not None:
            yield Ref(service.origin, ("report_to",), service.report_to, TIER, owner)


def defined(p: Policy) -> Iterator[Defined]:
    for o in p.party.organisations:
        yield Defined("party_organisation", o.id, o, o.origin, ("id",))
    for s in p.party.supervision:
        yield Defined("supervision", s.tier, s, s.origin, ("tier",))
    yield Defined("party_coverage", "coverage", p.party.coverage, p.party.origin)


KIND = Kind(
    DocumentKind.PARTY,
    "party.yaml",
    schema,
    singleton=True,
    model=(Party, PartyOrganisation, Supervision, PartyCoverage, CrossAppointment, InService),
    build=build,
    references=references,
    definitions=(
        Definition("organisations", "id", msg("kinds.party.party_organisation_2")),
        Definition("cross_appointment", "id", msg("kinds.party.cross_appointment_2")),
        Definition(
            "supervision",
            "tier+role",
            msg("kinds.party.supervision_link_tier_role"),
        ),
    ),
    changes=("party_organisation", "supervision", "party_coverage"),
    defined=defined,
)
