"""The engine against an independent reference implementation (tests/reference_engine.py),
on generated cities and thousands of generated requests: every decision, reason and role agrees."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridrules.engine import Engine, Principal, Request
from gridrules.model import Mode, Policy

import reference_engine as ref
from generated_city import generate

ACTIONS = [*ref.ACTIONS, "patrol"]  # one action the model does not know


def requests_for(policy: Policy, rng: random.Random, n: int) -> list[Request]:
    grids = [g.id for g in policy.grids]
    children: dict[str, list[str]] = {}
    for g in policy.grids:
        if g.parent:
            children.setdefault(g.parent, []).append(g.id)
    roles = [r.id for r in policy.roles]
    matters = [m.id for m in policy.matters]
    plans = sorted({a.plan for a in policy.admissions if a.plan is not None})
    out = []
    for _ in range(n):
        if policy.workers and rng.random() < 0.7:
            worker = rng.choice(policy.workers)
            principal: str | Principal = worker.id
            home = worker.grid
        else:
            home = rng.choice(grids)
            attributes = {"two_committees": rng.random() < 0.4} if rng.random() < 0.7 else {}
            principal = Principal(tuple(rng.sample(roles, rng.randint(1, 3))), home, attributes)
        grid = home
        for _ in range(rng.randint(0, 3)):  # mostly somewhere below home, sometimes anywhere
            grid = rng.choice(children.get(grid, [grid]))
        if rng.random() < 0.25:
            grid = rng.choice(grids)
        mode = rng.choice(["normal", "emergency"])
        out.append(
            Request(
                principal,
                rng.choice(ACTIONS),
                rng.choice(matters) if rng.random() < 0.97 else "no_such_matter",
                grid,
                dt.date(2021, 6, 1) + dt.timedelta(days=rng.randint(0, 6 * 365)),
                mode,
                rng.choice([None, *plans]) if mode == "emergency" else None,
            )
        )
    return out


def reference(policy: Policy, request: Request) -> tuple[bool, str, str | None]:
    if isinstance(request.principal, str):
        worker = next(w for w in policy.workers if w.id == request.principal)
        roles, home = worker.roles, worker.grid
        attributes = {"two_committees": worker.two_committees, "party_member": worker.party_member}
    else:
        roles, home = request.principal.roles, request.principal.grid
        attributes = dict(request.principal.attributes)
    answer = ref.decide(
        policy,
        roles,
        home,
        request.action,
        request.matter,
        request.grid,
        request.at,
        Mode(request.mode),
        attributes,
        request.plan,
    )
    return answer.allowed, answer.reason, answer.role


def disagreements(policy: Policy, requests: list[Request]) -> list[str]:
    engine = Engine(policy, version="generated", self_check=100)
    out = []
    for request in requests:
        d = engine.check(request)
        want = reference(policy, request)
        if (d.allowed, d.reason, d.role) != want:
            out.append(
                f"{request.to_dict()}: engine {(d.allowed, d.reason, d.role)}, reference {want}"
            )
    return out


def test_generated_cities_agree_on_thousands_of_requests():
    reasons: set[str] = set()
    for seed in (2024, 2025, 2026):
        policy = generate(seed, size=3)
        assert len(policy.grids) > 100 and len(policy.workers) > 100
        requests = requests_for(policy, random.Random(seed), 2500)
        assert disagreements(policy, requests) == []
        engine = Engine(policy, version="g", self_check=0)
        reasons |= {engine.check(r).reason for r in requests}
    # the generated requests reach every kind of answer
    assert {
        "allowed", "no_grant", "out_of_scope", "tier_too_low", "not_admitted", "expired",
        "excluded", "role_constraint", "unknown_action", "unknown_matter",
    } <= reasons, reasons  # fmt: skip


def test_the_casbin_enforcer_agrees_with_the_reference_too():
    policy = generate(7, size=1)
    engine = Engine(policy, version="g", self_check=0)
    for request in requests_for(policy, random.Random(2), 600):
        d = engine.check_casbin(request)
        assert (d.allowed, d.reason, d.role) == reference(policy, request), request


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), request_seed=st.integers(0, 10_000))
def test_generated_cities_agree_property(seed, request_seed):
    policy = generate(seed)
    assert disagreements(policy, requests_for(policy, random.Random(request_seed), 150)) == []
