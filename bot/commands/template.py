"""`journal template <вид> <файл>`: a blank Excel template with its headers and an example."""

import argparse
import sys
from pathlib import Path
from typing import Any

from services.school_import.templates import TEMPLATES, template_workbook


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "template",
        help="записать пустой шаблон Excel для загрузки школы",
        description=(
            "Записывает таблицу Excel с заголовками и одной строкой-примером: заполните её "
            "и загрузите командой journal import."
        ),
    )
    parser.add_argument("kind", choices=list(TEMPLATES), metavar="ВИД")
    parser.add_argument("file", type=Path, metavar="ФАЙЛ")
    parser.add_argument("--force", action="store_true", help="перезаписать существующий файл")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.exists() and not args.force:
        print(f"Файл {path} уже есть: чтобы перезаписать, добавьте --force.", file=sys.stderr)
        return 1
    try:
        path.write_bytes(template_workbook(args.kind))
    except OSError as exc:
        print(f"Не получается записать {path}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Шаблон записан: {path}. Заполните его и проверьте: journal import {args.kind} {path}")
    return 0
