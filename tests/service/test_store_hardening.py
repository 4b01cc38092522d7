"""The store under a bad day (issue 11): concurrent publishes, forged rows, unloadable versions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx

from gridrules.service.holder import APPLIED, REJECTED, PolicyHolder
from gridrules.service.store import Bundle, PolicyStore, StoreSource, bundle_policy

from .support import GRIDRULES, READ, running_app
from .test_holder import break_policy, rename


def test_five_concurrent_publishes_on_a_fresh_store_never_deadlock(
    postgres: object, store_dsn: str, policy_dir: Path, tmp_path: Path
) -> None:
    from .support import PostgresCluster

    assert isinstance(postgres, PostgresCluster)
    folders = []
    for i in range(5):
        folder = tmp_path / f"copy{i}" / "example"
        shutil.copytree(policy_dir, folder)
        rename(folder, f"Street {i}")  # five different versions of one jurisdiction
        folders.append(folder)
    for dsn in (store_dsn, postgres.new_database()):  # two fresh stores
        runs = [
            subprocess.Popen(
                [GRIDRULES, "publish", str(f), "--store", dsn, "--lang", "en"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for f in folders
        ]
        results = [(p.wait(60), *p.communicate()) for p in runs]
        for code, out, err in results:
            assert "deadlock" not in err, err
            assert code == 0, err
            assert out.startswith("published example "), out
        history = PolicyStore(dsn).history("example")
        assert len(history) == 5 and len({r.digest for r in history}) == 5


def _forge(store_dsn: str, bundle: Bundle, version_hash: str) -> None:
    """Rows as someone with write access to the tables could insert them (digest correct)."""
    import psycopg

    with psycopg.connect(store_dsn) as conn, conn.transaction():
        conn.execute(
            "INSERT INTO gridrules_policy_version "
            "(digest, version_hash, jurisdiction, folder, file_count) VALUES (%s, %s, %s, %s, %s)",
            (bundle.digest, version_hash, "example", bundle.folder, len(bundle.files)),
        )
        for path, content in bundle.files.items():
            conn.execute(
                "INSERT INTO gridrules_policy_file (digest, path, content) VALUES (%s, %s, %s)",
                (bundle.digest, path, content),
            )
        conn.execute(
            "INSERT INTO gridrules_policy_release (jurisdiction, digest) VALUES ('example', %s)",
            (bundle.digest,),
        )


def _version_hash(folder: Path) -> str:
    try:
        from gridrules.policy import load_policy  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # before the loading split
        from gridrules.loader import load_policy  # type: ignore[attr-defined,no-redef,unused-ignore]
    from gridrules.version import policy_version

    result = load_policy(folder)
    assert result.policy is not None
    return policy_version(result.policy).hash


def test_a_row_folder_outside_the_store_is_refused(
    store_dsn: str, policy_dir: Path, tmp_path: Path
) -> None:
    store = PolicyStore(store_dsn)
    first = store.publish(policy_dir)
    (tmp_path / "cache").mkdir()
    source = StoreSource(store, "example", cache=tmp_path / "cache")
    holder = PolicyHolder(source)
    assert holder.reload("startup").status == APPLIED

    host = tmp_path / "host" / "example"  # a folder on the replica's host, not in the store
    shutil.copytree(policy_dir, host)
    rename(host, "Host folder")
    good = store.fetch(first.release.digest)
    host_hash = _version_hash(host)  # the forger makes the version hash match the host folder
    for folder in (str(host), "../../host/example", "example/../../../host/example"):
        forged = Bundle(folder, good.files)
        _forge(store_dsn, forged, host_hash)
        outcome = holder.reload("notify")
        assert outcome.status == REJECTED, folder
        assert outcome.rejection is not None
        assert "not inside" in outcome.rejection.message.en
        assert holder.current is not None and holder.current.extra["digest"] == first.release.digest
    source.close()


def test_a_fresh_replica_says_why_it_is_not_ready(
    store_dsn: str, policy_dir: Path, tmp_path: Path
) -> None:
    store = PolicyStore(store_dsn)
    break_policy(policy_dir)
    files = tuple(str(p) for p in sorted(policy_dir.rglob("*.yaml")))
    bundle = bundle_policy(policy_dir, files)
    store.ensure_schema()
    _forge(store_dsn, bundle, "0" * 12)
    (tmp_path / "cache").mkdir()
    source = StoreSource(store, "example", cache=tmp_path / "cache")
    holder = PolicyHolder(source)
    assert holder.reload("startup").status == REJECTED
    try:
        with running_app(holder) as served:
            r = httpx.get(served.url + "/readyz")
            assert r.status_code == 503
            body = r.json()
            assert body["ready"] is False
            reason = body["reason"]
            assert "does not validate" in reason["message_en"] and reason["message_zh"]
            assert reason["errors"] >= 1 and reason["trigger"] == "startup"
            meta = httpx.get(served.url + "/v1/policy", headers=READ).json()
            assert meta["rejected"]["problems"]  # the details, behind a token
    finally:
        source.close()
