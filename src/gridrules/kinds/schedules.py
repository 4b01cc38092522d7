"""Kind `schedules` (schedules.yaml): duty schedules, each role's recurring duties with how
often, per what unit and minutes per unit (the workload model)."""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.build.documents import build_schedule
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Definition, Kind, Ref, each
from gridrules.kinds.labels import DUTY, MATTER, ROLE
from gridrules.model import Policy, Schedule
from gridrules.vocabulary import FREQUENCIES_VOCABULARY, DocumentKind

W = sp.Words("schedules")


def schema() -> sp.Schema:
    schedule = sp.named(
        {
            "role": sp.ident(W("schedules.role")),
            "duty": sp.ident(W("schedules.duty")),
            "matters": sp.ids(W("schedules.matters")),
            "frequency": sp.closed_set(FREQUENCIES_VOCABULARY, W("schedules.frequency")),
            "times": sp.typed("number", W("schedules.times"), exclusiveMinimum=0),
            "per": sp.ident(W("schedules.per")),
            "minutes": sp.typed("number", W("schedules.minutes"), exclusiveMinimum=0),
            "field": sp.flag(W("schedules.field")),
            "door_to_door": sp.flag(W("schedules.door_to_door")),
            "assumed": sp.flag(W("schedules.assumed")),
            "note": sp.text(W("schedules.note")),
            "source": sp.text(W("schedules.source")),
        },
        ["role", "frequency", "per", "minutes"],
        W("schedules[]"),
    )
    props = {"schedules": sp.array(W("schedules"), schedule)}
    return sp.document(W, "gridrules duty schedules", props, ["schedules"])


def references(p: Policy) -> Iterator[Ref]:
    """The role, the duty in its list and the matters they serve."""
    for x in p.schedules:
        owner = msg("kinds.schedules.schedule", id=x.id)
        yield Ref(x.origin, ("role",), x.role, ROLE, owner)
        if x.duty is not None:
            yield Ref(x.origin, ("duty",), x.duty, DUTY, owner)
        yield from each(x.origin, "matters", x.matters, MATTER, owner)


KIND = Kind(
    DocumentKind.SCHEDULES,
    schema,
    model=(Schedule,),
    build=lambda b: {"schedules": b.merged("schedules", "schedules", build_schedule)},
    references=references,
    definitions=(Definition("schedules", "id", msg("kinds.schedules.duty_schedule")),),
)
