"""What an import would do (a dry run) or did: added, changed, left alone."""

from dataclasses import dataclass, field

from services.school_import.issues import Issue

SHOWN_CHANGES = 30


@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    unchanged: int = 0


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

    def unchanged(self, what: str, count: int = 1) -> None:
        self.tally(what).unchanged += count

    @property
    def has_changes(self) -> bool:
        return any(t.added or t.changed for t in self.tallies.values())

    def render(self) -> str:
        head = "Загружено" if self.applied else "Проверка, ничего не записано"
        lines = [f"{head}: {self.title}, файл «{self.filename}»."]
        for what, t in self.tallies.items():
            verb = ("добавлено", "изменено") if self.applied else ("добавится", "изменится")
            lines.append(
                f"{what}: {verb[0]} {t.added}, {verb[1]} {t.changed}, без изменений {t.unchanged}"
            )
        if not self.has_changes:
            lines.append("Всё в журнале уже так, как в файле.")
        for change in self.changes[:SHOWN_CHANGES]:
            lines.append(change)
        if len(self.changes) > SHOWN_CHANGES:
            lines.append(f"…и ещё изменений: {len(self.changes) - SHOWN_CHANGES}.")
        lines += [f"Замечание. {n.render()}" for n in self.notices]
        return "\n".join(lines)
