"""The HTTP API over real HTTP on loopback: every documented response, for real."""

from __future__ import annotations

import dataclasses
import json
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from gridrules.decision import Request
from gridrules.engine import Engine
from gridrules.service.holder import FolderSource, PolicyHolder

from .support import ADMIN, CHECK, READ, READ_TOKEN, Running, running_app

DENIED = {**CHECK, "action": "handle", "matter": "rental_safety", "grid": "S01C01G02"}


def post(
    served: Running, path: str, body: Any = None, headers: dict[str, str] | None = None, **kw: Any
) -> httpx.Response:
    return served.client.post(
        path, json=body, headers=READ if headers is None else headers, timeout=10, **kw
    )


def get(
    served: Running, path: str, headers: dict[str, str] | None = None, **kw: Any
) -> httpx.Response:
    return served.client.get(path, headers=READ if headers is None else headers, timeout=10, **kw)


def engine_for(served: Running) -> Engine:
    snapshot = served.holder.current
    assert snapshot is not None
    return snapshot.engine


# --- decisions --------------------------------------------------------------


def test_check_allows_and_carries_the_version(served: Running) -> None:
    r = post(served, "/v1/check", CHECK)
    assert r.status_code == 200
    body = r.json()
    assert body["allowed"] is True and body["error"] is False
    assert body["reason"] == "allowed"
    assert body["policy_version"] == served.holder.current.version  # type: ignore[union-attr]
    assert body == {**engine_for(served).check(Request.from_dict(CHECK)).to_dict(), "error": False}


def test_check_denies_with_reason(served: Running) -> None:
    body = post(served, "/v1/check", DENIED).json()
    assert body["allowed"] is False and body["error"] is False
    assert body["reason"] == "no_grant"
    assert body["message_zh"] and body["message_en"] and body["source"]


def test_check_unknown_principal_is_a_denial_not_an_error(served: Running) -> None:
    body = post(served, "/v1/check", {**CHECK, "principal": "NOBODY"}).json()
    assert body["allowed"] is False and body["reason"] == "unknown_principal"


def test_inline_principal_and_emergency_mode(served: Running) -> None:
    body = post(
        served,
        "/v1/check",
        {
            **CHECK,
            "principal": {"roles": ["full_time_worker"], "grid": "S01C01G01"},
            "mode": "emergency",
            "at": "2025-03-01",
        },
    ).json()
    assert body["allowed"] is True


def test_batch_answers_in_order_like_the_engine(served: Running) -> None:
    requests = [CHECK, DENIED, {**CHECK, "principal": "W003", "action": "dispatch"}] * 5
    r = post(served, "/v1/check/batch", {"requests": requests})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 15
    engine = engine_for(served)
    expected = [
        {**d.to_dict(), "error": False}
        for d in engine.check_many([Request.from_dict(q) for q in requests])
    ]
    assert body["decisions"] == expected
    assert {d["policy_version"] for d in body["decisions"]} == {body["policy_version"]}


def test_empty_batch(served: Running) -> None:
    body = post(served, "/v1/check/batch", {"requests": []}).json()
    assert body["count"] == 0 and body["decisions"] == []


# --- queries ----------------------------------------------------------------


def test_route(served: Running) -> None:
    r = get(served, "/v1/route", params={"matter": "neighbour_dispute", "grid": "S01C01G01"})
    assert r.status_code == 200
    body = r.json()
    expected = engine_for(served).route("neighbour_dispute", "S01C01G01").to_dict()
    assert body == {**expected, "policy_version": served.holder.current.version}  # type: ignore[union-attr]
    generic = get(served, "/v1/route", params={"matter": "neighbour_dispute"}).json()
    assert generic["grid"] is None


def test_who_can(served: Running) -> None:
    params = {
        "action": "handle",
        "matter": "neighbour_dispute",
        "grid": "S01C01G01",
        "at": "2025-03-01",
    }
    body = get(served, "/v1/who-can", params=params).json()
    assert (
        body
        == engine_for(served)
        .who_can("handle", "neighbour_dispute", "S01C01G01", at="2025-03-01")
        .to_dict()
    )
    assert {p["id"] for p in body["people"]} == {"W001", "W003"}


def test_what_can_by_id_and_inline(served: Running) -> None:
    engine = engine_for(served)
    by_id = get(served, "/v1/what-can", params={"principal": "W001", "at": "2025-03-01"}).json()
    assert by_id["permissions"] == [p.to_dict() for p in engine.what_can("W001", at="2025-03-01")]
    assert by_id["principal"] == "W001" and by_id["policy_version"]
    inline = post(
        served, "/v1/what-can", {"principal": {"roles": ["community_leader"], "grid": "S01C01"}}
    ).json()
    assert {p["action"] for p in inline["permissions"]} >= {"dispatch", "supervise"}


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("/v1/route", {"matter": "no_such_matter"}, "unknown_matter"),
        ("/v1/route", {"matter": "neighbour_dispute", "grid": "NOWHERE"}, "unknown_grid"),
        ("/v1/who-can", {"action": "handle", "matter": "x", "grid": "S01"}, "unknown_matter"),
        ("/v1/what-can", {"principal": "NOBODY"}, "unknown_principal"),
    ],
)
def test_unknown_ids_are_404(served: Running, path: str, params: dict[str, str], code: str) -> None:
    r = get(served, path, params=params)
    assert r.status_code == 404
    assert r.json()["code"] == code and r.json()["allowed"] is False


# --- errors: 400 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "empty"),
        (b"\xff\xfe", "UTF-8"),
        (b"[1, 2]", "JSON object"),
    ],
)
def test_malformed_json_is_400_with_a_clear_message(
    served: Running, content: bytes, fragment: str
) -> None:
    r = served.client.post(
        "/v1/check",
        content=content,
        headers={**READ, "Content-Type": "application/json"},
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] in ("malformed_json", "bad_request")
    assert fragment in body["message_en"]
    assert body["allowed"] is False and body["error"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**CHECK, "mode": "war"}, "mode"),
        ({**CHECK, "mode": {"a": 1}}, "mode"),
        ({**CHECK, "principal": 7}, "principal"),
        ({**CHECK, "at": "yesterday"}, "at"),
        ({**CHECK, "colour": "red"}, "colour"),
        ({k: v for k, v in CHECK.items() if k != "matter"}, "matter"),
        ({**CHECK, "principal": {"roles": []}}, "principal.roles"),
    ],
)
def test_invalid_fields_are_400_naming_the_field(
    served: Running, body: dict[str, Any], field: str
) -> None:
    r = post(served, "/v1/check", body)
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_request"
    assert f"'{field}'" in r.json()["message_en"]


def test_batch_item_error_names_its_index(served: Running) -> None:
    r = post(served, "/v1/check/batch", {"requests": [CHECK, {**CHECK, "mode": "x"}]})
    assert r.status_code == 400
    assert r.json()["message_en"].startswith("requests[1]:")
    assert post(served, "/v1/check/batch", {"requests": "all"}).status_code == 400


def test_missing_query_parameter_is_400(served: Running) -> None:
    r = get(served, "/v1/who-can", params={"action": "handle"})
    assert r.status_code == 400 and "'matter'" in r.json()["message_en"]
    assert (
        get(served, "/v1/route", params={"matter": "neighbour_dispute", "mode": "x"}).status_code
        == 400
    )


# --- errors: 401, 403 -------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": f"Basic {READ_TOKEN}"},
        {"Authorization": "Bearer"},
    ],
)
def test_no_valid_token_is_401(served: Running, headers: dict[str, str]) -> None:
    for path in ("/v1/check", "/v1/check/batch", "/v1/admin/reload"):
        r = served.client.post(path, json=CHECK, headers=headers)
        assert r.status_code == 401, path
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.json()["allowed"] is False
    for path in ("/v1/policy", "/metrics", "/v1/route?matter=neighbour_dispute"):
        assert served.client.get(path, headers=headers).status_code == 401, path


def test_read_token_cannot_reload_403(served: Running) -> None:
    r = post(served, "/v1/admin/reload")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert post(served, "/v1/admin/reload", headers=ADMIN).status_code == 200


def test_open_endpoints_need_no_token(served: Running) -> None:
    assert served.client.get("/healthz").json() == {"status": "ok"}
    ready = served.client.get("/readyz").json()
    assert ready["ready"] is True and ready["version"]
    assert served.client.get("/openapi.json").status_code == 200


# --- errors: 413, 404, 405 --------------------------------------------------


def test_body_over_the_limit_is_413(served: Running) -> None:
    big = {"requests": [CHECK] * 45, "pad": "x" * 70_000}
    r = post(served, "/v1/check/batch", big)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"


def test_streamed_body_over_the_limit_is_413(served: Running) -> None:
    def chunks() -> Any:
        for _ in range(100):
            yield b" " * 1024

    r = served.client.post("/v1/check", content=chunks(), headers=READ)
    assert r.status_code == 413


def test_batch_over_the_length_limit_is_413(served: Running) -> None:
    r = post(served, "/v1/check/batch", {"requests": [CHECK] * 51})
    assert r.status_code == 413 and r.json()["code"] == "batch_too_large"
    assert post(served, "/v1/check/batch", {"requests": [CHECK] * 50}).status_code == 200


def test_unknown_path_is_404_and_wrong_method_405(served: Running) -> None:
    r = get(served, "/v2/nothing")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = get(served, "/v1/check")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"
    assert "POST" in r.headers["allow"]


def test_garbage_on_the_socket_does_not_hurt(served: Running) -> None:
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        s.recv(1024)
    assert post(served, "/v1/check", CHECK).status_code == 200


# --- fail closed ------------------------------------------------------------


class _Broken:
    """An engine whose every answer fails (a bug, a corrupted index…)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def check(self, request: Request) -> Any:
        raise RuntimeError("index corrupted")

    def check_many(self, requests: list[Request]) -> Any:
        raise RuntimeError("index corrupted")

    def route(self, *args: Any, **kw: Any) -> Any:
        raise RuntimeError("boom")


class _Liar(_Broken):
    """An engine that answers something that is not a Decision (must never be read as allow)."""

    def check(self, request: Request) -> Any:
        return {"allowed": True}

    def check_many(self, requests: list[Request]) -> Any:
        return [{"allowed": True}] * len(requests)


@pytest.mark.parametrize("fake", [_Broken, _Liar])
def test_internal_errors_fail_closed(served: Running, fake: type[_Broken]) -> None:
    snapshot = served.holder.current
    assert snapshot is not None
    served.holder._current = dataclasses.replace(snapshot, engine=fake(snapshot.engine))  # type: ignore[arg-type]
    r = post(served, "/v1/check", CHECK)
    assert r.status_code == 200
    body = r.json()
    assert body["allowed"] is False and body["error"] is True and body["reason"] == "error"
    assert body["policy_version"] == snapshot.version
    batch = post(served, "/v1/check/batch", {"requests": [CHECK, CHECK]}).json()
    assert [d["allowed"] for d in batch["decisions"]] == [False, False]
    assert all(d["error"] for d in batch["decisions"])
    route = get(served, "/v1/route", params={"matter": "neighbour_dispute"})
    assert route.status_code == 500 and route.json()["allowed"] is False
    metrics = get(served, "/metrics").text
    assert (
        'gridrules_decisions_total{jurisdiction="example",reason="error",result="error"}' in metrics
    )


def test_not_ready_is_503_and_denies(policy_dir: Path) -> None:
    holder = PolicyHolder(FolderSource(policy_dir))  # never loaded
    with running_app(holder) as running:
        r = httpx.post(running.url + "/v1/check", json=CHECK, headers=READ)
        assert r.status_code == 503
        assert r.json()["allowed"] is False and r.json()["code"] == "not_ready"
        assert httpx.get(running.url + "/readyz").status_code == 503


# --- metadata, metrics, decision log ----------------------------------------


def test_policy_metadata(served: Running) -> None:
    body = get(served, "/v1/policy").json()
    assert body["ready"] is True and body["rejected"] is None
    policy = body["policy"]
    assert policy["jurisdiction"] == "example"
    assert policy["jurisdiction_names"] == {"zh": "示例街道", "en": "Example street"}
    assert policy["version"] == served.holder.current.version  # type: ignore[union-attr]
    assert policy["loaded_at"] and "commit" in policy


def test_metrics_count_decisions_latency_and_reloads(served: Running) -> None:
    post(served, "/v1/check", CHECK)
    post(served, "/v1/check", DENIED)
    post(served, "/v1/check/batch", {"requests": [CHECK] * 3})
    text = get(served, "/metrics").text
    assert (
        'gridrules_decisions_total{jurisdiction="example",reason="allowed",result="allow"} 4.0'
        in text
    )
    assert (
        'gridrules_decisions_total{jurisdiction="example",reason="no_grant",result="deny"} 1.0'
        in text
    )
    assert (
        'gridrules_request_duration_seconds_bucket{endpoint="check",jurisdiction="example",le="0.01"}'
        in text
    )
    assert (
        'gridrules_http_requests_total{endpoint="check",jurisdiction="example",status="200"} 2.0'
        in text
    )
    assert "gridrules_policy_info{" in text
    # the startup load counts too; version labels carry no spaces
    assert (
        'gridrules_policy_reloads_total{jurisdiction="example",outcome="applied",trigger="startup"} 1.0'
        in text
    )
    info = next(line for line in text.splitlines() if line.startswith("gridrules_policy_info{"))
    assert " " not in info.split("{", 1)[1].split("}", 1)[0]
    post(served, "/v1/admin/reload", headers=ADMIN)
    text = get(served, "/metrics").text
    assert (
        'gridrules_policy_reloads_total{jurisdiction="example",outcome="unchanged",trigger="admin"} 1.0'
        in text
    )


def test_decision_log_has_request_decision_version_latency(served: Running, tmp_path: Path) -> None:
    post(served, "/v1/check", CHECK)
    post(served, "/v1/check/batch", {"requests": [CHECK, DENIED]})
    lines = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text().splitlines()]
    assert len(lines) == 3
    first = lines[0]
    assert first["endpoint"] == "check" and first["client"] == "app"
    assert first["jurisdiction"] == "example"
    assert first["request"]["principal"] == "W001" and first["allowed"] is True
    assert first["reason"] == "allowed" and first["policy_version"]
    assert first["latency_ms"] >= 0 and first["decision"]["source"]
    assert [line["index"] for line in lines[1:]] == [0, 1]
    assert lines[2]["reason"] == "no_grant" and lines[2]["batch_size"] == 2


# --- OpenAPI ----------------------------------------------------------------


def test_served_openapi_equals_the_committed_document(served: Running) -> None:
    committed = json.loads(
        (Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text()
    )
    served_doc = served.client.get("/openapi.json").json()
    assert served_doc == committed, (
        "regenerate: python -m gridrules.service.openapi > docs/openapi.json"
    )


def test_every_route_is_documented(served: Running) -> None:
    from gridrules.service.app import FAST_ROUTES, ROUTES
    from gridrules.service.multi import PREFIX, TOP_ROUTES
    from gridrules.service.openapi import document

    paths = document()["paths"]
    served = {path: {m.lower() for m in methods} for path, _, _, methods, _ in ROUTES}
    served |= {path: {"post"} for path in FAST_ROUTES}
    # several jurisdictions: every /v1/ path (and /readyz) again below /v1/jurisdictions/{id}/
    inner = {p: m for p, m in served.items() if p.startswith("/v1/") or p == "/readyz"}
    served |= {
        f"{PREFIX}/{{jurisdiction}}/{p.removeprefix('/v1/').lstrip('/')}": m
        for p, m in inner.items()
    }
    served |= {path: {"get"} for path, _, _ in TOP_ROUTES}
    assert served == {path: set(ops) for path, ops in paths.items()}
