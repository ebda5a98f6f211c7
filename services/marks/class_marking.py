"""Marks for a whole class on one lesson and one work type, saved together: a control work for
30 pupils is one operation, each mark checked and kept in history as record_mark does."""

from collections.abc import Mapping

from services.context import Ctx
from services.errors import RuleViolation
from services.marks.marking import record_mark
from services.people.actor import Actor

NOTHING_TO_SAVE = "Ни одной отметки не выбрано: нажмите на учеников или напишите отметки."


async def record_class_marks(
    ctx: Ctx, actor: Actor, lesson_id: int, work_type: str, marks: Mapping[int, int]
) -> int:
    """Puts marks[pupil] for each pupil, all or none (the turn's transaction); the count put."""
    if not marks:
        raise RuleViolation(NOTHING_TO_SAVE)
    for pupil_id, value in marks.items():
        await record_mark(ctx, actor, lesson_id, pupil_id, value, work_type)
    return len(marks)
