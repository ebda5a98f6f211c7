"""What an import would do (a dry run) or did: added, changed, left alone."""

from dataclasses import dataclass, field

from services.school_import.issues import Issue

SHOWN_CHANGES = 30


@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class ImportReport:
    title: str  # what the file holds: "ученики и родители"
    filename: str
    applied: bool = False
    tallies: dict[str, Tally] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)

    def tally(self, what: str) -> Tally:
        return self.tallies.setdefault(what, Tally())

    def added(self, what: str, line: str = "") -> None:
        self.tally(what).added += 1
        if line:
            self.changes.append(f"+ {line}")

    def changed(self, what: str, line: str) -> None:
        self.tally(what).changed += 1
        self.changes.append(f"~ {line}")

    def removed(self, what: str, line: str) -> None:
        """line: what goes and why; said «удалится» in a dry run, «удалено» once done."""
        self.tally(what).removed += 1
        self.changes.append(f"- {'удалено' if self.applied else 'удалится'}: {line}")

    def unchanged(self, what: str, count: int = 1) -> None:
        self.tally(what).unchanged += count

    @property
    def has_changes(self) -> bool:
        return any(t.added or t.changed or t.removed for t in self.tallies.values())

    def render(self, limit: int | None = None) -> str:
        """limit: at most that many characters (a chat message), the details cut first."""
        text = self._render(SHOWN_CHANGES)
        shown = SHOWN_CHANGES
        while limit is not None and len(text) > limit and shown > 0:
            shown //= 2
            text = self._render(shown, notices=shown > 0)
        return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"

    def _render(self, shown: int, notices: bool = True) -> str:
        head = "Загружено" if self.applied else "Проверка, ничего не записано"
        lines = [f"{head}: {self.title}, файл «{self.filename}»."]
        for what, t in self.tallies.items():
            verb = ("добавлено", "изменено") if self.applied else ("добавится", "изменится")
            gone = f", {'удалено' if self.applied else 'удалится'} {t.removed}" if t.removed else ""
            lines.append(
                f"{what}: {verb[0]} {t.added}, {verb[1]} {t.changed}{gone}, "
                f"без изменений {t.unchanged}"
            )
        if not self.has_changes:
            lines.append("Всё в журнале уже так, как в файле.")
        lines += self.changes[:shown]
        if len(self.changes) > shown:
            lines.append(f"…и ещё изменений: {len(self.changes) - shown}.")
        if notices:
            lines += [f"Замечание. {n.render()}" for n in self.notices]
        elif self.notices:
            lines.append(f"Замечаний: {len(self.notices)}; все видны в journal import.")
        return "\n".join(lines)
