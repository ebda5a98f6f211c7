"""Checks shared by the operations that write into a lesson's page of the journal."""

from db.enums import LessonStatus
from db.models import Lesson
from services.context import Ctx
from services.errors import RuleViolation
from services.lessons.timing import class_of, has_started, school_of
from services.plain_text import shown_text

TEXT_LIMIT = 2000
REASON_LIMIT = 300


async def is_unmarked_grade(ctx: Ctx, lesson: Lesson) -> bool:
    school_class = await class_of(ctx, lesson)
    school = await school_of(ctx, school_class.school_id)
    return school_class.grade in school.unmarked_grade_set()


async def require_marked_grade(ctx: Ctx, lesson: Lesson, what: str) -> None:
    if await is_unmarked_grade(ctx, lesson):
        school_class = await class_of(ctx, lesson)
        raise RuleViolation(f"В {school_class.grade}-м классе {what}: обучение безотметочное.")


def require_not_cancelled(lesson: Lesson) -> None:
    if lesson.status == LessonStatus.CANCELLED:
        raise RuleViolation("Урок отменён: записи в журнал по нему не вносятся.")


async def require_started(ctx: Ctx, lesson: Lesson, what: str) -> None:
    if not await has_started(ctx, lesson):
        raise RuleViolation(f"Урок ещё не начался: {what} можно внести после его начала.")


def mark_held(lesson: Lesson) -> None:
    """A planned lesson that has begun and has marks or a roll call was evidently held."""
    if lesson.status == LessonStatus.PLANNED:
        lesson.status = LessonStatus.HELD


def required_text(text: str, limit: int, what: str) -> str:
    cleaned = shown_text(text).strip()
    if not cleaned:
        raise RuleViolation(f"{what}: текст не может быть пустым.")
    if len(cleaned) > limit:
        raise RuleViolation(f"{what}: не длиннее {limit} символов (сейчас {len(cleaned)}).")
    return cleaned
