"""A report as tables, the one shape both the PDF and the XLSX are drawn from: so the paper,
the spreadsheet and the chat (which formats the same report) show the same numbers."""

from dataclasses import dataclass

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty
    total: tuple[Cell, ...] | None = None  # a last row set apart


@dataclass(frozen=True)
class ReportDocument:
    filename: str  # without the extension
    title: str
    subtitle: str  # the school, what the report covers, the period
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()  # what the columns mean, where the rules come from
    signatures: tuple[str, ...] = ()  # whose signature lines close it
    landscape: bool = False


def number(value: float | None) -> float | None:
    """Percentages and averages to one decimal, as both files show them."""
    return round(value, 1) if value is not None else None


def shown(cell: Cell) -> str:
    """A cell as printed: decimals with a comma, nothing as a dash."""
    if cell is None:
        return "—"
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",")
    return str(cell)


def signed(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def shown_change(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}".replace(".", ",")
    return "0,0" if text in ("+0,0", "-0,0") else text
