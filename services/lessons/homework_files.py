"""Files attached to homework: what is accepted, and how they are stored (with the homework,
in one transaction: services.lessons.notes)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from db.models import Homework, HomeworkAttachment
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.plain_text import unmentioned, without_controls

# Telegram lets a bot fetch at most 20 MB (getFile); the same limit on every platform keeps
# a homework's files the same wherever the teacher sent them from.
FILE_LIMIT_BYTES = 20 * 1024 * 1024
FILE_LIMIT_TEXT = "20 МБ"
FILES_PER_HOMEWORK = 10  # a Telegram album holds 10
PHOTO = "photo"
DOCUMENT = "document"
KINDS = (PHOTO, DOCUMENT)
FILENAME_LIMIT = 255
MIME_LIMIT = 100
_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_IMAGES = {
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"GIF87a": ("image/gif", "gif"),
    b"GIF89a": ("image/gif", "gif"),
}


@dataclass(frozen=True)
class NewFile:
    kind: str
    filename: str
    mime: str
    content: bytes


def image_type(content: bytes) -> tuple[str, str] | None:
    """(mime, extension) of a picture every messenger shows as a photo, else None."""
    for signature, found in _IMAGES.items():
        if content.startswith(signature):
            return found
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def _filename(raw: str, extension: str) -> str:
    # A name from a chat is shown to other people and offered to them as a download:
    # no directories, no control characters, no names that are only dots.
    name = unmentioned(without_controls(raw)).replace("\\", "/").rsplit("/", 1)[-1]
    name = name.strip().strip(".")
    if not name:
        name = f"файл.{extension}" if extension else "файл"
    if len(name) > FILENAME_LIMIT:
        stem, dot, ext = name.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        name = (stem if keep else name)[: FILENAME_LIMIT - len(keep) - 1].rstrip() + (
            f".{keep}" if keep else ""
        )
    return name


def checked(file: NewFile) -> NewFile:
    """The file as stored, or RuleViolation saying (in Russian) why it is not accepted."""
    if file.kind not in KINDS:
        raise RuleViolation("К заданию прикрепляются только фото и документы.")
    size = len(file.content)
    if size == 0:
        raise RuleViolation("Файл пустой — пришлите его ещё раз.")
    if size > FILE_LIMIT_BYTES:
        raise RuleViolation(f"Файл больше {FILE_LIMIT_TEXT} — такой к заданию не прикрепить.")
    picture = image_type(file.content)
    if file.kind == PHOTO and picture is not None:
        # Messengers name no photo (the adapters make names up): one plain name for them all.
        return NewFile(PHOTO, f"фото.{picture[1]}", picture[0], file.content)
    # A "photo" that is no picture is kept, as a document: it is sent back as one.
    mime = file.mime.strip().lower()
    if not _MIME.fullmatch(mime) or len(mime) > MIME_LIMIT:
        mime = "application/octet-stream"
    return NewFile(DOCUMENT, _filename(file.filename, ""), mime, file.content)


async def store_files(
    ctx: Ctx, actor: Actor, homework: Homework, files: Sequence[NewFile]
) -> list[HomeworkAttachment]:
    """Adds the files to the homework (its writing rules are the caller's to check)."""
    accepted = [checked(f) for f in files]
    had = await ctx.session.scalar(
        select(func.count())
        .select_from(HomeworkAttachment)
        .where(HomeworkAttachment.homework_id == homework.id)
    )
    if (had or 0) + len(accepted) > FILES_PER_HOMEWORK:
        raise RuleViolation(f"К одному заданию — не больше {FILES_PER_HOMEWORK} файлов.")
    stored = [
        HomeworkAttachment(
            homework_id=homework.id,
            kind=f.kind,
            filename=f.filename,
            mime=f.mime,
            size=len(f.content),
            content=f.content,
            author_id=actor.person_id,
            created_at=ctx.now,
        )
        for f in accepted
    ]
    ctx.session.add_all(stored)
    await ctx.session.flush()
    return stored
