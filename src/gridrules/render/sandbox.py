"""The sandbox jurisdiction-supplied templates render in, bounded in time and memory.

Jinja's ImmutableSandboxedEnvironment keeps a template away from Python's
internals but not from exhausting the machine: `('x'*3000000000)|length`
allocates gigabytes, nested `range` loops run for hours. This sandbox

- caps every value a template can *grow*: string and sequence repetition
  (`*`), concatenation (`+`, `~`), powers (`**`), `%`/`format` widths,
  `range`, and the growing string methods and filters (`center`, `ljust`,
  `replace`, `join`, `indent`, `wordwrap`, ...), at `MAX_SIZE` characters or
  items; and the text one render produces at `MAX_OUTPUT` characters;
- runs every render under a time budget (`GRIDRULES_TEMPLATE_SECONDS`,
  default `DEFAULT_SECONDS`), and all renders of one handbook under ten times
  that: a timer signal in the main thread, and deadline checks in every
  sandboxed call, attribute lookup and `range` step;
- refuses with `TemplateLimitError`, a `SecurityError`, so the refusal reaches
  the user as one line naming the template file and line (render/handbook.py).
"""

from __future__ import annotations

import math
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_SIZE = 1_000_000  # characters of one string, items of one sequence
MAX_RANGE = 10_000  # items of one range()
MAX_OUTPUT = 64_000_000  # characters one render may produce
MAX_POWER_BITS = 4_096  # bits of an integer a power may produce
DEFAULT_SECONDS = 60.0  # per render; a district's manual renders in a few seconds
SECONDS_VARIABLE = "GRIDRULES_TEMPLATE_SECONDS"
TOTAL_FACTOR = 10  # all renders of one handbook together: ten times one render's budget


class TemplateLimitError(SecurityError):
    """A supplied template asked for more than the sandbox allows."""


def budget_seconds() -> float:
    raw = os.environ.get(SECONDS_VARIABLE, "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_SECONDS
    return value if value > 0 else DEFAULT_SECONDS


def _refuse(what: str) -> TemplateLimitError:
    return TemplateLimitError(what)


def _size(value: Any) -> int | None:
    """Characters of a string; items of a sequence, a string item counting its characters
    (so `[long_text] * n` is as big as `long_text * n` once printed or joined)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(len(i) if isinstance(i, (str, bytes, list, tuple)) else 1 for i in value)
    return None


def _check_size(size: int, what: str) -> None:
    if size > MAX_SIZE:
        raise _refuse(
            f"{what} would make {size:,} characters or items (the sandbox allows {MAX_SIZE:,})"
        )


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
        raise _refuse(f"{what} of {value:,} (the sandbox allows {MAX_SIZE:,})")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*\}")


def _check_percent(fmt: str, args: Any) -> None:
    """`%` formatting: widths and precisions (literal or `*`) within the cap."""
    star = False
    for match in _PERCENT_SPEC.finditer(fmt):
        for part in match.groups():
            if part == "*":
                star = True
            elif part:
                _check_count(int(part), "a format width")
    if star:
        for arg in args if isinstance(args, tuple) else (args,):
            _check_count(arg, "a format width")


def _check_brace(fmt: str, args: Iterable[Any]) -> None:
    """`str.format`: widths in `{...}` fields, and no width taken from an argument."""
    for field in _BRACE_SPEC.findall(fmt):
        for digits in re.findall(r"\d+", field):
            _check_count(int(digits), "a format width")
    nested = re.search(r"\{[^{}]*:[^{}]*\{", fmt) is not None  # a width taken from an argument
    for arg in args:
        if isinstance(arg, str) and arg.strip().isdigit():
            _check_count(int(arg.strip()), "a format width")
        elif nested:
            _check_count(arg, "a format width")


class _BoundedRange:
    """range() that checks the time budget on every step."""

    def __init__(self, env: BoundedSandbox, rng: range) -> None:
        self._env, self._range = env, rng

    def __iter__(self) -> Iterator[int]:
        for value in self._range:
            self._env.tick()
            yield value

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: Any) -> Any:
        return self._range[index]

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __repr__(self) -> str:
        return repr(self._range)


class _BoundedCodeGenerator(CodeGenerator):
    """Every `~` concatenation goes through the sandbox's size check."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(", '~')")


_GROWING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


class _BudgetedTemplate(Template):
    """Template.render under the time budget of the sandbox that compiled it."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        env = self.environment
        if not isinstance(env, BoundedSandbox):
            return super().render(*args, **kwargs)
        with env.budget():
            return super().render(*args, **kwargs)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with caps on size, output and time."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BoundedCodeGenerator
    template_class = _BudgetedTemplate

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = self._range
        self._deadline: float | None = None
        self._seconds = 0.0
        self._armed = False  # a timer signal is set for the current render
        self._spent = 0.0  # seconds all renders of this environment took
        self.filters.update(
            {
                name: self._guard_filter(name, self.filters[name])
                for name in ("center", "indent", "wordwrap", "replace", "join", "format")
                if name in self.filters
            }
        )

    # time ------------------------------------------------------------------

    def budget(self) -> _Budget:
        return _Budget(self)

    def tick(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._deadline = None  # report once; the render unwinds from here
            if self._armed:  # and no timer signal lands in the unwinding
                signal.setitimer(signal.ITIMER_REAL, 0)
                self._armed = False
            raise _refuse(f"rendering took longer than {self._seconds:g} s (the time budget)")

    # size ------------------------------------------------------------------

    def _range(self, *args: Any) -> _BoundedRange:
        for arg in args:
            if not isinstance(arg, int) or isinstance(arg, bool):
                raise _refuse(f"range() of {arg!r}: only whole numbers")
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise _refuse(f"range() of {len(rng):,} items (the sandbox allows {MAX_RANGE:,})")
        return _BoundedRange(self, rng)

    def sized(self, value: Any, operator: str) -> Any:
        """The result of a growing operation, refused when it is over the cap."""
        size = _size(value)
        if size is not None:
            _check_size(size, f"'{operator}'")
        return value

    def concat(self, parts: Iterable[str]) -> str:
        """The text of a render, refused when it passes MAX_OUTPUT characters."""
        out: list[str] = []
        total = 0
        for part in parts:
            total += len(part)
            if total > MAX_OUTPUT:
                raise _refuse(
                    f"the template produced more than {MAX_OUTPUT:,} characters of output"
                )
            out.append(part)
        return "".join(out)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(count, int):
                    _check_size(size * max(count, 0), f"'{operator}' (repetition)")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                bits = right * math.log2(abs(left))
                if bits > MAX_POWER_BITS:
                    raise _refuse(
                        f"'**' would make a number of about {bits:,.0f} bits "
                        f"(the sandbox allows {MAX_POWER_BITS:,})"
                    )
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        elif operator == "+":
            a, b = _size(left), _size(right)
            if a is not None and b is not None:
                _check_size(a + b, "'+'")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return super().getitem(obj, argument)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        inner = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(inner, "__self__", None)
        name = getattr(inner, "__name__", "")
        if isinstance(owner, str):
            if name in _GROWING_METHODS:
                for arg in [*args, *kwargs.values()]:
                    _check_count(arg, f"str.{name}() width")
            elif name in ("format", "format_map"):
                _check_brace(owner, [*args, *kwargs.values()])
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
            elif name == "join" and args:
                _check_join(owner, args[0])
        return __self.sized(super().call(__context, __obj, *args, **kwargs), f"{name}()")

    def _guard_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        """A growing filter, its arguments checked before it runs and its result after."""

        skip = 1 if hasattr(func, "jinja_pass_arg") else 0  # environment or eval context first

        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            values = list(args[skip:])
            if name == "indent" and values and isinstance(values[0], str):
                width = values[1] if len(values) > 1 else kwargs.get("width", 4)
                wide = len(width) if isinstance(width, str) else width
                if isinstance(wide, int):
                    _check_size(
                        len(values[0]) + (values[0].count("\n") + 1) * wide, "the indent filter"
                    )
            if name in ("center", "indent", "wordwrap"):
                for arg in [*values[1:], *kwargs.values()]:
                    _check_count(arg, f"the {name} filter's width")
                if name == "wordwrap" and values and isinstance(values[0], str):
                    wrap = kwargs.get("wrapstring", values[3] if len(values) > 3 else "\n")
                    _check_size(len(values[0]) * (1 + len(str(wrap or ""))), "the wordwrap filter")
            elif name == "replace" and len(values) >= 3:
                _check_replace(str(values[0]), values[1], values[2])
            elif name == "join" and values:
                items = values[0]
                if isinstance(items, (list, tuple)):
                    sep = values[1] if len(values) > 1 else kwargs.get("d", "")
                    _check_join(str(sep), items)
            elif name == "format" and values and isinstance(values[0], str):
                _check_percent(values[0], tuple(values[1:]))
                _check_brace(values[0], [])
            return self.sized(func(*args, **kwargs), f"the {name} filter")

        for attr in ("jinja_pass_arg",):  # keep pass_context / pass_eval_context markers
            if hasattr(func, attr):
                setattr(guarded, attr, getattr(func, attr))
        guarded.__name__ = getattr(func, "__name__", name)
        return guarded


def _check_replace(text: str, old: Any, new: Any) -> None:
    if isinstance(old, str) and isinstance(new, str):
        hits = len(text) + 1 if old == "" else text.count(old)
        _check_size(len(text) + hits * max(len(new) - len(old), 0), "replace()")


def _check_join(sep: str, items: Any) -> None:
    if isinstance(items, (list, tuple)):
        _check_size(len(items), "join()")
        total = sum(len(i) if isinstance(i, str) else 16 for i in items)
        _check_size(total + len(sep) * max(len(items) - 1, 0), "join()")


class _Budget:
    """The time budget of one render: a timer signal where possible, deadline checks always."""

    def __init__(self, env: BoundedSandbox) -> None:
        self.env = env
        self.outer = False
        self.previous: Any = None
        self.started = 0.0

    def __enter__(self) -> _Budget:
        env = self.env
        if env._deadline is not None:  # a render inside a render: the outer budget holds
            return self
        self.outer = True
        # per render, and for all renders of this environment together (a district renders
        # a supplied notice template thousands of times)
        remaining = TOTAL_FACTOR * budget_seconds() - env._spent
        if remaining <= 0:
            raise _refuse(
                f"rendering took longer than {TOTAL_FACTOR * budget_seconds():g} s in all "
                "(the time budget of a handbook)"
            )
        env._seconds = min(budget_seconds(), remaining)
        self.started = time.monotonic()
        env._deadline = self.started + env._seconds
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self.previous = signal.signal(signal.SIGALRM, self._alarm)
            # a little after the deadline: code that calls anything is stopped by tick()
            # first; the signal stops loops that call nothing
            signal.setitimer(signal.ITIMER_REAL, env._seconds + 0.25)
            env._armed = True
        return self

    def _alarm(self, signum: int, frame: FrameType | None) -> None:
        seconds = self.env._seconds
        if self.env._deadline is None:  # tick() has already refused
            return
        self.env._deadline = None
        self.env._armed = False
        raise _refuse(f"rendering took longer than {seconds:g} s (the time budget)")

    def __exit__(self, *exc: object) -> None:
        if not self.outer:
            return
        if self.previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        self.env._deadline = None
        self.env._armed = False
        self.env._spent += time.monotonic() - self.started


__all__ = ["BoundedSandbox", "TemplateLimitError", "budget_seconds"]
