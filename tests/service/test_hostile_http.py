"""Hostile HTTP input (issue 11): bad Unicode, trailing-slash redirects, every failure is JSON."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .support import ADMIN, CHECK, READ, Running

SURROGATE_BODY = b'{"principal": "\\ud800", "action": "handle", "matter": "m", "grid": "g"}'


def assert_json_error(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json"), r.text
    body = r.json()
    assert body["allowed"] is False and body["error"] is True
    assert body["message_zh"] and body["message_en"]
    return body


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/check", SURROGATE_BODY),
        (
            "/v1/check",
            b'{"principal": "W001", "action": "handle", "matter": "m", "grid": "\\udfff"}',
        ),
        ("/v1/check/batch", b'{"requests": [' + SURROGATE_BODY + b"]}"),
        ("/v1/what-can", b'{"principal": "\\ud800"}'),
        ("/v1/what-can", b'{"principal": {"roles": ["\\ud800"], "grid": "S01C01G01"}}'),
        ("/v1/admin/emergency", b'{"plan": "\\ud800", "level": "I"}'),
        ("/v1/check", b'{"\\ud800": 1}'),
    ],
)
def test_lone_surrogate_is_a_json_400(
    served: Running, path: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {**(ADMIN if "admin" in path else READ), "content-type": "application/json"}
    r = served.client.post(path, content=body, headers=headers)
    err = assert_json_error(r, 400)
    assert err["code"] == "invalid_unicode"
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/what-can", {"principal": "\ud800"}),
        ("/v1/who-can", {"action": "handle", "matter": "\udfff", "grid": "S01C01G01"}),
        ("/v1/route", {"matter": "\ud800"}),
    ],
)
def test_lone_surrogate_in_a_query_is_never_a_500(
    served: Running, path: str, params: dict[str, str]
) -> None:
    # httpx cannot send a lone surrogate; send its (invalid) UTF-8-ish percent escape by hand
    query = "&".join(
        f"{k}={'%ED%A0%80' if any(0xD800 <= ord(c) <= 0xDFFF for c in v) else v}"
        for k, v in params.items()
    )
    r = served.client.get(f"{path}?{query}", headers=READ)
    assert r.status_code in (400, 404), r.text
    assert_json_error(r, r.status_code)


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("POST", "/v1/admin/reload/", ADMIN),
        ("POST", "/v1/check/", READ),
        ("GET", "/v1/policy/", READ),
        ("GET", "/healthz/", {}),
        ("POST", "/v1/admin/emergency/", ADMIN),
    ],
)
def test_no_redirect_built_from_the_host_header(
    served: Running, method: str, path: str, headers: dict[str, str]
) -> None:
    r = served.client.request(method, path, headers={**headers, "Host": "evil.example"}, json=CHECK)
    assert "location" not in r.headers
    assert not 300 <= r.status_code < 400
    assert_json_error(r, 404)


def test_an_exception_escaping_a_handler_is_json(served: Running, monkeypatch: Any) -> None:
    from gridrules.service import holder as holder_module

    def broken(self: Any) -> dict[str, Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(holder_module.PolicyHolder, "describe", broken)
    assert_json_error(served.client.get("/v1/policy", headers=READ), 500)
