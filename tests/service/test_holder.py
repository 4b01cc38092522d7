"""The policy holder on its own (no HTTP): atomic swaps, rejected reloads, watching files."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest

from gridrules.decision import Request
from gridrules.service.holder import (
    APPLIED,
    REJECTED,
    UNCHANGED,
    FolderSource,
    NotReady,
    PolicyHolder,
    watch_folder,
)

from .support import CHECK, EXAMPLE_BASE

REQUEST = Request.from_dict(CHECK)
ELDERLY = Request("W001", "report", "elderly_visit", "S01C01G01")


def rename(folder: Path, name_en: str) -> None:
    path = folder / "jurisdiction.yaml"
    text = path.read_text()
    path.write_text(text.replace(text.split("name_en: ")[1].splitlines()[0], name_en))


def break_policy(folder: Path) -> None:
    with (folder / "roles.yaml").open("a") as f:
        f.write("  - id: [unclosed\n")


def drop_elderly_grant(folder: Path) -> None:
    path = folder / "responsibilities.yaml"
    path.write_text(
        path.read_text().replace(
            "matters: [neighbour_dispute, elderly_visit]", "matters: [neighbour_dispute]"
        )
    )


def test_first_load_then_unchanged(policy_dir: Path) -> None:
    holder = PolicyHolder(FolderSource(policy_dir))
    with pytest.raises(NotReady):
        holder.require()
    first = holder.reload("startup")
    assert first.status == APPLIED and first.previous is None
    assert holder.require().jurisdiction == "example"
    again = holder.reload("admin")
    assert again.status == UNCHANGED and again.version == first.version


def test_a_change_is_swapped_in_and_old_snapshots_keep_answering(policy_dir: Path) -> None:
    holder = PolicyHolder(FolderSource(policy_dir))
    holder.reload("startup")
    old = holder.require()
    assert old.engine.check(ELDERLY).allowed
    drop_elderly_grant(policy_dir)
    outcome = holder.reload("file")
    assert outcome.status == APPLIED and outcome.previous == old.version
    new = holder.require()
    assert new.version != old.version
    assert not new.engine.check(ELDERLY).allowed
    # a request that started on the old snapshot finishes on it, with its version
    decision = old.engine.check(ELDERLY)
    assert decision.allowed and decision.policy_version == old.version


def test_an_invalid_policy_never_replaces_the_running_one(policy_dir: Path) -> None:
    holder = PolicyHolder(FolderSource(policy_dir))
    holder.reload("startup")
    good = holder.require()
    seen = []
    holder.subscribe(lambda outcome, snapshot: seen.append((outcome.status, snapshot)))
    break_policy(policy_dir)
    outcome = holder.reload("signal")
    assert outcome.status == REJECTED and outcome.version == good.version
    assert holder.require() is good
    rejected = holder.rejected
    assert rejected is not None and rejected.trigger == "signal"
    assert any(p.code == "GR001" for p in rejected.problems)
    described = holder.describe()
    assert described["rejected"]["errors"] >= 1
    assert described["rejected"]["problems"][0]["file"].endswith("roles.yaml")
    assert seen == [(REJECTED, good)]
    # fixing it clears the rejection
    shutil.copy(EXAMPLE_BASE / "roles.yaml", policy_dir / "roles.yaml")
    assert holder.reload("file").status == UNCHANGED
    assert holder.rejected is None


def test_an_engine_that_refuses_the_policy_is_a_rejection(
    policy_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridrules import engine

    holder = PolicyHolder(FolderSource(policy_dir))
    holder.reload("startup")
    good = holder.require()

    def refuse(*args: object, **kw: object) -> None:
        raise RuntimeError("compile failed")

    monkeypatch.setattr(engine.Engine, "from_policy", classmethod(refuse))
    rename(policy_dir, "Renamed")
    outcome = holder.reload("admin")
    assert outcome.status == REJECTED
    assert "compile failed" in outcome.rejection.message.en  # type: ignore[union-attr]
    assert holder.require() is good


def test_missing_folder_is_rejected_not_raised(tmp_path: Path) -> None:
    holder = PolicyHolder(FolderSource(tmp_path / "nowhere"))
    outcome = holder.reload("startup")
    assert outcome.status == REJECTED and holder.current is None
    assert outcome.rejection is not None and outcome.rejection.problems[0].code == "GR005"


def test_concurrent_reloads_are_serialised(policy_dir: Path) -> None:
    holder = PolicyHolder(FolderSource(policy_dir))
    holder.reload("startup")
    drop_elderly_grant(policy_dir)
    outcomes = []
    threads = [
        threading.Thread(target=lambda: outcomes.append(holder.reload("admin"))) for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o.status for o in outcomes) == [APPLIED] + [UNCHANGED] * 5


def test_watch_dirs_follow_the_extends_chain(tmp_path: Path) -> None:
    base = tmp_path / "root" / "base"
    shutil.copytree(EXAMPLE_BASE, base)
    child = tmp_path / "root" / "child"
    child.mkdir()
    (child / "jurisdiction.yaml").write_text(
        "kind: jurisdiction\nversion: 1\nid: child\nname: 子辖区\nlevel: street\ncharacter: urban\nextends: ../base\n"
    )
    source = FolderSource(child)
    holder = PolicyHolder(source)
    outcome = holder.reload("startup")
    assert outcome.status == APPLIED, outcome.rejection
    assert source.watch_dirs(holder.current) == {child.resolve(), base.resolve()}


def test_watch_folder_reloads_on_change(policy_dir: Path) -> None:
    holder = PolicyHolder(FolderSource(policy_dir))
    holder.reload("startup")
    first = holder.require().version

    async def scenario() -> list[str]:
        stop = asyncio.Event()
        task = asyncio.create_task(watch_folder(holder, holder.source, stop, debounce_ms=20))  # type: ignore[arg-type]
        await asyncio.sleep(0.3)
        statuses = []
        rename(policy_dir, "Watched")
        for _ in range(200):
            await asyncio.sleep(0.02)
            if holder.require().version != first:
                break
        statuses.append(holder.last_reload.status)  # type: ignore[union-attr]
        (policy_dir / "notes.txt").write_text("not a policy file")  # ignored
        break_policy(policy_dir)
        for _ in range(200):
            await asyncio.sleep(0.02)
            if holder.rejected is not None:
                break
        statuses.append(holder.last_reload.status)  # type: ignore[union-attr]
        stop.set()
        await asyncio.wait_for(task, 5)
        return statuses

    assert asyncio.run(scenario()) == [APPLIED, REJECTED]
    assert holder.require().version != first
    assert holder.last_reload.trigger == "file"  # type: ignore[union-attr]
