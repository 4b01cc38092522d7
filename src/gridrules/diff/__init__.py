"""Change impact: what a policy change does, computed from the compiled decisions.

    from gridrules.diff import SideSpec, diff_paths
    from gridrules.diff.report import FORMATS

    report = diff_paths(SideSpec("policies/chengdu", rev="main"), SideSpec("policies/chengdu"))
    print(FORMATS["markdown"](report, "zh"))
    report.widening, report.exit_code("widening")

Modules: model_diff (definitions), permissions (effective permissions from the
compiled decisions), impact (grids and people touched, routes, handbook pages),
flags (risky admissions and grants), side (load one side, git revisions via
git), compare (the `DiffReport`), report (text, Markdown, JSON).
See docs/diff.md.
"""

from __future__ import annotations

import datetime as dt

from gridrules.diff.compare import FAIL_ON, DiffReport, compare, notice_request
from gridrules.diff.side import (
    Runner,
    Session,
    SideInvalid,
    SideSpec,
    can_fork,
    policy_session,
    session,
)
from gridrules.model import Policy

__all__ = [
    "FAIL_ON",
    "DiffReport",
    "SideInvalid",
    "SideSpec",
    "diff_paths",
    "diff_policies",
]


def _run(old: Runner, new: Runner, at: dt.date, pages: bool) -> DiffReport:
    try:
        before, after = old.first(), new.first()
        prints = None
        if pages:
            notices = notice_request(before, after)
            old.ask_pages(notices)  # both children work at once
            new.ask_pages(notices)
            old_pages, new_pages = old.pages(), new.pages()
            if old_pages is not None and new_pages is not None:
                prints = (old_pages, new_pages)
        report = compare(before, after, at, prints)
    except BaseException:
        old.close(abort=True)
        new.close(abort=True)
        raise
    old.close()
    new.close()
    return report


def diff_paths(
    old: SideSpec,
    new: SideSpec,
    *,
    at: dt.date | None = None,
    pages: bool = True,
    jobs: int = 1,
) -> DiffReport:
    """Diff two policy folders (each possibly at a git revision).

    Raises `SideInvalid` when a side does not validate (see gridrules.diff.side),
    `GitError` for a revision that cannot be read. `jobs=2` loads the sides in
    two processes (where fork is available).
    """
    day = at or dt.date.today()
    fork = jobs > 1 and can_fork()

    def make(side: str, spec: SideSpec) -> Session:
        return session(side, spec, day)

    first = Runner(lambda: make("old", old), fork)
    try:
        second = Runner(lambda: make("new", new), fork)
    except BaseException:
        first.close()
        raise
    return _run(first, second, day, pages)


def diff_policies(
    old: Policy, new: Policy, *, at: dt.date | None = None, pages: bool = True
) -> DiffReport:
    """Diff two policies already loaded (and validated) in this process."""
    day = at or dt.date.today()
    return _run(
        Runner(lambda: policy_session("old", old, day, "old"), False),
        Runner(lambda: policy_session("new", new, day, "new"), False),
        day,
        pages,
    )
