from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_BASE = ROOT / "src" / "gridrules" / "rules" / "example_base"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
POLICIES = ROOT / "policies"


def overlay(base: Path, target: Path, files: dict[str, str | None]) -> Path:
    """Copy a policy folder and lay files over it (None removes a file)."""
    shutil.copytree(base, target)
    for name, content in files.items():
        path = target / name
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            # surrogateescape lets an example carry non-UTF-8 bytes (rule GR004)
            path.write_bytes(content.encode("utf-8", errors="surrogateescape"))
    return target


@pytest.fixture
def make_policy(tmp_path: Path) -> Callable[..., Path]:
    """make_policy({"grids.yaml": "..."}) → a copy of the example base with those files laid over."""
    counter = iter(range(1000))

    def make(files: dict[str, str | None] | None = None, base: Path = EXAMPLE_BASE) -> Path:
        return overlay(base, tmp_path / f"policy{next(counter)}", files or {})

    return make


@pytest.fixture(scope="session")
def _crash_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crash-logs")


@pytest.fixture(autouse=True)
def _no_crash_logs_in_home(_crash_logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that crashes in a test writes its crash log (docs/cli.md) here, not in ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_crash_logs))


# Under CI every real component (PostgreSQL, Chromium, WeasyPrint and a CJK font) is installed
# by scripts/setup --test, so a skip there means a broken install, not an optional extra.
STRICT_SKIPS = bool(os.environ.get("CI"))


def _fail_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    report.outcome = "failed"
    report.longrepr = (
        f"skipped under CI=true, where scripts/setup --test installs everything: {report.longrepr}"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    if STRICT_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        _fail_skip(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    outcome = yield
    report = outcome.get_result()
    if STRICT_SKIPS and report.skipped:
        _fail_skip(report)
