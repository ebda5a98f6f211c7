"""Dropping homework.attachment_* keeps a homework's web link in its text, and its pupils and
files: SQLite copies the whole table to drop a column, and nothing may go with the copy."""

import sqlite3
from pathlib import Path

from db.migrate import downgrade, upgrade

BEFORE = "83137243b0b1"
AFTER = "a7ef264b73c0"
NOW = "2026-11-18 09:00:00.000000"


def homework_rows(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT id, text FROM homework ORDER BY id"))


def test_links_move_into_the_text_and_nothing_else_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url, BEFORE)
    # sqlite3 leaves foreign keys off: the homework needs no lessons or people to exist.
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO homework (id, lesson_id, class_id, subject_id, due_date, text,"
            " is_individual, attachment_kind, attachment_ref, author_id, created_at)"
            " VALUES (?, 1, 1, 1, '2026-11-20', ?, ?, ?, ?, 1, ?)",
            [
                (1, "Стр. 40", 1, "link", "https://example.org/task.pdf", NOW),
                (2, "Упр. 5", 0, "photo", "tg:AgAD", NOW),
                (3, "№ 12, 14", 0, None, None, NOW),
            ],
        )
        db.execute("INSERT INTO homework_targets (homework_id, pupil_id) VALUES (1, 7)")
        db.execute(
            "INSERT INTO homework_attachments (homework_id, kind, filename, mime, size, content,"
            " author_id, created_at) VALUES (2, 'photo', 'a.jpg', 'image/jpeg', 1, x'00', 1, ?)",
            (NOW,),
        )
    upgrade(url, AFTER)
    assert homework_rows(path) == [
        (1, "Стр. 40\nhttps://example.org/task.pdf"),
        (2, "Упр. 5"),
        (3, "№ 12, 14"),
    ]
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(homework)")}
        assert not {"attachment_kind", "attachment_ref"} & columns
        assert list(db.execute("SELECT homework_id, pupil_id FROM homework_targets")) == [(1, 7)]
        assert list(db.execute("SELECT homework_id FROM homework_attachments")) == [(2,)]
    # Down and up again: the columns come back empty, and the link is not added twice.
    downgrade(url, BEFORE)
    upgrade(url, AFTER)
    assert homework_rows(path)[0] == (1, "Стр. 40\nhttps://example.org/task.pdf")
