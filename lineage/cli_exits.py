"""How the command line ends: exit statuses, and every failure as one line on standard error."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click

from .errors import LineageError

EXIT_REUSE, EXIT_NO_REUSE, EXIT_TROUBLE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _fail(message: str) -> None:
    click.echo(f"lineage: error: {_one_line(message)}", err=True)
    sys.exit(EXIT_TROUBLE)


def _one_line(message: str) -> str:
    """The message on one line: a script reads standard error line by line."""
    return " ".join(message.split())


class Guarded(click.Group):
    """The command group: every failure becomes one line on standard error and exit status 2 or 130.

    The archive's commands (:mod:`lineage.cli_archive`) are imported when asked for.
    """

    _LAZY = {"index": "index", "check": "check"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the archive's included."""
        return sorted({*super().list_commands(ctx), *self._LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A command by name; the archive's are imported on first use."""
        if cmd_name in self._LAZY and cmd_name not in self.commands:
            from . import cli_archive

            self.add_command(getattr(cli_archive, self._LAZY[cmd_name]))
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping library errors, interrupts and unexpected exceptions to exit statuses."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except LineageError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo(("\n" if sys.stderr.isatty() else "") + "lineage: interrupted", err=True)
            _forget_interrupt()
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _quiet_stdout()
            _fail("standard output was closed before the output was written")
        except Exception as exc:
            if ctx.params.get("debug"):
                traceback.print_exc()
            _fail_internal(exc)


def _forget_interrupt() -> None:
    """Clear CPython's record of an interrupt that passed through ``exec``'d code, so that 130 is the exit status.

    An interrupt raised inside code run by ``exec`` (imports of scipy, which
    datasketch's LSH needs, run such code) marks it "unhandled" even once caught,
    and ``python -m lineage.cli`` then ends by the signal; every ``exec`` resets the mark.
    """
    exec("")


def _fail_internal(exc: BaseException) -> None:
    """Report an unexpected exception in one line and exit 2, never 1 (which reads as "no reuse")."""
    detail = _one_line(str(exc))
    click.echo(f"lineage: internal error: {type(exc).__name__}" + (f": {detail}" if detail else ""), err=True)
    sys.exit(EXIT_TROUBLE)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
