"""Sandboxed templates bounded in time and memory; every refusal names file, line and what
(issue 11, 5).

A jurisdiction's `templates/` folder is untrusted: whatever it asks for, `gridrules render`
answers in one line (exit 2) naming the template file and line, never with a traceback, a
MemoryError or a render that runs for minutes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from jinja2 import TemplateError

from gridrules.render.environment import make_environment
from gridrules.render.sandbox import (
    MAX_OUTPUT,
    SECONDS_VARIABLE,
    BoundedSandbox,
    TemplateLimitError,
)

from .support import Run, gridrules, policy_root


def _render(tmp_path: Path, template: str) -> tuple[Run, Path]:
    _root, folder = policy_root(tmp_path, {"templates/index.html": template})
    out = tmp_path / "site"
    return gridrules("render", str(folder), "--out", str(out), "--format", "html"), folder


def _refused(run: Run, folder: Path, line: int, *words: str) -> str:
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    lines = [x for x in run.err.splitlines() if x.strip()]
    assert len(lines) == 1, run.err  # one clear line
    where = f"{(folder / 'templates' / 'index.html').resolve()}:{line}:"
    assert where in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# -- through the CLI, as a jurisdiction would meet them ---------------------------------------


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{{ ('x'*3000000000)|length }}", ("'*'", "3,000,000,000")),
        ("{% include '../../../etc/passwd' %}", ("../../../etc/passwd", "not found")),
        ("{% import '/etc/passwd' as x %}", ("/etc/passwd", "not found")),
        ("{% extends '../index.html' %}", ("../index.html", "not found")),
        ("{{ range(200000)|length }}", ("range()", "200,000")),
        ("{{ meta.__class__.__mro__ }}", ("__class__", "unsafe")),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", ("recursed",)),
        ("{{ 1/0 }}", ("ZeroDivisionError",)),
    ],
    ids=["repeat", "include", "import", "extends", "range", "attribute", "recursion", "divide"],
)
def test_a_refusal_is_one_line_with_file_line_and_what(
    tmp_path: Path, template: str, words: tuple[str, ...]
) -> None:
    run, folder = _render(tmp_path, "第一行\n" + template + "\n")
    _refused(run, folder, 2, *words)
    assert not (tmp_path / "site").exists()


def test_nested_range_loops_stop_at_the_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECONDS_VARIABLE, "1")
    started = time.monotonic()
    run, folder = _render(
        tmp_path,
        "a\nb\n{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}\n",
    )
    assert time.monotonic() - started < 30  # landed code ran past 60 s
    _refused(run, folder, 3, "1 s", "time budget")


# -- the sandbox itself (fast, in process) ---------------------------------------------------


def _env(tmp_path: Path) -> BoundedSandbox:
    env = make_environment("zh", [tmp_path])
    assert isinstance(env, BoundedSandbox)
    return env


@pytest.mark.parametrize(
    "template",
    [
        "{{ 'x' * 3000000000 }}",
        "{{ 3000000000 * 'x' }}",
        "{{ ['x'] * 3000000000 }}",
        "{{ ['x' * 1000] * 100000 }}",  # a list of long strings, printed or joined
        "{{ 2 ** 100000000 }}",
        "{{ '%3000000000d' % 1 }}",
        "{{ '%*d' % (3000000000, 1) }}",
        "{{ '{:>3000000000}'.format(1) }}",
        "{{ '{:>{}}'.format(1, 3000000000) }}",
        "{{ 'x'.ljust(3000000000) }}",
        "{{ 'x'.center(3000000000) }}",
        "{{ 'x'.zfill(3000000000) }}",
        "{{ 'x'|center(3000000000) }}",
        "{{ 'x'|indent(3000000000) }}",
        "{{ 'ab'|replace('', 'y' * 900000) }}",
        "{{ ('x' * 900000).replace('x', 'yy') }}",
        "{{ (['x' * 1000] * 900)|join('y' * 100000) }}",
        "{{ ('y' * 100000).join(['x' * 1000] * 900) }}",
        "{{ '%3000000000d'|format(1) }}",
        "{{ ('x' * 900000) + ('x' * 900000) }}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
        "{{ range(3000000000)|length }}",
        "{% for i in range(5) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    ],
)
def test_growing_operations_are_capped(tmp_path: Path, template: str) -> None:
    (tmp_path / "t.html").write_text(template, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TemplateLimitError):
        _env(tmp_path).get_template("t.html").render()
    assert time.monotonic() - started < 5


def test_output_of_one_render_is_capped(tmp_path: Path) -> None:
    per_line = 900_000
    loops = MAX_OUTPUT // per_line + 2
    (tmp_path / "t.html").write_text(
        "{% for i in range(" + str(loops) + ") %}{{ 'x' * " + str(per_line) + " }}{% endfor %}",
        encoding="utf-8",
    )
    with pytest.raises(TemplateLimitError, match="output"):
        _env(tmp_path).get_template("t.html").render()


def test_a_loop_that_calls_nothing_stops_at_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECONDS_VARIABLE, "0.5")
    (tmp_path / "t.html").write_text(
        "{% set xs = [1] * 100000 %}{% for a in xs %}{% for b in xs %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    started = time.monotonic()
    with pytest.raises(TemplateLimitError, match="time budget"):
        _env(tmp_path).get_template("t.html").render()
    assert time.monotonic() - started < 5


def test_ordinary_templates_still_render(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(
        "{% for i in range(3) %}{{ i }}{% endfor %}|{{ '-' * 5 }}|{{ 'a' ~ 'b' }}|"
        "{{ '%05d' % 42 }}|{{ '{:>4}'.format(7) }}|{{ ['a', 'b']|join(',') }}|"
        "{{ 'x'|center(5) }}|{{ 2 ** 10 }}|{{ 'ab'|replace('a', 'c') }}|{{ '%s号'|format(3) }}",
        encoding="utf-8",
    )
    assert _env(tmp_path).get_template("t.html").render() == (
        "012|-----|ab|00042|   7|a,b|  x  |1024|cb|3号"
    )


def test_the_budget_leaves_no_timer_behind(tmp_path: Path) -> None:
    import signal

    (tmp_path / "t.html").write_text("{{ 1 }}", encoding="utf-8")
    _env(tmp_path).get_template("t.html").render()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)


def test_refusals_are_template_errors() -> None:
    assert issubclass(TemplateLimitError, TemplateError)


def test_many_renders_share_one_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A supplied notice template renders once per grid: thousands of slow pages are refused
    together, not one budget each."""
    from gridrules.render.sandbox import TOTAL_FACTOR

    monkeypatch.setenv(SECONDS_VARIABLE, "0.05")
    (tmp_path / "t.html").write_text(
        "{% for a in range(10000) %}{% for b in range(50) %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    env = _env(tmp_path)
    template = env.get_template("t.html")
    started = time.monotonic()
    with pytest.raises(TemplateLimitError, match="in all"):
        for _ in range(TOTAL_FACTOR * 100):
            try:
                template.render()
            except TemplateLimitError as exc:
                if "in all" in str(exc):
                    raise
    assert time.monotonic() - started < 10
