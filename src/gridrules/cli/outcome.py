"""How a command's failure reaches the user: one exit-code contract, one line, or JSON.

`gridrules.cli.main.main` calls `report_known`, `report_internal` or `report_interrupted`
when a command does not end normally. With `--format json` (on a command that offers it)
every outcome is one JSON document on stdout; stderr carries the same single line a text
run prints. An unexpected exception never shows a traceback on the terminal: it goes to a
crash log (see `write_crash_log`) and the line says where. The table is docs/cli.md.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from gridrules.catalogue import msg
from gridrules.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, GridrulesError
from gridrules.lang import detect_lang
from gridrules.problems import Text


@dataclass(frozen=True, slots=True)
class Invocation:
    """What the command line asked for, read before click parses it (so a usage error knows)."""

    command: str | None  # the subcommand's name, as typed
    lang: str  # zh or en: --lang, else the locale
    json: bool  # --format json on a command that offers it
    argv: tuple[str, ...] = ()  # for the crash log


def read_invocation(argv: Sequence[str], speaks_json: Callable[[str], bool]) -> Invocation:
    command = next((a for a in _options_part(argv) if not a.startswith("-")), None)
    lang = detect_lang(_last_value(argv, "--lang"))
    wants_json = _last_value(argv, "--format") == "json"
    wants_json = bool(command and wants_json and speaks_json(command))
    return Invocation(command, lang, wants_json, tuple(argv))


def _options_part(argv: Sequence[str]) -> list[str]:
    args = list(argv)
    return args[: args.index("--")] if "--" in args else args


def _last_value(argv: Sequence[str], name: str) -> str | None:
    value = None
    args = _options_part(argv)
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith(name + "="):
            value = arg[len(name) + 1 :]
    return value


# --- known errors ------------------------------------------------------------------------


def report_known(exc: click.ClickException, inv: Invocation) -> int:
    """A usage error, an unreadable file or a GridrulesError: one line (or JSON), exit 1–2."""
    if isinstance(exc, GridrulesError) and exc.exit_code == EXIT_INTERNAL:
        return report_internal(exc, inv)
    text = _text_of(exc)
    code = exc.exit_code if isinstance(exc, GridrulesError) else EXIT_USAGE
    if inv.json:
        payload: dict[str, Any] = {"error": _error(_code_of(exc), code, text, inv.lang)}
        problems = _problems_of(exc, inv.lang)
        if problems is not None:
            payload.update(problems)
        _echo_json(payload)
        _line(_prefixed(text(inv.lang), inv.lang))
    elif isinstance(exc, GridrulesError):
        _line(_prefixed(text(inv.lang), inv.lang))
    else:
        exc.show()  # click's usage line, its hint and "Error: …"
    return code


def _text_of(exc: click.ClickException) -> Text:
    text = getattr(exc, "text", None)
    if isinstance(text, Text) and not isinstance(exc, click.UsageError):
        return text
    message = exc.format_message()
    if isinstance(exc, click.FileError):  # click's words, as click.FileError.format_message
        shown = (exc.ui_filename, repr(exc.ui_filename))
        return msg("cli.outcome.cannot_open", file=shown, reason=exc.message)
    if isinstance(exc, click.UsageError):  # click's own messages are English only
        return msg("cli.outcome.usage", message=text if isinstance(text, Text) else message)
    return Text(message, message)


def _code_of(exc: click.ClickException) -> str:
    """A stable machine-readable code: usage, unreadable, invalid_policy, unknown_matter…"""
    if isinstance(exc, click.UsageError):
        return "usage"
    if isinstance(exc, click.FileError):
        return "unreadable"
    if getattr(exc, "problems", None) is not None:
        return "invalid_policy"
    own = getattr(exc, "code", None)
    if isinstance(own, str) and own:
        return own
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()
    name = name.removesuffix("_error").removeprefix("gridrules")
    return name.strip("_") or "error"


def _problems_of(exc: click.ClickException, lang: str) -> dict[str, Any] | None:
    """A refused policy's problems, in the shape `gridrules validate --format json` prints."""
    from gridrules.report import line_problem_dict, problem_dict, problems_dict

    problems = getattr(exc, "problems", None)
    if problems is None:
        return None
    folder = getattr(exc, "folder", None) or getattr(exc, "label", None)
    from gridrules.problems import Problem

    items = [
        problem_dict(p, lang)
        if isinstance(p, Problem)
        else line_problem_dict(p.code, p.rule, str(p.location), p.message, lang)
        for p in problems
    ]
    return problems_dict([str(folder)] if folder else [], items)


# --- interruptions and internal errors ---------------------------------------------------


def report_interrupted(inv: Invocation) -> int:
    text = msg("cli.outcome.interrupted")
    if inv.json:
        _echo_json({"error": _error("interrupted", EXIT_INTERRUPTED, text, inv.lang)})
    _line(text(inv.lang))
    return EXIT_INTERRUPTED


def report_internal(exc: BaseException, inv: Invocation) -> int:
    """An unexpected exception: the traceback to a crash log, one line (or JSON) saying where."""
    trace = "".join(traceback.format_exception(exc))
    log = write_crash_log(trace, inv.argv)
    summary = type(exc).__name__
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    if detail:
        summary += f": {detail}"
    where = f"gridrules {inv.command}" if inv.command else "gridrules"
    if log is not None:
        text = msg("cli.outcome.internal_logged", where=where, summary=summary, log=log)
    else:
        text = msg("cli.outcome.internal_unlogged", where=where, summary=summary)
    if inv.json:
        error = _error("internal", EXIT_INTERNAL, text, inv.lang)
        error.update(exception=type(exc).__name__, log=str(log) if log else None)
        _echo_json({"error": error})
    _line(text(inv.lang))
    if log is None:
        click.echo(trace, err=True, nl=False)
    return EXIT_INTERNAL


def crash_dir() -> Path:
    """Where crash logs go: the user's cache folder (XDG_CACHE_HOME honoured everywhere)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = str(Path.home() / "Library" / "Caches")
        else:
            base = str(Path.home() / ".cache")
    return Path(base) / "gridrules"


def write_crash_log(trace: str, argv: Sequence[str]) -> Path | None:
    """Write a crash report (version, platform, command line, traceback); None if nowhere can."""
    from gridrules import __version__

    report = (
        f"gridrules {__version__} crash report {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
        f"command: gridrules {' '.join(_redact(a) for a in argv)}\n"
        f"python: {sys.version.split()[0]} ({sys.executable})\n"
        f"platform: {platform.platform()}\n\n{trace}"
    )
    for folder in (crash_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            fd, name = tempfile.mkstemp(
                prefix=f"gridrules-crash-{stamp}-", suffix=".log", dir=folder
            )
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
                handle.write(report)
        except OSError:
            continue
        return Path(name)
    return None


_SECRET = re.compile(r"(://[^:/@\s]*:)[^@\s]+@")  # postgresql://user:PASSWORD@host


def _redact(arg: str) -> str:
    return _SECRET.sub(r"\1***@", arg)


# --- output ------------------------------------------------------------------------------


def _error(code: str, exit_code: int, text: Text, lang: str) -> dict[str, Any]:
    return {
        "code": code,
        "exit_code": exit_code,
        "message": text(lang),
        "message_zh": text.zh,
        "message_en": text.en,
    }


def _prefixed(message: str, lang: str) -> str:
    return msg("cli.outcome.error_line", message=message)(lang)


def _line(message: str) -> None:
    click.echo(message, err=True)


def _echo_json(payload: dict[str, Any]) -> None:
    # On a console that cannot show Chinese, \u escapes keep the document valid and lossless.
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    plain = encoding in ("utf8", "utf16", "utf32", "gb18030")
    click.echo(json.dumps(payload, ensure_ascii=not plain, indent=2))


def unwritable(path: object, exc: OSError) -> GridrulesError:
    """An output file or folder that cannot be written: a known error (exit 2), not a crash."""
    reason = exc.strerror or str(exc)
    return GridrulesError(msg("cli.outcome.unwritable", path=path, reason=reason))
