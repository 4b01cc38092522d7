"""The PostgreSQL store, on a real throwaway cluster: publish, immutability, rollback, replicas."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from gridrules.decision import PolicyInvalid, Request
from gridrules.service.holder import APPLIED, REJECTED, UNCHANGED, PolicyHolder
from gridrules.service.store import (
    CURRENT,
    NEW,
    ROLLBACK,
    PolicyStore,
    StoreError,
    StoreListener,
    StoreSource,
)
from gridrules.version import policy_version

from .support import EXAMPLE_BASE, GRIDRULES, READ, serve_process, wait_until
from .test_holder import break_policy, drop_elderly_grant, rename

ELDERLY = Request("W001", "report", "elderly_visit", "S01C01G01")


def test_publish_is_content_addressed_and_rollback_is_a_new_pointer(
    store_dsn: str, policy_dir: Path
) -> None:
    store = PolicyStore(store_dsn)
    first = store.publish(policy_dir)
    assert first.status == NEW and first.release.jurisdiction == "example"
    assert first.release.version_hash == policy_version_of(policy_dir)
    assert store.publish(policy_dir).status == CURRENT  # nothing changed: no new release

    rename(policy_dir, "Second")
    second = store.publish(policy_dir, note="rename")
    assert second.status == NEW and second.release.id > first.release.id
    assert second.release.note == "rename"

    rename(policy_dir, "Example street")  # back to the first content
    back = store.publish(policy_dir)
    assert back.status == ROLLBACK and back.release.digest == first.release.digest
    assert store.newest("example").id == back.release.id  # type: ignore[union-attr]
    # and by version, without the files
    again = store.republish("example", second.release.version_hash)
    assert again.status == ROLLBACK and again.release.digest == second.release.digest
    history = store.history("example")
    assert [r.digest for r in history] == [
        second.release.digest,
        first.release.digest,
        second.release.digest,
        first.release.digest,
    ]
    with pytest.raises(StoreError):
        store.republish("example", "ffffffffffff")


def policy_version_of(folder: Path) -> str:
    from gridrules.policy import load_policy

    result = load_policy(folder)
    assert result.policy is not None
    return policy_version(result.policy).hash


def test_published_versions_are_immutable(store_dsn: str, policy_dir: Path) -> None:
    import psycopg

    store = PolicyStore(store_dsn)
    store.publish(policy_dir)
    with psycopg.connect(store_dsn, autocommit=True) as conn:
        for sql in (
            "UPDATE gridrules_policy_file SET content = 'x'",
            "DELETE FROM gridrules_policy_version",
            "UPDATE gridrules_policy_release SET digest = digest",
            "TRUNCATE gridrules_policy_release CASCADE",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)


def test_an_invalid_policy_is_not_published(store_dsn: str, policy_dir: Path) -> None:
    store = PolicyStore(store_dsn)
    break_policy(policy_dir)
    with pytest.raises(PolicyInvalid):
        store.publish(policy_dir)
    assert store.history() == []


def test_publish_keeps_the_extends_layout(store_dsn: str, tmp_path: Path) -> None:
    base = tmp_path / "root" / "base"
    shutil.copytree(EXAMPLE_BASE, base)
    child = tmp_path / "root" / "districts" / "child"
    child.mkdir(parents=True)
    (child / "jurisdiction.yaml").write_text(
        "kind: jurisdiction\nversion: 1\nid: child\nname: 子辖区\nlevel: street\n"
        "character: urban\nextends: ../../base\n"
    )
    store = PolicyStore(store_dsn)
    published = store.publish(child, root=tmp_path / "root")
    assert published.release.jurisdiction == "child"
    source = StoreSource(store, "child", snapshots=False)  # the files, validated here
    try:
        snapshot = source.load()
        assert snapshot.jurisdiction == "child"
        assert snapshot.version == published.version
        # the parent's documents came along, at the same relative place
        names = {Path(f).relative_to(source.cache).parts[1:] for f in snapshot.files}
        assert ("districts", "child", "jurisdiction.yaml") in names
        assert ("base", "roles.yaml") in names
        assert snapshot.engine.route("neighbour_dispute", None).handling_tier == "grid"
    finally:
        source.close()


def test_replica_loads_the_compiled_snapshot(store_dsn: str, policy_dir: Path) -> None:
    from gridrules.engine import Request
    from gridrules.service.holder import PolicyRejected

    store = PolicyStore(store_dsn)
    published = store.publish(policy_dir)
    compiled = store.fetch_snapshot(published.release.digest)
    assert compiled is not None
    source = StoreSource(store)
    try:
        snapshot = source.load()
        assert snapshot.extra["snapshot"] and snapshot.files == ()
        assert snapshot.version == published.version  # the release's version string
        full = StoreSource(store, snapshots=False)
        try:
            folder = full.load()
            request = Request("W001", "handle", "neighbour_dispute", "S01C01G01")
            ours, theirs = snapshot.engine.check(request), folder.engine.check(request)
            # the same decision; `source` names the file where it was compiled (the publisher's
            # folder), not the replica's temporary copy
            assert ours.to_dict() | {"source": ""} == theirs.to_dict() | {"source": ""}
            assert ours.source.endswith("responsibilities.yaml:7:9")
        finally:
            full.close()
        # a corrupt or foreign snapshot is a rejection, never served
        for bad in (compiled[:-20], compiled.replace(b'"format":1', b'"format":9', 1)):
            with pytest.raises(PolicyRejected):
                source._from_snapshot(published.release, bad)
    finally:
        source.close()


def test_store_source_and_listener_follow_publishes(store_dsn: str, policy_dir: Path) -> None:
    store = PolicyStore(store_dsn)
    source = StoreSource(store)
    holder = PolicyHolder(source)
    assert holder.reload("startup").status == REJECTED  # nothing published yet
    listener = StoreListener(holder, source, poll_seconds=60)
    listener.start()
    try:
        assert listener.connected.wait(10)
        published = store.publish(policy_dir)
        assert wait_until(lambda: holder.current is not None, 5)
        snapshot = holder.require()
        assert snapshot.version == published.version
        assert snapshot.extra["release"] == published.release.id
        assert snapshot.engine.check(ELDERLY).policy_version == published.version
        drop_elderly_grant(policy_dir)
        second = store.publish(policy_dir)
        assert wait_until(lambda: holder.require().version == second.version, 5)
        assert not holder.require().engine.check(ELDERLY).allowed
        assert holder.last_reload.trigger == "notify"  # type: ignore[union-attr]
    finally:
        listener.stop()
        source.close()


def test_listener_reconnects_and_catches_up(store_dsn: str, policy_dir: Path) -> None:
    import psycopg

    store = PolicyStore(store_dsn)
    store.publish(policy_dir)
    source = StoreSource(store, "example")
    holder = PolicyHolder(source)
    assert holder.reload("startup").status == APPLIED
    listener = StoreListener(holder, source, poll_seconds=60)
    listener.start()
    try:
        assert listener.connected.wait(10)
        # kill the listening connection from the server side, then publish while it is down
        with psycopg.connect(store_dsn, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'gridrules' AND query LIKE 'LISTEN%%'"
            )
        rename(policy_dir, "While away")
        published = store.publish(policy_dir)
        assert wait_until(lambda: holder.require().version == published.version, 10)
    finally:
        listener.stop()
        source.close()


def test_unreachable_store_is_one_clear_line(policy_dir: Path) -> None:
    result = subprocess.run(
        [
            GRIDRULES,
            "publish",
            str(policy_dir),
            "--store",
            "postgresql://nobody:secret@127.0.0.1:1/x",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot connect to the policy store" in lines[0]
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_publish_cli(store_dsn: str, policy_dir: Path) -> None:
    def publish(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [GRIDRULES, "publish", *args, "--store", store_dsn],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )

    ok = publish(str(policy_dir))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("published example ")
    assert "already current" in publish(str(policy_dir)).stdout
    break_policy(policy_dir)
    bad = publish(str(policy_dir))
    assert bad.returncode == 2  # invalid policy: refused input (docs/cli.md)
    assert "GR001" in bad.stderr and "not published" in bad.stderr
    history = publish("--history")
    assert history.returncode == 0 and history.stdout.count("example") == 1


def test_two_replicas_switch_within_a_second(store_dsn: str, policy_dir: Path) -> None:
    """Two `gridrules serve --store` replicas; measure how long until both serve a new publish."""
    store = PolicyStore(store_dsn)
    first = store.publish(policy_dir)
    args = ["--store", store_dsn, "--jurisdiction", "example"]
    with serve_process(args) as one, serve_process(args) as two:
        urls = [one.url, two.url]
        clients = [httpx.Client(base_url=u, headers=READ, timeout=5) for u in urls]
        try:
            body = {
                "principal": "W001",
                "action": "report",
                "matter": "elderly_visit",
                "grid": "S01C01G01",
            }

            def serving() -> list[str]:
                return [c.post("/v1/check", json=body).json()["policy_version"] for c in clients]

            assert serving() == [first.version] * 2
            switch_times = []  # from the publish's commit until both replicas answer with it
            publish_times = []
            for change in (drop_elderly_grant, lambda p: rename(p, "Third")):
                change(policy_dir)
                started = time.perf_counter()
                published = store.publish(policy_dir)
                committed = time.perf_counter()
                publish_times.append(committed - started)
                assert wait_until(lambda v=published.version: serving() == [v] * 2, 5, 0.002)
                switch_times.append(time.perf_counter() - committed)
            # rollback: publishing the first version again
            back = store.republish("example", first.release.version_hash)
            committed = time.perf_counter()
            assert wait_until(lambda: serving() == [back.version] * 2, 5, 0.002)
            switch_times.append(time.perf_counter() - committed)
            print(
                "\nreplica switch (commit → both replicas serving): "
                f"{[round(t * 1000) for t in switch_times]} ms; "
                f"publish (validate + store): {[round(t * 1000) for t in publish_times]} ms"
            )
            assert max(switch_times) < 1.0, switch_times
            meta = clients[0].get("/v1/policy").json()
            assert meta["policy"]["store"]["release"] == back.release.id
        finally:
            for c in clients:
                c.close()


def test_replica_started_before_any_publish_waits_not_ready(
    store_dsn: str, policy_dir: Path
) -> None:
    with serve_process(["--store", store_dsn]) as replica:
        assert httpx.get(replica.url + "/readyz").status_code == 503
        r = httpx.post(
            replica.url + "/v1/check",
            json={"principal": "W001", "action": "handle", "matter": "m", "grid": "g"},
            headers=READ,
        )
        assert r.status_code == 503 and r.json()["allowed"] is False
        PolicyStore(store_dsn).publish(policy_dir)
        assert wait_until(lambda: httpx.get(replica.url + "/readyz").status_code == 200, 5)


def test_unchanged_release_is_not_swapped(store_dsn: str, policy_dir: Path) -> None:
    store = PolicyStore(store_dsn)
    store.publish(policy_dir)
    source = StoreSource(store, "example")
    holder = PolicyHolder(source)
    try:
        assert holder.reload("startup").status == APPLIED
        assert holder.reload("signal").status == UNCHANGED
    finally:
        source.close()
