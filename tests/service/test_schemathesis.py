"""Schemathesis against the committed OpenAPI document, on a live server (bounded examples)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gridrules.service.holder import FolderSource, PolicyHolder  # noqa: E402

from .support import ADMIN, EXAMPLE_BASE, Running, running_app  # noqa: E402

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_dict(json.loads(COMMITTED.read_text()))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    import shutil

    folder = tmp_path_factory.mktemp("schemathesis") / "example"
    shutil.copytree(EXAMPLE_BASE, folder)
    holder = PolicyHolder(FolderSource(folder))
    holder.reload("startup")
    with running_app(holder) as running:
        yield running


@pytest.fixture(scope="module")
def live_multi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A service holding several jurisdictions, for the /v1/jurisdictions paths."""
    import shutil

    from gridrules.service.multi import create_multi_app

    from .support import make_auth
    from .test_multi import running

    root = tmp_path_factory.mktemp("schemathesis-multi")
    holders = []
    for jid in ("example", "other"):
        shutil.copytree(EXAMPLE_BASE, root / jid)
        doc = root / jid / "jurisdiction.yaml"
        doc.write_text(doc.read_text().replace("id: example", f"id: {jid}", 1))
        holder = PolicyHolder(FolderSource(root / jid))
        holder.reload("startup")
        holders.append(holder)
    with running(create_multi_app(holders, auth=make_auth())) as url:
        yield url


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_the_committed_document(
    case: schemathesis.Case, live: Running, live_multi: str
) -> None:
    # the admin token may do everything, so every operation is reachable
    if case.path.startswith("/v1/jurisdictions"):
        if case.path_parameters is not None and "jurisdiction" in case.path_parameters:
            case.path_parameters["jurisdiction"] = "example"
        case.call_and_validate(base_url=live_multi, headers=ADMIN, checks=CHECKS)
        return
    case.call_and_validate(base_url=live.url, headers=ADMIN, checks=CHECKS)
