"""A content-addressed cache of laid-out PDFs, so a re-render lays out only what changed.

The key of a PDF is the SHA-256 of everything its bytes depend on: the layout
engine and its version, the finished HTML (or the Typst template and the JSON
view data), the staged stylesheets and assets, the file's name, title,
jurisdiction and generation date. A one-grid change alters one community's
notice data, so only that community's PDF is laid out again; the others are
copied from the cache.

Where: `$GRIDRULES_RENDER_CACHE`, else `$XDG_CACHE_HOME/gridrules/render`
(`~/.cache/gridrules/render`); `GRIDRULES_RENDER_CACHE=off` turns it off.
Entries are written atomically (temporary file, then rename), so concurrent
renders and an interrupted one never leave a torn entry. Files older than
`MAX_AGE_DAYS` are pruned now and then.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

VARIABLE = "GRIDRULES_RENDER_CACHE"
MAX_AGE_DAYS = 30


def cache_dir() -> Path | None:
    setting = os.environ.get(VARIABLE, "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".cache"
    return root / "gridrules" / "render"


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """A digest of every file under `folder` (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class PdfCache:
    """PDFs by key, each with its page count."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @classmethod
    def default(cls) -> PdfCache:
        return cls(cache_dir())

    def _paths(self, k: str) -> tuple[Path, Path]:
        assert self.folder is not None
        base = self.folder / k[:2] / k
        return base.with_suffix(".pdf"), base.with_suffix(".pages")

    def fetch(self, k: str, target: Path) -> int | None:
        """Copy the cached PDF to `target` and return its page count, or None on a miss."""
        if self.folder is None:
            self.misses += 1
            return None
        pdf, pages = self._paths(k)
        try:
            count = int(pages.read_text(encoding="ascii"))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, target)
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return count

    def store(self, k: str, source: Path, pages: int) -> None:
        """Keep a copy of `source`; a cache that cannot be written is no error."""
        if self.folder is None:
            return
        pdf, count = self._paths(k)
        try:
            pdf.parent.mkdir(parents=True, exist_ok=True)
            for data, path in ((None, pdf), (str(pages), count)):
                fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=pdf.parent)
                os.close(fd)
                if data is None:
                    shutil.copyfile(source, temporary)
                else:
                    Path(temporary).write_text(data, encoding="ascii")
                os.replace(temporary, path)
        except OSError:
            return

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        cutoff = time.time() - max_age_days * 86400
        for path in _files(self.folder):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                continue


def _files(folder: Path) -> Iterable[Path]:
    return (p for p in folder.glob("*/*") if p.is_file())
