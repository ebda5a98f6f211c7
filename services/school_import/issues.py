"""What is wrong with a file, said in Russian with the file, sheet, row and column."""

from dataclasses import dataclass, field

from services.errors import JournalError

SHOWN_ISSUES = 40


@dataclass(frozen=True)
class Where:
    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # a column letter, or an XML element
    header: str = ""
    element: str = ""  # an XML element, as <lesson id="...">

    def at(self, row: int | None = None, column: str = "", header: str = "") -> "Where":
        return Where(self.file, self.sheet, row, column, header)

    def within(self, element: str) -> "Where":
        return Where(self.file, element=element)

    def render(self) -> str:
        parts = [f"Файл «{self.file}»"]
        if self.element:
            parts.append(f"элемент {self.element}")
        if self.sheet:
            parts.append(f"лист «{self.sheet}»")
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            column = f"столбец {self.column}"
            if self.header:
                column += f" ({self.header})"
            parts.append(column)
        return ", ".join(parts)


@dataclass(frozen=True)
class Issue:
    where: Where
    text: str

    def render(self) -> str:
        return f"{self.where.render()}: {self.text}"


@dataclass
class Issues:
    """Errors refuse the whole file; notices are told and the import goes on."""

    errors: list[Issue] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)

    def error(self, where: Where, text: str) -> None:
        self.errors.append(Issue(where, text))

    def notice(self, where: Where, text: str) -> None:
        self.notices.append(Issue(where, text))

    def raise_if_any(self, filename: str) -> None:
        if self.errors:
            raise ImportRefused(filename, self.errors)


class ImportRefused(JournalError):
    """A file with errors: nothing of it is written."""

    def __init__(self, filename: str, errors: list[Issue]) -> None:
        count = len(errors)
        lines = [f"Файл «{filename}» не загружен: ошибок {count}. Исправьте их и пришлите снова."]
        lines += [f"• {e.render()}" for e in errors[:SHOWN_ISSUES]]
        if count > SHOWN_ISSUES:
            lines.append(f"…и ещё {count - SHOWN_ISSUES}.")
        super().__init__("\n".join(lines))
        self.errors = errors
