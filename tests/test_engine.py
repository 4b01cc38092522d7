"""gridrules.engine: decisions, their reasons and sources, the Casbin wrapper, and the proof
that the index in front of the enforcer answers exactly what the enforcer answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor

import casbin
import pytest
from casbin.core_enforcer import CoreEnforcer
from casbin.model import FastModel

from gridrules import load_policy
from gridrules.compile import CasbinArtifacts, compile_policy
from gridrules.decision import RequestError
from gridrules.enforcer import CasbinEnforcer, EnforcerError
from gridrules.engine import (
    Decision,
    Engine,
    PolicyInvalid,
    Principal,
    QueryError,
    Request,
)

from conftest import EXAMPLE_BASE, POLICIES

DAY = dt.date(2024, 6, 1)

RESPONSIBILITIES = """kind: responsibilities
version: 1
responsibilities:
  - role: full_time_worker
    duties:
      - {id: patrol, name: 巡查上报, actions: [report, handle], matters: [neighbour_dispute, elderly_visit]}
      - {id: hazards, name: 隐患排查, actions: [report, handle], matters: [rental_safety]}
  - role: community_leader
    duties:
      - {id: dispatch, name: 分流交办, actions: [handle, dispatch, supervise], categories: [public_order, livelihood]}
  - role: street_cadre
    duties:
      - {id: investment, name: 招商引资, actions: [handle], matters: [investment_promotion]}
      - {id: oversee, name: 督办, actions: [supervise], categories: [public_order]}
  - role: grid_party_member
    duties:
      - {id: red_line, name: 一根红线, actions: [supervise], matters: [neighbour_dispute]}
"""
ADMISSION = """kind: admission
version: 1
admitted:
  - {matter: neighbour_dispute, approved_by: 区委社治委, basis: 文1, effective: "2024-01-01"}
  - {matter: elderly_visit, approved_by: 区委社治委, basis: 文2, effective: "2024-01-01", expires: "2024-03-31", temporary: true}
  - {matter: rental_safety, approved_by: 区委社治委, basis: 文3, effective: "2024-01-01"}
excluded:
  - {matter: investment_promotion, reason: 村（社区）不得承担招商引资任务}
"""
EMERGENCY = """kind: emergency
version: 1
name: 应急状态
grants:
  - {role: full_time_worker, id: screen, name: 入户排查, actions: [assist], categories: [livelihood, public_order]}
  - {role: full_time_worker, id: mobilise, name: 动员, actions: [handle], matters: [investment_promotion]}
"""
ROSTER = """kind: roster
version: 1
workers:
  - {id: W001, name: 张晓燕, roles: [full_time_worker], grid: "S01C01G01"}
  - {id: W002, name: 李建国, roles: [full_time_worker], grid: "S01C01G02"}
  - {id: W003, name: 王丽, roles: [community_leader], grid: "S01C01"}
  - {id: W004, name: 赵强, roles: [street_cadre], grid: "S01"}
  - {id: W005, name: 钱多, roles: [grid_party_member, full_time_worker], grid: "S01C01G01"}
"""


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    from conftest import overlay

    folder = overlay(
        EXAMPLE_BASE,
        tmp_path_factory.mktemp("engine") / "policy",
        {
            "responsibilities.yaml": RESPONSIBILITIES,
            "admission.yaml": ADMISSION,
            "emergency.yaml": EMERGENCY,
            "roster.yaml": ROSTER,
        },
    )
    # The engine must hold even where validation would object (an emergency grant of an
    # excluded matter, expiring admissions): it never trusts the rules to have caught it.
    result = load_policy(folder, rules=False)
    assert result.policy is not None, result.problems
    return result.policy


@pytest.fixture(scope="module")
def engine(policy):
    return Engine(policy, version="test-version", self_check=500)


def check(engine, principal, action, matter, grid, at=DAY, mode="normal") -> Decision:
    decision = engine.check(Request(principal, action, matter, grid, at, mode))
    casbin_decision = engine.check_casbin(Request(principal, action, matter, grid, at, mode))
    assert casbin_decision.allowed == decision.allowed and casbin_decision.role == decision.role
    return decision


# --- semantics, reason by reason ------------------------------------------------


def test_allowed_names_role_source_and_version(engine):
    d = check(engine, "W001", "handle", "neighbour_dispute", "S01C01G01")
    assert (d.allowed, d.reason, d.role) == (True, "allowed", "full_time_worker")
    assert d.source.endswith("responsibilities.yaml:6:9")
    assert d.policy_version == "test-version"
    assert "巡查上报" not in d.message_zh and "patrol" in d.message_zh  # names the duty id
    assert d.message_en.startswith("allowed: ")


def test_own_grid_scope_and_subtree_scope(engine):
    d = check(engine, "W001", "handle", "neighbour_dispute", "S01C01G02")
    assert (d.allowed, d.reason, d.role) == (False, "out_of_scope", "full_time_worker")
    assert d.source.endswith("roles.yaml:14:12")  # the role's scope: line
    assert check(engine, "W003", "handle", "neighbour_dispute", "S01C01G02").allowed
    assert check(engine, "W003", "handle", "neighbour_dispute", "S01C01").allowed
    d = check(engine, "W003", "handle", "neighbour_dispute", "S01")  # above its subtree
    assert d.reason == "out_of_scope"


def test_handle_needs_a_tier_at_or_above_the_handling_tier(engine):
    d = check(engine, "W001", "handle", "rental_safety", "S01C01G01")  # handled at community
    assert (d.allowed, d.reason) == (False, "tier_too_low")
    assert d.source.endswith("matters.yaml:24:20")  # the matter's handling_tier
    assert check(engine, "W001", "report", "rental_safety", "S01C01G01").allowed  # report is fine
    assert check(engine, "W003", "handle", "rental_safety", "S01C01G01").allowed


def test_admission_time_window_and_expiry(engine):
    d = check(engine, "W001", "handle", "neighbour_dispute", "S01C01G01", dt.date(2023, 12, 31))
    assert d.reason == "not_admitted" and "2024-01-01" in d.message_en
    assert check(
        engine, "W001", "handle", "elderly_visit", "S01C01G01", dt.date(2024, 3, 31)
    ).allowed
    d = check(engine, "W001", "handle", "elderly_visit", "S01C01G01", dt.date(2024, 4, 1))
    assert d.reason == "expired" and "2024-03-31" in d.message_en
    assert "admission.yaml:5" in d.source


def test_exclusion_beats_every_grant_even_in_emergency(engine):
    d = check(engine, "W001", "handle", "investment_promotion", "S01C01G01", mode="emergency")
    assert (d.allowed, d.reason) == (False, "excluded")
    assert "admission.yaml:8:5" in d.source


def test_roles_outside_grid_tiers_are_not_subject_to_admission(engine):
    # street tier is not a grid tier: the admission/exclusion lists govern grids only
    d = check(engine, "W004", "handle", "investment_promotion", "S01C01G01")
    assert (d.allowed, d.role) == (True, "street_cadre")
    assert check(
        engine, "W004", "supervise", "neighbour_dispute", "S01C01G02", dt.date(2020, 1, 1)
    ).allowed


def test_emergency_overlay_applies_only_in_emergency_mode(engine):
    d = check(engine, "W001", "assist", "neighbour_dispute", "S01C01G01")
    assert d.reason == "no_grant" and "emergency" in d.message_en
    d = check(engine, "W001", "assist", "neighbour_dispute", "S01C01G01", mode="emergency")
    assert d.allowed and d.source.endswith("emergency.yaml:5:5")
    assert "应急" in d.message_zh


def test_no_grant_points_at_the_responsibility_list(engine):
    d = check(engine, "W003", "report", "neighbour_dispute", "S01C01")
    assert d.reason == "no_grant" and d.source.endswith("responsibilities.yaml:8:5")


def test_several_roles_any_may_allow_and_the_furthest_denial_is_reported(engine):
    d = check(engine, "W005", "supervise", "neighbour_dispute", "S01C01G01")
    assert (d.allowed, d.role) == (True, "grid_party_member")
    d = check(engine, "W005", "handle", "rental_safety", "S01C01G01")
    assert (d.reason, d.role) == ("tier_too_low", "full_time_worker")


def test_inline_principals(engine):
    me = Principal(("community_leader",), "S01C01", {"party_member": True})
    assert check(engine, me, "dispatch", "rental_safety", "S01C01G02").allowed
    d = engine.check(Request(Principal(("ghost",), "S01"), "handle", "neighbour_dispute", "S01"))
    assert (d.reason, d.role) == ("unknown_role", "ghost")
    d = engine.check(Request(Principal(("street_cadre",), "NOWHERE"), "handle", "x", "S01"))
    assert d.reason in ("unknown_matter", "unknown_grid")


@pytest.mark.parametrize(
    ("principal", "action", "matter", "grid", "reason"),
    [
        ("W999", "handle", "neighbour_dispute", "S01C01G01", "unknown_principal"),
        ("W001", "fly", "neighbour_dispute", "S01C01G01", "unknown_action"),
        ("W001", "handle", "no_such_matter", "S01C01G01", "unknown_matter"),
        ("W001", "handle", "neighbour_dispute", "NOWHERE", "unknown_grid"),
    ],
)
def test_unknown_inputs_are_denials_with_a_reason(engine, principal, action, matter, grid, reason):
    d = engine.check(Request(principal, action, matter, grid, DAY))
    assert (d.allowed, d.reason, d.source) == (False, reason, None)
    assert d.message_zh and d.message_en


def test_datetime_and_default_dates(engine):
    at = dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert check(engine, "W001", "handle", "elderly_visit", "S01C01G01", at).allowed
    assert engine.check(Request("W001", "handle", "neighbour_dispute", "S01C01G01")).allowed


def test_check_many_keeps_order(engine):
    requests = [
        Request("W001", "handle", "neighbour_dispute", g, DAY) for g in ("S01C01G01", "S01C01G02")
    ]
    assert [d.allowed for d in engine.check_many(requests)] == [True, False]


# --- data shapes ----------------------------------------------------------------


def test_request_and_decision_round_trip_through_json(engine):
    request = Request(
        Principal(("community_leader",), "S01C01", {"x": 1}),
        "handle",
        "neighbour_dispute",
        "S01C01G01",
        dt.datetime(2024, 6, 1, 9, 30),
        "emergency",
    )
    data = json.loads(json.dumps(request.to_dict()))
    assert data["at"] == "2024-06-01T09:30:00" and data["mode"] == "emergency"
    assert Request.from_dict(data) == request
    decision = engine.check(request)
    assert Decision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision
    assert (
        Request.from_dict({"principal": "W1", "action": "a", "matter": "m", "grid": "g"}).at is None
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"principal": "W1", "action": "handle", "matter": "m", "grid": "g", "at": "June"},
        {"principal": "W1", "action": "handle", "matter": "m", "grid": "g", "mode": "war"},
        {"principal": "W1", "action": "handle", "matter": "m", "grid": "g", "colour": "red"},
        {"principal": {"roles": [], "grid": "g"}, "action": "handle", "matter": "m", "grid": "g"},
        {"principal": 7, "action": "handle", "matter": "m", "grid": "g"},
        {"principal": "W1", "matter": "m", "grid": "g"},
        [],
    ],
)
def test_bad_requests_are_one_clear_error(bad):
    with pytest.raises(RequestError) as exc:
        Request.from_dict(bad)
    assert "\n" not in str(exc.value.message)


# --- who_can, what_can, route -------------------------------------------------


def test_who_can_lists_roles_and_people(engine):
    answer = engine.who_can("handle", "neighbour_dispute", "S01C01G01", DAY)
    assert {r.role for r in answer.roles} == {"full_time_worker", "community_leader"}
    assert [p.id for p in answer.people] == ["W001", "W005", "W003"]
    assert answer.reason == "allowed"
    json.dumps(answer.to_dict(), ensure_ascii=False)
    nobody = engine.who_can("handle", "investment_promotion", "S01C01G01", DAY)
    assert [r.role for r in nobody.roles] == ["street_cadre"] and [p.id for p in nobody.people] == [
        "W004"
    ]
    with pytest.raises(QueryError):
        engine.who_can("handle", "neighbour_dispute", "NOWHERE", DAY)


def test_what_can_lists_every_permission(engine):
    permissions = engine.what_can("W001", DAY)
    assert {(p.action, p.matter) for p in permissions} == {
        ("report", "neighbour_dispute"),
        ("handle", "neighbour_dispute"),
        ("report", "rental_safety"),
    }  # elderly_visit expired on 2024-03-31, and handle rental_safety is above its tier
    assert not any(p.action == "handle" and p.matter == "elderly_visit" for p in permissions)
    urgent = engine.what_can("W001", DAY, "emergency")
    assert ("assist", "neighbour_dispute", "emergency") in {
        (p.action, p.matter, p.mode) for p in urgent
    }
    assert not any(p.matter == "investment_promotion" for p in urgent)  # excluded
    with pytest.raises(QueryError):
        engine.what_can("W999")


def test_engine_route_uses_the_roster_index(engine):
    r = engine.route("neighbour_dispute", "S01C01G01")
    assert [p.id for p in r.steps[0].people] == ["W001", "W005"]


def test_explain_lists_each_role(engine):
    lines = engine.explain(Request("W005", "handle", "rental_safety", "S01C01G01", DAY), "en")
    assert any("tier_too_low" in line for line in lines)
    assert any("no_grant" in line for line in lines)


# --- loading ----------------------------------------------------------------------


def test_load_refuses_an_invalid_policy(make_policy):
    folder = make_policy({"roles.yaml": "kind: roles\nversion: 1\nroles: [1, 2\n"})
    with pytest.raises(PolicyInvalid) as exc:
        Engine.load(folder)
    assert exc.value.problems and "roles.yaml" in str(exc.value.message)
    assert exc.value.exit_code == 2


def test_load_a_valid_policy_and_its_version():
    engine = Engine.load(EXAMPLE_BASE)
    assert (
        str(engine.version).split()[0]
        == engine.check(
            Request("W001", "report", "neighbour_dispute", "S01C01G01")
        ).policy_version.split()[0]
    )


# --- the Casbin wrapper ---------------------------------------------------------


def test_upstream_fast_model_drops_g2_and_our_wrapper_keeps_them(policy):
    artifacts = compile_policy(policy)
    upstream = FastModel([0, 1])
    upstream.load_model_from_text(artifacts.model_text)
    dropped = set(upstream.model["g"]) != {"g", "g2", "g3"}
    enforcer = CasbinEnforcer(artifacts)
    assert enforcer.role_definitions == ("g", "g2", "g3")
    assert enforcer.enabled
    if dropped:  # pycasbin 2.8.0: FastModel.add_def returns None, the loader stops after g
        assert set(upstream.model["g"]) == {"g"}


def test_casbin_failures_become_gridrules_errors(policy):
    artifacts = compile_policy(policy)
    broken = dataclasses.replace(
        artifacts, model_text=artifacts.model_text.replace("[matchers]\nm = ", "[matchers]\nm = ) ")
    )
    enforcer = CasbinEnforcer(broken)
    with pytest.raises(EnforcerError):
        enforcer.enforce(
            "full_time_worker", "handle", "matter:x", "grid:S01", "grid:S01", "normal", "epoch:0"
        )
    with pytest.raises(EnforcerError):
        CasbinEnforcer(artifacts).enforce("too", "few")
    with pytest.raises(EnforcerError):
        CasbinEnforcer(dataclasses.replace(artifacts, model_text="[request_definition]\nr = x\n"))


def test_enforcement_is_never_switched_off(policy, monkeypatch):
    monkeypatch.setattr(casbin.FastEnforcer, "_initialize", _disabled_initialize, raising=False)
    with pytest.raises(EnforcerError, match="disabled"):
        CasbinEnforcer(compile_policy(policy))


def _disabled_initialize(self):
    CoreEnforcer._initialize(self)
    self.enabled = False


def test_index_agrees_with_casbin_on_thousands_of_requests(engine):
    assert engine.verify(4000, seed=7) == []


def test_a_disagreeing_index_stops_the_engine_from_loading(policy, monkeypatch):
    from gridrules.decision_index import DecisionIndex

    monkeypatch.setattr(DecisionIndex, "allows", lambda self, *a: True)
    with pytest.raises(EnforcerError, match="self-check"):
        Engine(policy, version="v", self_check=200)


@pytest.mark.skipif(not (POLICIES / "chengdu-wuhou").is_dir(), reason="bundled policy not present")
def test_bundled_district_index_equals_casbin_on_full_requests():
    engine = Engine.load(POLICIES / "chengdu-wuhou", self_check=0)
    assert engine.verify(3000, seed=3) == []
    import random

    rng = random.Random(5)
    grids = [g.id for g in engine.policy.grids]
    for _ in range(400):
        worker = rng.choice(engine.policy.workers)
        request = Request(
            worker.id,
            rng.choice(["handle", "report", "assist", "dispatch", "supervise", "escalate"]),
            rng.choice(engine.policy.matters).id,
            worker.grid if rng.random() < 0.6 else rng.choice(grids),
            dt.date(2025, 3, 1),
            rng.choice(["normal", "emergency"]),
        )
        fast, slow = engine.check(request), engine.check_casbin(request)
        assert (fast.allowed, fast.role, fast.reason) == (slow.allowed, slow.role, slow.reason)


def test_threads_share_one_engine(engine):
    requests = [
        Request(w, a, m, g, DAY, mode)
        for w in ("W001", "W003", "W005")
        for a in ("handle", "report", "assist")
        for m in ("neighbour_dispute", "rental_safety", "elderly_visit")
        for g in ("S01C01G01", "S01C01G02", "S01")
        for mode in ("normal", "emergency")
    ] * 20
    expected = [d.to_dict() for d in engine.check_many(requests)]
    with ThreadPoolExecutor(8) as pool:
        chunks = list(
            pool.map(lambda i: [d.to_dict() for d in engine.check_many(requests)], range(8))
        )
    assert all(chunk == expected for chunk in chunks)


def test_artifacts_are_plain_data(policy):
    assert isinstance(compile_policy(policy), CasbinArtifacts)


# --- role constraints (the 两委 rule) --------------------------------------------------


def test_an_inline_two_committees_member_cannot_act_as_urban_full_time_worker(engine):
    member = Principal(("full_time_worker",), "S01C01G01", {"two_committees": True})
    d = engine.check(Request(member, "handle", "neighbour_dispute", "S01C01G01", DAY))
    assert (d.allowed, d.reason, d.role) == (False, "role_constraint", "full_time_worker")
    assert "two_committees" in d.message_en and d.source.endswith("roles.yaml:17:9")
    plain = Principal(("full_time_worker",), "S01C01G01")  # two_committees defaults to false
    assert engine.check(Request(plain, "handle", "neighbour_dispute", "S01C01G01", DAY)).allowed


def test_the_constraint_applies_only_in_its_area(policy):
    grids = [
        dataclasses.replace(g, area=g.area.__class__("rural")) if g.id == "S01C01G02" else g
        for g in policy.grids
    ]
    workers = [
        *policy.workers,
        dataclasses.replace(policy.workers[0], id="W010", grid="S01C01G02", two_committees=True),
        dataclasses.replace(policy.workers[0], id="W011", two_committees=True),
    ]
    engine = Engine(
        dataclasses.replace(policy, grids=tuple(grids), workers=tuple(workers)), version="v"
    )
    # rural grid: a 两委 member may be the full-time worker
    assert engine.check(Request("W010", "handle", "neighbour_dispute", "S01C01G02", DAY)).allowed
    d = engine.check(Request("W011", "handle", "neighbour_dispute", "S01C01G01", DAY))
    assert d.reason == "role_constraint"
    assert (
        engine.check_casbin(Request("W011", "handle", "neighbour_dispute", "S01C01G01", DAY)).reason
        == "role_constraint"
    )
    assert engine.what_can("W011", DAY) == []


def test_out_of_scope_messages_name_each_grid(engine):
    one = engine.check(Request("W001", "handle", "neighbour_dispute", "S01C01G02", DAY))
    two = engine.check(Request("W001", "handle", "neighbour_dispute", "S01C01", DAY))
    assert "S01C01G02" in one.message_en and "S01C01G01" in one.message_en
    assert "grid S01C01 lies" in two.message_en and one.source == two.source


def test_package_exposes_the_engine_lazily():
    import subprocess
    import sys

    code = (
        "import sys, gridrules; assert 'casbin' not in sys.modules; "
        "from gridrules import Engine, Request, route; import gridrules.engine as e; "
        "assert Engine is e.Engine"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
