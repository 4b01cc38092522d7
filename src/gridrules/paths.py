"""One path policy for everything gridrules reads from a policy tree.

Every file or folder a policy names — YAML files in a jurisdiction folder, the
CSV a registry points at, the folder `extends` names, a store's folder — goes
through here:

- the path is resolved (symlinks followed) and must stay inside its root: a
  symlink that leaves the root is refused like a `../` that does (GR006);
- a file must be a regular file: FIFOs, sockets, character and block devices
  (`/dev/zero` behind a symlink) and folders are refused (GR012) — checked
  with `stat` before opening, opened non-blocking, checked again with `fstat`
  on the open descriptor, so nothing hangs and nothing is read from a device;
- reads are bounded: at most `max_bytes`, however the file grows meanwhile;
- a symlink loop, a permission error or an unreadable parent folder is a
  positioned problem (GR011 "permission denied", never "not found"), and a
  missing path is GR005.

Each refusal is a `SourceError` carrying a `Problem`; `where` is the location
of the reference that named the path (the `csv:` or `extends:` line), else
the path itself.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from gridrules.catalogue import msg
from gridrules.problems import Level, Location, Problem, Text

CHUNK = 1 << 20


class SourceError(Exception):
    """A file cannot be read as policy; carries the problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message.en)
        self.problem = problem


def load_problem(
    code: str, rule: str, location: Location, message: Text, hint: Text | None = None
) -> Problem:
    return Problem(code, rule, Level.ERROR, message, location, hint=hint)


def _at(display: str, where: Location | None) -> Location:
    return where if where is not None else Location(display)


def missing(display: str, where: Location | None = None, what: Text | None = None) -> Problem:
    return load_problem(
        "GR005",
        "missing-file",
        _at(display, where),
        what or msg("core.paths.missing.message", path=display),
        msg("core.paths.missing.hint"),
    )


def unreadable(display: str, exc: OSError | RuntimeError, where: Location | None = None) -> Problem:
    """GR011: the path exists but cannot be read (permissions, a symlink loop, an I/O error)."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, RuntimeError) or code == errno.ELOOP:
        why = "loop"
    elif code in (errno.EACCES, errno.EPERM):
        why = "denied"
    else:
        why = "failed"
    return load_problem(
        "GR011",
        "unreadable-file",
        _at(display, where),
        msg(
            "core.paths.unreadable.message",
            path=display,
            reason=msg(f"core.paths.unreadable.{why}.reason", error=exc),
        ),
        msg(f"core.paths.unreadable.{why}.hint"),
    )


def escapes(display: str, root: Path, where: Location | None = None) -> Problem:
    return load_problem(
        "GR006",
        "path-escapes-root",
        _at(display, where),
        msg("core.paths.escapes.message", path=display, root=root),
        msg("core.paths.escapes.hint"),
    )


_KINDS = (
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "char_device"),
    (stat.S_ISBLK, "block_device"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISDIR, "folder"),
)


def special(display: str, mode: int, where: Location | None = None) -> Problem:
    kind = next((name for test, name in _KINDS if test(mode)), "special")
    return load_problem(
        "GR012",
        "not-regular-file",
        _at(display, where),
        msg("core.paths.special.message", path=display, kind=msg(f"core.paths.kind.{kind}")),
        msg("core.paths.special.hint"),
    )


def too_large(display: str, size: int, max_bytes: int, where: Location | None = None) -> Problem:
    return load_problem(
        "GR003",
        "file-too-large",
        where if where is not None else Location(display, 1, 1),
        msg("core.paths.too_large.message", size=f"{size:,}", limit=f"{max_bytes:,}"),
        msg("core.paths.too_large.hint"),
    )


def inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def resolve(path: Path, display: str, where: Location | None = None) -> Path:
    """The real path (symlinks followed), or a SourceError: missing, loop, permission denied."""
    try:
        return path.resolve(strict=True)
    except FileNotFoundError:
        raise SourceError(missing(display, where)) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        raise SourceError(unreadable(display, exc, where)) from None


def resolve_within(path: Path, root: Path, display: str, where: Location | None = None) -> Path:
    """`path` resolved (symlinks followed), refused unless it stays inside `root`."""
    root = Path(os.path.realpath(root))
    if not inside(Path(os.path.realpath(path)), root):  # refused before the target is touched
        raise SourceError(escapes(display, root, where))
    real = resolve(path, display, where)
    if not inside(real, root):
        raise SourceError(escapes(display, root, where))
    return real


def _stat_within(
    path: Path, root: Path | None, display: str, where: Location | None
) -> tuple[Path, int]:
    """The real path (inside `root` when given) and its mode, or a SourceError."""
    real = (
        resolve_within(path, root, display, where)
        if root is not None
        else resolve(path, display, where)
    )
    try:
        return real, os.stat(real).st_mode
    except OSError as exc:
        raise SourceError(unreadable(display, exc, where)) from None


def check_folder(
    path: Path, root: Path | None, display: str, where: Location | None = None
) -> Path:
    """A folder to read (a store folder, an `extends` target): resolved, inside root, a folder.

    For the service engineer's store rows: `check_folder(Path(row.folder), store_root, ...)`.
    """
    real, mode = _stat_within(path, root, display, where)
    if not stat.S_ISDIR(mode):
        raise SourceError(
            special(display, mode, where)
            if not stat.S_ISREG(mode)
            else missing(display, where, msg("core.paths.not_folder", path=display))
        )
    return real


def open_regular(
    path: Path,
    display: str,
    max_bytes: int,
    *,
    root: Path | None = None,
    where: Location | None = None,
) -> tuple[BinaryIO, int]:
    """Open a regular file inside `root` for reading: (binary file, size). Never blocks."""
    real, mode = _stat_within(path, root, display, where)
    if not stat.S_ISREG(mode):
        raise SourceError(special(display, mode, where))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise SourceError(unreadable(display, exc, where)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between stat and open
            raise SourceError(special(display, st.st_mode, where))
        if st.st_size > max_bytes:
            raise SourceError(too_large(display, st.st_size, max_bytes, where))
        return os.fdopen(fd, "rb", buffering=0), st.st_size
    except BaseException:
        os.close(fd)
        raise


def read_bounded(
    path: Path,
    display: str,
    max_bytes: int,
    *,
    root: Path | None = None,
    where: Location | None = None,
) -> bytes:
    """The whole regular file, at most `max_bytes` (a file growing past it is refused)."""
    handle, _ = open_regular(path, display, max_bytes, root=root, where=where)
    with handle:
        chunks = list(bounded_chunks(handle, display, max_bytes, where))
    return b"".join(chunks)


def bounded_chunks(
    handle: BinaryIO, display: str, max_bytes: int, where: Location | None = None
) -> Iterator[bytes]:
    total = 0
    while True:
        try:
            chunk = handle.read(CHUNK)
        except OSError as exc:
            raise SourceError(unreadable(display, exc, where)) from None
        if not chunk:
            return
        total += len(chunk)
        if total > max_bytes:
            raise SourceError(too_large(display, total, max_bytes, where))
        yield chunk


def list_folder(
    folder: Path, display: str, where: Location | None = None
) -> list[os.DirEntry[str]]:
    """The entries of a folder, sorted by name; an unreadable folder is GR011, not a traceback."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except FileNotFoundError:
        raise SourceError(
            missing(display, where, msg("core.paths.no_folder", path=display))
        ) from None
    except (OSError, RuntimeError) as exc:
        raise SourceError(unreadable(display, exc, where)) from None


__all__ = [
    "SourceError",
    "bounded_chunks",
    "check_folder",
    "inside",
    "list_folder",
    "load_problem",
    "open_regular",
    "read_bounded",
    "resolve",
    "resolve_within",
]
