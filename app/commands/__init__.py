"""Subcommands of `tdkt`, one module per area. Each module has `register(subparsers)`
returning {command name: handler(args) -> exit code}. Add a new area to `registered()`."""

from __future__ import annotations

from collections.abc import Callable


def registered() -> list[Callable]:
    from app.commands import backup, basics, cycle, exchange, extras, printing, units, year_work
    from app.commands import dossiers as dossier_commands
    from app.commands import history as history_commands
    from app.commands import reports as report_commands
    from app.commands import server as server_commands

    return [basics.register, backup.register, printing.register, exchange.register,
            report_commands.register, dossier_commands.register, cycle.register, extras.register,
            history_commands.register, server_commands.register, units.register, year_work.register]
