"""Subcommands of `journal`: each module exposes register(subparsers), which sets `func`."""
