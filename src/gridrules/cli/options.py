"""Options shared by several commands, and the means to group them.

`stack` puts several options on a command in the order --help lists them;
`option_group` hands a command the values of several options as one object
(see `engineopts`: the principal, the moment and the output options).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

from gridrules.catalogue import msg
from gridrules.problems import Text

F = TypeVar("F", bound=Callable[..., Any])


def helptext(text: Text) -> str:
    """A help line as --help shows it: the English, then the Chinese.

    Callers name the entry themselves, `helptext(msg("cli.help.check.grid"))`, so
    tests/test_catalogue.py sees every key.
    """
    return f"{text.en} {text.zh}"


def stack(*decorators: Callable[[Any], Any]) -> Callable[[F], F]:
    """The decorators as one, their options listed by --help in the order given."""

    def decorate(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate


def option_group(name: str, group: type[Any], *options: Callable[[Any], Any]) -> Callable[[F], F]:
    """`options` on a command, whose callback gets their values as one `group(…)` named `name`.

    `group` is a dataclass whose fields are the options' parameter names.
    """
    fields = [field.name for field in dataclasses.fields(group)]

    def decorate(func: F) -> F:
        def grouped(*args: Any, **kwargs: Any) -> Any:
            kwargs[name] = group(**{field: kwargs.pop(field) for field in fields})
            return func(*args, **kwargs)

        # like functools.wraps, sharing the options already on `func` (__click_params__)
        functools.update_wrapper(grouped, func)
        return cast(F, stack(*options)(grouped))

    return decorate


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help=helptext(msg("cli.help.common.lang")),
)

path_argument = click.argument("path", type=click.Path(path_type=str))


def root_option_for(default: str) -> Callable[[F], F]:
    """--root, saying what the root is when it is not given."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=str),
        default=None,
        help=f"Policy root that `extends` may not leave (default: {default}).",
    )


root_option = root_option_for("the jurisdiction's parent folder")


def format_option(*choices: str, help: str | None = None) -> Callable[[F], F]:
    """--format (parameter `fmt`) among `choices`, the first the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def value_option(name: str, metavar: str, help: str) -> Callable[[F], F]:
    """An option taking one optional value, shown in --help as METAVAR."""
    return click.option(name, default=None, metavar=metavar, help=help)


output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help=helptext(msg("cli.help.common.output")),
)
