"""A generated city: a `Policy` built straight from the model's dataclasses, from a seed.

Used by tests/test_reference.py. Built without the loader or the validation
rules on purpose, so it also holds what validation would refuse (an excluded
matter that is also admitted or granted, expired admissions, roles outside
their tier's grids): the engine must still follow the semantics there.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from gridrules.model import (
    Action,
    Admission,
    Area,
    Category,
    Emergency,
    Escalation,
    Exclusion,
    Grant,
    Grid,
    Jurisdiction,
    Matter,
    Mode,
    Names,
    Origin,
    Party,
    PartyCoverage,
    Policy,
    Responsibility,
    Role,
    RoleConstraint,
    Scope,
    Settings,
    Tier,
    Worker,
)
from gridrules.problems import Location


class _Here:
    """A Locator for generated items: every item sits in generated.yaml at a line of its own."""

    def __init__(self) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}

    def locate(self, path: tuple[Any, ...]) -> Location:
        return Location("generated.yaml", self.lines.setdefault(path, len(self.lines) + 1), 1)


TIERS = (  # id, parent, is_grid (None: drawn), admin level
    ("city", None, False, "city"),
    ("district", "city", False, "district"),
    ("street", "district", False, "street"),
    ("community", "street", None, "community"),  # a grid tier or a plain community body
    ("general", "community", True, None),
    ("micro", "general", True, None),
    ("dedicated", "community", True, None),
)
PLANS = ("flood", "epidemic")


def generate(seed: int, *, size: int = 1) -> Policy:
    rng = random.Random(seed)
    here = _Here()

    def origin(*path: Any) -> Origin:
        return Origin(here, path)

    community_is_grid = rng.random() < 0.5
    tiers = tuple(
        Tier(
            t,
            Names(t),
            parent,
            community_is_grid if is_grid is None else is_grid,
            level,
            None,
            (),
            "",
            origin("tiers", t),
        )
        for t, parent, is_grid, level in TIERS
    )
    tier_ids = [t.id for t in tiers]

    roles = []
    for i in range(rng.randint(5, 10)):
        roles.append(
            Role(
                id=f"role{i}",
                names=Names(f"角色{i}", f"role {i}"),
                category="worker",
                tier=rng.choice(tier_ids),
                scope=rng.choice(list(Scope)),
                reports_to=None,
                recruited_from=(),
                functions=(),
                constraints=(
                    RoleConstraint(
                        f"not_two_committees{i}",
                        "two_committees",
                        False,
                        rng.choice([Area.URBAN, Area.RURAL, None]),
                        "两委成员不得兼任",
                        origin("roles", i, "constraints", 0),
                    ),
                )
                if rng.random() < 0.3
                else (),
                description="",
                origin=origin("roles", i),
            )
        )

    categories = tuple(
        Category(f"cat{i}", Names(f"类{i}"), "", origin("categories", i)) for i in range(4)
    )
    matters = tuple(
        Matter(
            id=f"matter{i}",
            names=Names(f"事项{i}"),
            category=rng.choice(categories).id,
            handling_tier=rng.choice(tier_ids[2:]),
            report_within=None,
            close_within=None,
            description="",
            origin=origin("matters", i),
        )
        for i in range(rng.randint(8, 20))
    )

    def grant(role: str, j: int, mode: Mode) -> Grant:
        picked = rng.sample(matters, rng.randint(0, 4))
        cats = rng.sample(categories, rng.randint(0 if picked else 1, 2))
        return Grant(
            role=role,
            actions=tuple(rng.sample(list(Action), rng.randint(1, 5))),
            matters=tuple(m.id for m in picked),
            categories=tuple(c.id for c in cats),
            mode=mode,
            duty_id=f"duty{j}",
            names=Names(f"职责{j}"),
            description="",
            origin=origin(mode.value, role, j),
        )

    responsibilities = tuple(
        Responsibility(
            role.id,
            tuple(grant(role.id, j, Mode.NORMAL) for j in range(rng.randint(1, 3))),
            origin("responsibilities", role.id),
        )
        for role in roles
        if rng.random() < 0.9
    )
    emergency = Emergency(
        names=Names("应急"),
        activation="",
        procedures=(),
        grants=tuple(
            grant(rng.choice(roles).id, 100 + j, Mode.EMERGENCY) for j in range(rng.randint(0, 4))
        ),
        verbal_report_within=None,
        written_report_within=None,
        origin=origin("emergency"),
    )

    def day(year_from: int = 2022, year_to: int = 2026) -> dt.date:
        start = dt.date(year_from, 1, 1).toordinal()
        return dt.date.fromordinal(rng.randint(start, dt.date(year_to, 12, 31).toordinal()))

    admissions = []
    for i, matter in enumerate(matters):
        for _ in range(rng.choice([0, 1, 1, 1, 2])):
            effective = day(2020, 2025)
            expires = (
                effective + dt.timedelta(days=rng.randint(0, 700)) if rng.random() < 0.4 else None
            )
            emergency_only = rng.random() < 0.2
            admissions.append(
                Admission(
                    matter.id,
                    None,
                    "x",
                    "y",
                    effective,
                    expires,
                    expires is not None,
                    "",
                    origin("admitted", i, len(admissions)),
                    mode=Mode.EMERGENCY if emergency_only else Mode.NORMAL,
                    plan=rng.choice([None, *PLANS]) if emergency_only else None,
                )
            )
    exclusions = tuple(
        Exclusion(m.id, f"不得下沉{i}", "", origin("excluded", i))
        for i, m in enumerate(matters)
        if rng.random() < 0.15
    )

    grids: list[Grid] = []

    def add(gid: str, tier: str, parent: str | None) -> str:
        grids.append(
            Grid(
                gid,
                f"网格{gid}",
                tier,
                parent,
                None,
                Area.URBAN,
                "residential",
                "",
                "",
                {},
                origin("grids", gid),
            )
        )
        return gid

    for d in range(2 * size):
        district = add(f"D{d}", "district", None)
        for s in range(rng.randint(1, 3)):
            street = add(f"{district}S{s}", "street", district)
            for c in range(rng.randint(1, 3)):
                community = add(f"{street}C{c}", "community", street)
                if rng.random() < 0.5:
                    add(f"{community}X", "dedicated", community)
                for g in range(rng.randint(1, 3)):
                    general = add(f"{community}G{g}", "general", community)
                    for m in range(rng.randint(0, 2)):
                        add(f"{general}M{m}", "micro", general)
    if rng.random() < 0.5:
        add("ORPHAN", "general", "MISSING_PARENT")  # hangs from the jurisdiction root

    by_tier: dict[str, list[Role]] = {}
    for role in roles:
        by_tier.setdefault(role.tier, []).append(role)
    workers = []
    for n, node in enumerate(grids):
        for k in range(rng.randint(0, 2)):
            own = by_tier.get(node.tier) or roles
            held = {rng.choice(own).id}
            if rng.random() < 0.3:
                held.add(rng.choice(roles).id)
            workers.append(
                Worker(
                    f"W{n}_{k}",
                    f"人{n}",
                    tuple(sorted(held)),
                    node.id,
                    "",
                    False,
                    False,
                    {},
                    origin("roster", n, k),
                )
            )

    jurisdiction = Jurisdiction(
        id=f"city{seed}",
        names=Names("生成市", "generated city"),
        level="city",
        character="urban",
        settings=Settings(),
        description="",
        folder="generated",
        origin=origin("jurisdiction"),
    )
    return Policy(
        jurisdiction=jurisdiction,
        tiers=tiers,
        roles=tuple(roles),
        categories=categories,
        matters=matters,
        responsibilities=responsibilities,
        admission_lists=(),
        admissions=tuple(admissions),
        exclusions=exclusions,
        escalation=Escalation((), (), (), None, (), (), None),
        party=Party((), (), PartyCoverage(), None),
        emergency=emergency if rng.random() < 0.8 else None,
        grids=tuple(grids),
        workers=tuple(workers),
        files=(),
    )
