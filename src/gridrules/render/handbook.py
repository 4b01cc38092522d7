"""Render a jurisdiction's handbook into a folder, atomically.

Everything is written into a temporary folder beside the target and renamed
into place at the end, so a failure never leaves a half-written handbook, and
an existing handbook is replaced only by a complete one. A folder that holds
anything but an earlier handbook is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError

from gridrules.catalogue import msg
from gridrules.model import Policy
from gridrules.problems import Text
from gridrules.render.context import Handbook, build_handbook, select_grids
from gridrules.render.environment import jurisdiction_template_dirs, make_environment
from gridrules.render.errors import RenderError
from gridrules.render.progress import NullProgress, Progress
from gridrules.version import PolicyVersion, policy_version

FORMATS = ("html", "pdf")
MANIFEST = "gridrules-handbook.json"
PDF_FOLDER = "pdf"


@dataclass(frozen=True)
class RenderOptions:
    formats: tuple[str, ...] = FORMATS
    lang: str = "zh"
    roles: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()
    generated: dt.date | None = None  # default: today (or SOURCE_DATE_EPOCH)
    version: PolicyVersion | None = None  # default: computed from the policy's files
    workers: int | None = None  # PDF layout processes (default: one per CPU)
    # notice sheets: "auto" = Typst when installed and no jurisdiction template shapes
    # them (render/typst_pdf.py), else WeasyPrint; "typst" or "weasyprint" to choose
    pdf_engine: str = "auto"
    cache: bool = True  # reuse PDFs whose inputs did not change (render/cache.py)


@dataclass
class RenderResult:
    out: Path
    files: list[str]  # relative to out
    pdf_pages: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def generation_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def check_selection(policy: Policy, options: RenderOptions) -> None:
    lang = options.lang
    for role in options.roles:
        if role not in policy.role_by_id:
            known = ", ".join(r.id for r in policy.roles)
            raise RenderError(
                msg("render.errors.no_role", role=role, known=known),
                lang=lang,
            )
    for grid in options.grids:
        if grid not in policy.grid_by_id:
            raise RenderError(
                msg("render.errors.no_grid", grid=grid, count=len(policy.grids)),
                lang=lang,
            )
    if options.grids and not select_grids(policy, options.grids):
        raise RenderError(
            msg("render.errors.no_grid_tier"),
            lang=lang,
        )


def check_target(out: Path, lang: str) -> None:
    if out.exists() and not out.is_dir():
        raise RenderError(msg("render.errors.out_is_file", out=out), lang=lang)
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise RenderError(
            msg("render.errors.out_not_empty", out=out),
            lang=lang,
        )
    if not out.parent.is_dir():
        raise RenderError(
            msg("render.errors.no_parent", parent=out.parent),
            lang=lang,
        )


_TEMPLATE_SUFFIXES = (".html", ".htm", ".svg", ".xml")


def _template_frame(exc: BaseException, within: Sequence[Path] = ()) -> str:
    """`file:line` of the innermost template frame (Jinja rewrites tracebacks so template
    frames carry the template's file and line), only frames under `within` if given."""
    where = ""
    tb = exc.__traceback__
    folders = [str(p) for p in within]
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(_TEMPLATE_SUFFIXES) and (
            not folders or any(name.startswith(f + os.sep) for f in folders)
        ):
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _template_error(exc: BaseException, lang: str) -> RenderError:
    where = ""
    if isinstance(exc, TemplateSyntaxError):
        where = f"{exc.filename or exc.name}:{exc.lineno}: "
    else:
        frame = _template_frame(exc)
        where = f"{frame}: " if frame else ""
    unsafe = isinstance(exc, SecurityError)
    if isinstance(exc, TemplateNotFound) and not isinstance(exc, TemplateSyntaxError):
        if not where:
            where = f"{exc.name}: "
        message = msg("render.errors.template_not_found", name=repr(exc.name))
    elif isinstance(exc, TemplateError):
        text = str(exc.message or exc).splitlines()[0]
        message = Text(text, text)
    elif isinstance(exc, MemoryError):
        unsafe = True
        message = msg("render.errors.template_memory")
    elif isinstance(exc, RecursionError):
        unsafe = True
        message = msg("render.errors.template_recursion")
    else:
        text = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
        message = Text(text, text)
    said = (
        msg("render.errors.template_unsafe", where=where, message=message)
        if unsafe
        else msg("render.errors.template_failed", where=where, message=message)
    )
    return RenderError(said, lang=lang)


def render_handbook(
    policy: Policy,
    out: str | os.PathLike[str],
    options: RenderOptions | None = None,
    *,
    progress: Progress | None = None,
) -> RenderResult:
    """Render the handbook of a validated policy into the folder `out`."""
    started = time.perf_counter()
    options = options or RenderOptions()
    progress = progress or NullProgress()
    lang = options.lang
    target = Path(out).absolute()
    check_target(target, lang)
    check_selection(policy, options)
    formats = tuple(f for f in FORMATS if f in options.formats)
    if "pdf" in formats:
        from gridrules.render.pdf import preflight

        preflight(lang)
    hb = build_handbook(
        policy,
        options.version or policy_version(policy),
        lang=lang,
        generated=options.generated or generation_date(),
        roles=options.roles,
        grids=options.grids,
    )
    overrides = jurisdiction_template_dirs(policy.files)
    env = make_environment(lang, overrides)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    except OSError as exc:  # a read-only or foreign parent: one line, not a traceback
        raise RenderError(
            msg("render.errors.cannot_write", parent=target.parent, reason=exc.strerror),
            lang=lang,
        ) from exc
    try:
        result = _render_into(staging, hb, env, overrides, formats, progress, options)
        _replace(staging, target)
    except TemplateError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _template_error(exc, lang) from exc
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        # a supplied template's failure (MemoryError, RecursionError, TypeError, ...) is the
        # jurisdiction's to fix: one line with its file and line; anything else is a bug
        if overrides and _template_frame(exc, overrides):
            raise _template_error(exc, lang) from exc
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        progress.finish()
    result.out = target
    result.seconds = time.perf_counter() - started
    return result


def _render_into(
    staging: Path,
    hb: Handbook,
    env: Environment,
    overrides: Sequence[Path],
    formats: Sequence[str],
    progress: Progress,
    options: RenderOptions,
) -> RenderResult:
    from gridrules.render import html as site

    total = site.page_count(hb) if "html" in formats else 0
    pdf_pages: dict[str, int] = {}
    warnings: list[str] = []
    pdfs: list[tuple[str, str]] = []
    if "pdf" in formats:
        from gridrules.render import pdf, typst_pdf
        from gridrules.render.cache import PdfCache

        if options.pdf_engine not in ("auto", "typst", "weasyprint"):
            raise ValueError(f"unknown PDF engine {options.pdf_engine!r}")
        if options.pdf_engine == "typst" and not typst_pdf.available():
            raise RenderError(
                msg("render.errors.no_typst"),
                lang=hb.meta.lang,
            )
        typst = options.pdf_engine == "typst" or (
            options.pdf_engine == "auto" and typst_pdf.applies(overrides)
        )
        cache = PdfCache.default() if options.cache else PdfCache(None)
        total += pdf.estimated_pages(hb)
        progress.start(total)
        (staging / PDF_FOLDER).mkdir()
        with tempfile.TemporaryDirectory(prefix="gridrules-assets-") as assets_parent:
            site.stage_assets(Path(assets_parent), overrides)
            for made in pdf.write_pdfs(
                env,
                hb,
                staging / PDF_FOLDER,
                Path(assets_parent),
                progress=progress,
                workers=options.workers,
                typst=typst,
                cache=cache,
            ):
                pdf_pages[made.name] = made.pages
                warnings += [f"{made.name}: {w}" for w in made.warnings]
                if not made.name.startswith("notices/"):  # those are linked per community
                    pdfs.append((made.title, f"{PDF_FOLDER}/{made.name}"))
    else:
        progress.start(total)
    if "html" in formats:
        site.write_site(env, hb, staging, overrides=overrides, pdfs=pdfs, progress=progress)
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    manifest = {
        "generator": "gridrules render",
        "jurisdiction": hb.meta.jurisdiction_id,
        "policy_version": {"hash": hb.meta.version_hash, "commit": hb.meta.version_commit},
        "generated": hb.meta.generated_iso,
        "lang": hb.meta.lang,
        "formats": list(formats),
        "pdf_pages": pdf_pages,
        "files": files,
    }
    (staging / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return RenderResult(staging, [*files, MANIFEST], pdf_pages, warnings)


def _replace(staging: Path, target: Path) -> None:
    """Move the finished handbook into place; an earlier one is removed only afterwards."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; use the usual mode
    if not target.exists():
        os.replace(staging, target)
        return
    previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    previous.rmdir()
    os.replace(target, previous)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(previous, target)  # put the old handbook back
        raise
    shutil.rmtree(previous, ignore_errors=True)
