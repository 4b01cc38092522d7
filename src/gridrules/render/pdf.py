"""PDFs through WeasyPrint: A4, running headers, "第 N 页 / 共 M 页", a contents page.

Before anything is laid out, `preflight()` makes sure WeasyPrint loads and a
CJK font is installed: without one every Chinese character prints as a box,
so a missing font is an error (exit 2) naming the package to install, never a
PDF full of boxes. Rendering may fetch nothing but the staged assets: no
network, no other files, whatever a jurisdiction's template links to.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from jinja2 import Environment

from gridrules.catalogue import msg
from gridrules.render import card_fit
from gridrules.render.cache import PdfCache, folder_digest
from gridrules.render.context import Handbook
from gridrules.render.errors import RenderError
from gridrules.render.html import template_vars
from gridrules.render.progress import NullProgress, Progress
from gridrules.render.tables import fit_tables

# Families that cover Simplified Chinese, for when fc-list is not installed.
_CJK_FAMILY = re.compile(
    r"CJK|Source Han|WenQuanYi|AR PL|Droid Sans Fallback|PingFang|Hiragino Sans GB|"
    r"Microsoft YaHei|SimSun|SimHei|NSimSun|FangSong|KaiTi|STSong|STHeiti|Songti|Heiti|"
    r"Noto Sans SC|Noto Serif SC|LXGW",
    re.IGNORECASE,
)


def cjk_fonts() -> list[str]:
    """Installed font families that cover Chinese, as fontconfig sees them."""
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        try:
            result = subprocess.run(
                [fc_list, ":lang=zh", "family"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            result = None
        if result is not None and result.returncode == 0:
            return sorted({line.strip() for line in result.stdout.splitlines() if line.strip()})
    return [f for f in _fontconfig_families() if _CJK_FAMILY.search(f)]


def _fontconfig_families() -> list[str]:
    """Every family fontconfig knows, through WeasyPrint's own bindings."""
    try:
        from weasyprint.text.ffi import ffi, fontconfig
    except (ImportError, OSError):
        return []
    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        families: set[str] = set()
        if fonts == ffi.NULL:
            return []
        for i in range(fonts.nfont):
            value = ffi.new("FcChar8 **")
            if fontconfig.FcPatternGetString(fonts.fonts[i], b"family", 0, value) == 0:
                families.add(ffi.string(value[0]).decode("utf-8", "replace"))
        return sorted(families)
    finally:
        fontconfig.FcConfigDestroy(config)


def preflight(lang: str) -> None:
    """Fail early, in one line, when the PDF path cannot produce clean Chinese pages."""
    try:
        with warnings.catch_warnings():  # "No fonts configured": reported below, in one line
            warnings.simplefilter("ignore")
            import weasyprint  # noqa: F401
    except ImportError as exc:
        raise RenderError(msg("render.errors.no_weasyprint"), lang=lang) from exc
    except OSError as exc:  # WeasyPrint imports Pango through cffi at import time
        raise RenderError(
            msg("render.errors.no_pango", error=str(exc).splitlines()[0]), lang=lang
        ) from exc
    if not cjk_fonts():
        raise RenderError(msg("render.errors.no_cjk_font"), lang=lang)


def _url_fetcher(assets_root: Path) -> Any:
    """A fetcher that serves the staged assets and data: URLs, and refuses everything else."""
    import weasyprint.urls as wurls

    root = assets_root.resolve()

    def check(url: str) -> None:
        if url.startswith("data:"):
            return
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(url2pathname(parts.path)).resolve()
            if path == root or root in path.parents:
                return
        raise ValueError(f"gridrules renders PDFs offline and from its assets only: {url}")

    fetcher_class = getattr(wurls, "URLFetcher", None)
    if fetcher_class is not None:  # WeasyPrint ≥ 66

        class Fetcher(fetcher_class):  # type: ignore[misc, valid-type]
            def fetch(self, url: str, headers: Any = None) -> Any:
                check(url)
                return super().fetch(url, headers)

        return Fetcher()

    def fetch(url: str) -> Any:
        check(url)
        return wurls.default_url_fetcher(url)

    return fetch


class _PageCounter(logging.Handler):
    """Turns WeasyPrint's per-page progress log lines into progress units."""

    _PAGE = re.compile(r"Creating layout - Page (\d+)")

    def __init__(self, on_page: Callable[[], None]) -> None:
        super().__init__(logging.INFO)
        self.on_page = on_page
        self.highest = 0

    def emit(self, record: logging.LogRecord) -> None:
        match = self._PAGE.search(record.getMessage())
        if match and int(match.group(1)) > self.highest:
            self.highest = int(match.group(1))
            self.on_page()


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_logs(on_page: Callable[[], None]) -> Iterator[_Collector]:
    progress_logger = logging.getLogger("weasyprint.progress")
    logger = logging.getLogger("weasyprint")
    counter, collector = _PageCounter(on_page), _Collector()
    saved = (progress_logger.level, progress_logger.propagate, logger.propagate)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    logger.propagate = False  # WeasyPrint's warnings are collected, not printed
    progress_logger.addHandler(counter)
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        progress_logger.removeHandler(counter)
        logger.removeHandler(collector)
        progress_logger.setLevel(saved[0])
        progress_logger.propagate, logger.propagate = saved[1], saved[2]


MANUAL_PAGES = 12  # the manual's expected length, for the progress bar and job order
CARDS_PDF = "duty-cards.pdf"


@dataclass
class PdfFile:
    name: str  # relative to the pdf/ folder
    title: str
    pages: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PdfJob:
    """One PDF to lay out: its file, title and finished HTML (rendered by Jinja), or, for
    Typst, the JSON view data its Typst template typesets."""

    name: str
    title: str
    html: str
    expected_pages: int
    engine: str = "weasyprint"  # or "typst"
    data: str = ""  # Typst: the view data as JSON

    @property
    def cost(self) -> int:
        """Rough layout time, to start the longest jobs first: a WeasyPrint page costs
        about 100 ms of CPU, a Typst notice page well under 1 ms."""
        return self.expected_pages * (1 if self.engine == "typst" else 150)

    def key(self, assets: str, jurisdiction: str, created: str) -> str:
        """Its content address: everything the PDF's bytes depend on."""
        from gridrules.render import cache

        if self.engine == "typst":
            from gridrules.render import typst_pdf

            body = ("typst", typst_pdf.version(), typst_pdf.template_text(), self.data)
        else:
            body = ("weasyprint", _weasyprint_version(), self.html, assets)
        return cache.key(*body, self.name, self.title, jurisdiction, created)


def _weasyprint_version() -> str:
    try:
        from importlib.metadata import version

        return version("weasyprint")
    except Exception:  # not installed as a distribution
        return "unknown"


def jobs(env: Environment, hb: Handbook, *, typst: bool = False) -> list[PdfJob]:
    """The manual, the duty cards, the checklists, and the notice sheets per community
    (typeset by Typst when `typst`, see render/typst_pdf.py)."""
    L = hb.L
    base = template_vars(hb, medium="pdf", root="")

    def job(name: str, title: str, template: str, pages: int, **extra: Any) -> PdfJob:
        html = fit_tables(env.get_template(template).render({**base, **extra}))
        return PdfJob(name, title, html, pages)

    out = [job("manual.pdf", L["manual"], "manual.html", MANUAL_PAGES)]
    if hb.cards:
        density = card_fit.density_of(hb.manual.excluded)
        out.append(job(CARDS_PDF, L["cards"], "cards.html", len(hb.cards), card_density=density))
    if hb.checklists:
        out.append(job("checklists.pdf", L["checklists"], "checklists.html", len(hb.checklists)))
    for group in hb.notice_groups:
        if typst:
            from gridrules.render import typst_pdf

            title = f"{L['notices']} · {group.name}"
            data = typst_pdf.group_data(hb, group, title)
            out.append(PdfJob(group.pdf, title, "", len(group.notices), "typst", data))
            continue
        out.append(
            job(
                group.pdf,
                f"{L['notices']} · {group.name}",
                "notices.html",
                len(group.notices),
                notices=group.notices,
            )
        )
    return out


def estimated_pages(hb: Handbook) -> int:
    return MANUAL_PAGES + len(hb.cards) + len(hb.checklists) + len(hb.notices)


def lay_out(
    job: PdfJob,
    out: Path,
    assets_parent: Path,
    jurisdiction: str,
    created: str,
    on_page: Callable[[], None] | None = None,
) -> PdfFile:
    """Lay out one job with WeasyPrint (or Typst) and write it under `out`."""
    target = out / job.name
    if job.engine == "typst":
        from gridrules.render import typst_pdf

        source = assets_parent / typst_pdf.SOURCE_NAME
        pages = typst_pdf.compile_pdf(source, job.data, target, created)
        if on_page is not None:
            for _ in range(pages):
                on_page()
        return PdfFile(job.name, job.title, pages)
    from weasyprint import HTML

    target.parent.mkdir(parents=True, exist_ok=True)

    def layout(html: str) -> Any:
        return HTML(
            string=html, base_url=str(assets_parent) + "/", url_fetcher=_url_fetcher(assets_parent)
        ).render()

    with _weasyprint_logs(on_page or (lambda: None)) as collected:
        # duty cards: each card one page, a card that runs over laid out again tighter
        document = card_fit.fit(job.html, layout) if job.name == CARDS_PDF else layout(job.html)
        document.metadata.title = f"{jurisdiction} · {job.title}"
        document.metadata.generator = "gridrules"
        document.metadata.created = created
        document.write_pdf(target)
    return PdfFile(job.name, job.title, len(document.pages), collected.messages)


def _lay_out_in_worker(args: tuple[int, PdfJob, Path, Path, str, str]) -> tuple[int, PdfFile]:
    index, *rest = args
    return index, lay_out(*rest)  # type: ignore[arg-type]


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def write_pdfs(
    env: Environment,
    hb: Handbook,
    out: Path,
    assets_parent: Path,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    typst: bool = False,
    cache: PdfCache | None = None,
) -> list[PdfFile]:
    """Render every PDF into `out`; `assets_parent` holds the staged assets/ folder.

    A PDF whose content address (PdfJob.key) is in `cache` is copied from it;
    the others are laid out, in a process pool when there are several and more
    than one CPU (a district's notice sheets come to thousands of pages), and
    kept in the cache. Results come back in job order.
    """
    progress = progress or NullProgress()
    cache = cache or PdfCache(None)
    all_jobs = jobs(env, hb, typst=typst)
    if typst:
        from gridrules.render import typst_pdf

        typst_pdf.write_source(assets_parent)
    meta = (hb.meta.jurisdiction, hb.meta.generated_iso)
    done: dict[int, PdfFile] = {}
    keys: dict[int, str] = {}
    if cache.folder is not None:
        assets = folder_digest(assets_parent)
        for i, job in enumerate(all_jobs):
            keys[i] = job.key(assets, *meta)
            pages = cache.fetch(keys[i], out / job.name)
            if pages is not None:
                done[i] = PdfFile(job.name, job.title, pages)
                progress.advance(job.expected_pages, label=job.name)
    todo_index = [i for i in range(len(all_jobs)) if i not in done]
    for i, made in _lay_out_all(
        [all_jobs[i] for i in todo_index], out, assets_parent, meta, progress, workers
    ):
        index = todo_index[i]
        done[index] = made
        if index in keys:
            cache.store(keys[index], out / made.name, made.pages)
    return [done[i] for i in range(len(all_jobs))]


def _lay_out_all(
    todo: list[PdfJob],
    out: Path,
    assets_parent: Path,
    meta: tuple[str, str],
    progress: Progress,
    workers: int | None,
) -> Iterator[tuple[int, PdfFile]]:
    """Lay out `todo`, yielding (index, file) as each finishes."""
    if not todo:
        return
    count = min(workers or default_workers(), len(todo))
    if count <= 1:
        for i, job in enumerate(todo):
            progress.advance(0, label=job.name)
            yield i, lay_out(job, out, assets_parent, *meta, lambda: progress.advance(1))
        return
    order = sorted(range(len(todo)), key=lambda i: -todo[i].cost)  # longest first
    # Not "fork": the parent may hold threads (Typst's compiler, a service's watcher) whose
    # locks a forked child would inherit held — the render then hangs. A fork server starts
    # clean and forks each worker from there.
    context = multiprocessing.get_context("forkserver" if sys.platform == "linux" else "spawn")
    # Pool.__exit__ terminates the workers: an interrupted render stops at once and
    # nothing writes into the temporary folder after it is removed.
    with context.Pool(processes=count) as pool:
        tasks = [(i, todo[i], out, assets_parent, *meta) for i in order]
        for i, made in pool.imap_unordered(_lay_out_in_worker, tasks):
            progress.advance(todo[i].expected_pages, label=todo[i].name)
            yield i, made
