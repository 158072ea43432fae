"""The ``projectoffice`` console command.

Engine commands (``schedule``, ``level``) run without Django so they start fast and work on any file;
everything else is a Django management command (``migrate``, ``runserver``, ``demo``, ``mspdi``, ...).
"""

import importlib
import os
import sys

ENGINE_COMMANDS = {
    "schedule": "projectoffice.engine.commands.schedule",
    "level": "projectoffice.engine.commands.level",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in ENGINE_COMMANDS:
        module = importlib.import_module(ENGINE_COMMANDS[argv[1]])
        return int(module.main(argv[2:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "projectoffice.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
