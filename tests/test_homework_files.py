"""Files attached to homework: stored with it, given only to those who may see the homework,
refused over the limits with nothing stored."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from db.models import Homework, HomeworkAttachment
from services.context import Ctx, Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.lessons.homework_files import FILE_LIMIT_BYTES, FILES_PER_HOMEWORK, NewFile
from services.lessons.homework_reading import homework_file, homework_for
from services.lessons.notes import attach_files, set_homework
from tests.tiny_school import TinySchool
from tests.write_support import actor, count

JPEG = b"\xff\xd8\xff\xe0" + bytes(60)
PDF = b"%PDF-1.4 worksheet"
WEEK = (date(2026, 11, 19), date(2026, 11, 25))


async def rows(journal: Journal, _model: object = None) -> list[HomeworkAttachment]:
    """The stored files with their bytes (the model defers them)."""

    async def read(ctx: Ctx) -> list[HomeworkAttachment]:
        query = select(HomeworkAttachment).options(undefer(HomeworkAttachment.content))
        return list((await ctx.session.scalars(query.order_by(HomeworkAttachment.id))).all())

    return await journal.run(read)


def pdf(name: str = "worksheet.pdf") -> NewFile:
    return NewFile("document", name, "application/pdf", PDF)


async def set_with(journal: Journal, tiny: TinySchool, lesson: str, *files: NewFile, **kw) -> int:  # type: ignore[no-untyped-def]
    teacher = "eng1" if lesson.startswith("eng1") else "math"
    who = await actor(journal, tiny, teacher)
    return await journal.run(set_homework, who, tiny.lessons[lesson], "Упр. 3", files=files, **kw)


async def test_files_are_stored_with_the_homework(journal: Journal, tiny: TinySchool) -> None:
    homework_id = await set_with(journal, tiny, "math-today", NewFile("photo", "", "", JPEG), pdf())
    photo, document = await rows(journal, HomeworkAttachment)
    assert (photo.homework_id, photo.kind, photo.mime) == (homework_id, "photo", "image/jpeg")
    assert photo.filename == "фото.jpg" and photo.size == len(JPEG) and photo.content == JPEG
    assert (document.kind, document.filename, document.content) == (
        "document",
        "worksheet.pdf",
        PDF,
    )

    g2 = await actor(journal, tiny, "g2")
    [task] = await journal.run(homework_for, g2, tiny.people["a1"], *WEEK)
    assert [(f.kind, f.filename, f.size) for f in task.files] == [
        ("photo", "фото.jpg", len(JPEG)),
        ("document", "worksheet.pdf", len(PDF)),
    ]
    got = await journal.run(homework_file, g2, tiny.people["a1"], document.id)
    assert (got.filename, got.kind, got.content, got.subject) == (
        "worksheet.pdf",
        "document",
        PDF,
        "Математика",
    )
    pupil = await actor(journal, tiny, "a1")
    assert (await journal.run(homework_file, pupil, tiny.people["a1"], photo.id)).content == JPEG


async def test_a_file_is_given_only_to_whom_its_homework_is_for(
    journal: Journal, tiny: TinySchool
) -> None:
    mine = await set_with(
        journal, tiny, "math-today", pdf("for-a1.pdf"), pupil_ids=[tiny.people["a1"]]
    )
    await set_with(journal, tiny, "5Б-math-today", pdf("5b.pdf"))
    await set_with(journal, tiny, "eng1-today", pdf("eng1.pdf"))
    files = {f.filename: f.id for f in await rows(journal, HomeworkAttachment)}
    g3, g1 = await actor(journal, tiny, "g3"), await actor(journal, tiny, "g1")
    a2, a3, a1 = tiny.people["a2"], tiny.people["a3"], tiny.people["a1"]
    # Anna's guardian, with Anna's id, asks for Ivan's individual file, 5Б's and a missing one.
    for forged in (files["for-a1.pdf"], files["5b.pdf"], 999_999):
        with pytest.raises(NotFound):
            await journal.run(homework_file, g3, a2, forged)
    with pytest.raises(AccessDenied):  # and with Ivan's id: not her child
        await journal.run(homework_file, g3, a1, files["for-a1.pdf"])
    # The English group's file is not for the other group's pupil.
    a3_self = await actor(journal, tiny, "a3")
    with pytest.raises(NotFound):
        await journal.run(homework_file, a3_self, a3, files["eng1.pdf"])
    # Yelena has Ivan in 5А and Maria in 5Б: each file goes with its own child only.
    assert (await journal.run(homework_file, g1, a1, files["for-a1.pdf"])).content == PDF
    assert (await journal.run(homework_file, g1, tiny.people["b1"], files["5b.pdf"])).content
    with pytest.raises(NotFound):
        await journal.run(homework_file, g1, a1, files["5b.pdf"])
    assert mine


async def test_limits_and_bad_files_store_nothing(journal: Journal, tiny: TinySchool) -> None:
    too_big = NewFile("document", "big.pdf", "application/pdf", b"0" * (FILE_LIMIT_BYTES + 1))
    bad = (
        (too_big, "20 МБ"),
        (NewFile("voice", "voice.ogg", "audio/ogg", b"OggS"), "фото и документы"),
        (NewFile("document", "empty.pdf", "", b""), "пустой"),
    )
    for file, why in bad:
        with pytest.raises(RuleViolation, match=why):
            await set_with(journal, tiny, "math-today", file)
    with pytest.raises(RuleViolation, match=str(FILES_PER_HOMEWORK)):
        await set_with(journal, tiny, "math-today", *[pdf(f"{i}.pdf") for i in range(11)])
    assert await count(journal, Homework) == 0
    assert await count(journal, HomeworkAttachment) == 0
    exactly = NewFile("document", "max.bin", "", b"0" * FILE_LIMIT_BYTES)
    await set_with(journal, tiny, "math-today", exactly)
    assert await count(journal, HomeworkAttachment) == 1


async def test_more_files_join_under_the_same_rules(journal: Journal, tiny: TinySchool) -> None:
    homework_id = await set_with(journal, tiny, "math-today")
    math, rus = await actor(journal, tiny, "math"), await actor(journal, tiny, "rus")
    names = await journal.run(attach_files, math, homework_id, [pdf("../../etc/passwd\x00.pdf")])
    assert names == ["passwd.pdf"]
    with pytest.raises(AccessDenied):
        await journal.run(attach_files, rus, homework_id, [pdf()])
    with pytest.raises(NotFound):
        await journal.run(attach_files, math, 999_999, [pdf()])
    not_a_picture = NewFile("photo", "scan.jpg", "image/jpeg", PDF)
    await journal.run(attach_files, math, homework_id, [not_a_picture])
    full = [pdf(f"{i}.pdf") for i in range(FILES_PER_HOMEWORK - 2)]
    await journal.run(attach_files, math, homework_id, full)
    with pytest.raises(RuleViolation, match="не больше"):
        await journal.run(attach_files, math, homework_id, [pdf()])
    stored = await rows(journal, HomeworkAttachment)
    assert len(stored) == FILES_PER_HOMEWORK
    scan = next(f for f in stored if f.filename == "scan.jpg")
    assert (scan.kind, scan.mime) == ("document", "image/jpeg")  # sent back as a document
