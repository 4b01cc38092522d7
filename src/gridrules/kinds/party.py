"""Kind `party` (party.yaml): party organisations per tier, the supervision chain, coverage,
cross-appointments and in-service members. One per folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.operations import build_party
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, by_id, each
from gridrules.kinds.labels import ROLE, TIER
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

W = sp.Words("party")


def count(path: str) -> sp.Schema:
    """A number of members, grids or years: at least 1."""
    return sp.typed("integer", W(path), minimum=1)


def organisation() -> sp.Schema:
    return sp.named(
        {
            "attaches_to": sp.ident(W("organisations.attaches_to")),
            "min_members": count("organisations.min_members"),
            "max_members": count("organisations.max_members"),
            "committee_from": count("organisations.committee_from"),
            "term_years": count("organisations.term_years"),
            "formations": sp.list_of(
                {"enum": list(sp.FORMATIONS)}, W("organisations.formations"), unique=True
            ),
            "max_joint_units": count("organisations.max_joint_units"),
        },
        ["attaches_to"],
        W("organisations[]"),
    )


def cross_appointment() -> sp.Schema:
    requirements = {"enum": ["party_member", "two_committees"]}
    return sp.named(
        {
            "tier": sp.ident(W("cross_appointment.tier")),
            "roles": sp.ids(W("cross_appointment.roles"), min_items=1),
            "requires": sp.list_of(requirements, W("cross_appointment.requires"), min_items=1),
            "description": sp.DESCRIPTION,
        },
        ["tier", "roles", "requires"],
        W("cross_appointment[]"),
    )


def in_service() -> sp.Schema:
    return sp.obj(
        {
            "roles": sp.ids(W("in_service.roles"), min_items=1),
            "registration": sp.strings(W("in_service.registration")),
            "points": sp.text(W("in_service.points")),
            "report_to": sp.ident(W("in_service.report_to")),
            "description": sp.DESCRIPTION,
        },
        ["roles"],
        W("in_service"),
    )


def coverage() -> sp.Schema:
    checks = {
        "every_grid_tier_has_organisation": True,
        "every_grid_tier_has_supervisor": True,
        "every_grid_has_organisation": False,
    }
    return sp.obj(
        {key: sp.flag(W(f"coverage.{key}"), default) for key, default in checks.items()},
        [],
        W("coverage"),
    )


def schema() -> sp.Schema:
    supervision = sp.obj(
        {
            "tier": sp.ident(W("supervision.tier")),
            "role": sp.ident(W("supervision.role")),
            "description": sp.DESCRIPTION,
        },
        ["tier", "role"],
        W("supervision[]"),
    )
    props = {
        "organisations": sp.array(W("organisations"), organisation()),
        "supervision": sp.array(W("supervision"), supervision),
        "chain": sp.obj(sp.NAMES, ["name"], W("chain")),
        "cross_appointment": sp.array(W("cross_appointment"), cross_appointment()),
        "in_service": in_service(),
        "roster_lists_all_members": sp.flag(W("roster_lists_all_members")),
        "coverage": coverage(),
    }
    return sp.document(W, "gridrules party linkage", props, [])


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
        yield from each(x.origin, "roles", x.roles, ROLE, owner)
    service = p.party.in_service
    if service is not None:
        owner = msg("kinds.party.in_service_members")
        yield from each(service.origin, "roles", service.roles, ROLE, owner)
        if service.report_to is not None:
            yield Ref(service.origin, ("report_to",), service.report_to, TIER, owner)


def defined(p: Policy) -> Iterator[Defined]:
    yield from by_id("party_organisation", p.party.organisations)
    yield from by_id("supervision", p.party.supervision, "tier")
    yield Defined("party_coverage", "coverage", p.party.coverage, p.party.origin)


KIND = Kind(
    DocumentKind.PARTY,
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
