"""A guardian's questions to their child's teachers and the teachers' answers (001 §2.9,
§4.8.1: an answer within 7 days; the reminder job nudges the teacher after REMIND_AFTER_DAYS).
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from db.models import DirectMessage, Enrollment, Person, SchoolClass, Subject, TeachingAssignment
from db.names import full_name
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.lessons.write_rules import required_text
from services.people.access import pupil_scope
from services.people.actor import Actor, Role
from services.staff_views import AnswerView, OverdueQuestion, QuestionView, TeacherContact

MESSAGE_SENT = "message.sent"
MESSAGE_ANSWERED = "message.answered"
TEXT_LIMIT = 2000
ANSWER_DAYS = 7
REMIND_AFTER_DAYS = 5
# A teacher's chat is not a place for floods: wait for answers before asking more.
MAX_OPEN_QUESTIONS = 5
QUESTION_NOT_FOUND = "Вопрос не найден."

_Sender, _Recipient, _Pupil = aliased(Person), aliased(Person), aliased(Person)


def _require_own_child(actor: Actor, pupil_id: int) -> None:
    if not actor.has(Role.GUARDIAN) or pupil_id not in actor.children:
        raise AccessDenied("Написать учителю можно только о своём ребёнке.")


async def teachers_of_pupil(ctx: Ctx, actor: Actor, pupil_id: int) -> list[TeacherContact]:
    """The class teacher first, then the pupil's subject teachers (own subgroups only)."""
    _require_own_child(actor, pupil_id)
    scope = await pupil_scope(ctx, actor, pupil_id)
    cls = scope.school_class
    rows = await ctx.session.execute(
        select(TeachingAssignment.teacher_id, Subject.name)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .where(
            TeachingAssignment.class_id == cls.id,
            TeachingAssignment.subgroup_id.is_(None)
            | TeachingAssignment.subgroup_id.in_(scope.subgroup_ids),
        )
        .order_by(Subject.name)
    )
    subjects: dict[int, list[str]] = {}
    for teacher_id, subject in rows.all():
        subjects.setdefault(teacher_id, []).append(subject)
    ids = set(subjects) | ({cls.class_teacher_id} if cls.class_teacher_id else set())
    people = (
        await ctx.session.scalars(
            select(Person)
            .where(Person.id.in_(ids), Person.is_active.is_(True))
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
    ).all()
    contacts = [
        TeacherContact(
            id=p.id,
            full_name=p.full_name,
            short_name=p.short_name,
            subjects=tuple(dict.fromkeys(subjects.get(p.id, []))),
            is_class_teacher=p.id == cls.class_teacher_id,
            gender=p.gender,
        )
        for p in people
    ]
    return sorted(contacts, key=lambda c: not c.is_class_teacher)


async def send_question(ctx: Ctx, actor: Actor, pupil_id: int, teacher_id: int, text: str) -> int:
    """A guardian's question about their child to one of the child's teachers; its id."""
    teachers = {t.id for t in await teachers_of_pupil(ctx, actor, pupil_id)}
    if teacher_id not in teachers:
        raise AccessDenied("Написать можно классному руководителю и учителям вашего ребёнка.")
    body = required_text(text, TEXT_LIMIT, "Вопрос учителю")
    open_count = await ctx.session.scalar(
        select(func.count())
        .select_from(DirectMessage)
        .where(
            DirectMessage.sender_id == actor.person_id,
            DirectMessage.recipient_id == teacher_id,
            DirectMessage.reply_to_id.is_(None),
            DirectMessage.answered_at.is_(None),
        )
    )
    if (open_count or 0) >= MAX_OPEN_QUESTIONS:
        raise RuleViolation(
            f"У этого учителя уже {MAX_OPEN_QUESTIONS} ваших вопросов без ответа: "
            "дождитесь ответа на них."
        )
    message = DirectMessage(
        sender_id=actor.person_id,
        recipient_id=teacher_id,
        pupil_id=pupil_id,
        text=body,
        sent_at=ctx.now,
    )
    ctx.session.add(message)
    await ctx.session.flush()
    payload = {
        "message_id": message.id,
        "sender_id": actor.person_id,
        "recipient_id": teacher_id,
        "pupil_id": pupil_id,
    }
    events.emit(ctx, actor.school_id, MESSAGE_SENT, payload)
    events.audit(
        ctx, actor, "question.sent", pupil_id, message_id=message.id, recipient_id=teacher_id
    )
    return message.id


async def answer(ctx: Ctx, actor: Actor, message_id: int, text: str) -> int:
    """The teacher's answer to a question addressed to them; the answer's id."""
    question = await ctx.session.get(DirectMessage, message_id)
    # Someone else's question looks the same as a missing one: nothing leaks.
    if (
        question is None
        or question.recipient_id != actor.person_id
        or question.reply_to_id is not None
    ):
        raise NotFound(QUESTION_NOT_FOUND)
    body = required_text(text, TEXT_LIMIT, "Ответ")
    reply = DirectMessage(
        sender_id=actor.person_id,
        recipient_id=question.sender_id,
        pupil_id=question.pupil_id,
        reply_to_id=question.id,
        text=body,
        sent_at=ctx.now,
    )
    ctx.session.add(reply)
    if question.answered_at is None:
        question.answered_at = ctx.now
    await ctx.session.flush()
    payload = {
        "message_id": reply.id,
        "question_id": question.id,
        "sender_id": actor.person_id,
        "recipient_id": question.sender_id,
        "pupil_id": question.pupil_id,
    }
    events.emit(ctx, actor.school_id, MESSAGE_ANSWERED, payload)
    events.audit(
        ctx,
        actor,
        "question.answered",
        question.pupil_id,
        message_id=reply.id,
        question_id=question.id,
        recipient_id=question.sender_id,
    )
    return reply.id


_QUESTIONS = (
    select(DirectMessage, _Sender, _Recipient, _Pupil, SchoolClass)
    .join(_Sender, _Sender.id == DirectMessage.sender_id)
    .join(_Recipient, _Recipient.id == DirectMessage.recipient_id)
    .outerjoin(_Pupil, _Pupil.id == DirectMessage.pupil_id)
    .outerjoin(
        Enrollment,
        (Enrollment.pupil_id == DirectMessage.pupil_id) & Enrollment.is_active.is_(True),
    )
    .outerjoin(SchoolClass, SchoolClass.id == Enrollment.class_id)
    .where(DirectMessage.reply_to_id.is_(None))
)
_Row = tuple[DirectMessage, Person, Person, Person | None, SchoolClass | None]


def _pupil(pupil: Person | None) -> str:
    return full_name(pupil.last_name, pupil.first_name) if pupil else ""


async def _views(ctx: Ctx, rows: Sequence[_Row]) -> list[QuestionView]:
    ids = [r[0].id for r in rows]
    answers: dict[int, list[AnswerView]] = {}
    if ids:
        found = await ctx.session.execute(
            select(DirectMessage, Person)
            .join(Person, Person.id == DirectMessage.sender_id)
            .where(DirectMessage.reply_to_id.in_(ids))
            .order_by(DirectMessage.sent_at, DirectMessage.id)
        )
        for m, author in found.all():
            assert m.reply_to_id is not None
            answers.setdefault(m.reply_to_id, []).append(
                AnswerView(m.id, author.short_name, m.text, m.sent_at)
            )
    return [
        QuestionView(
            id=m.id,
            sender_id=sender.id,
            sender=sender.full_name,
            recipient_id=recipient.id,
            recipient=recipient.short_name,
            pupil_id=m.pupil_id,
            pupil=_pupil(pupil),
            class_title=cls.title if cls else "",
            text=m.text,
            sent_at=m.sent_at,
            answer_due=m.sent_at + timedelta(days=ANSWER_DAYS),
            answered_at=m.answered_at,
            answers=tuple(answers.get(m.id, ())),
        )
        for m, sender, recipient, pupil, cls in rows
    ]


async def inbox(ctx: Ctx, actor: Actor) -> list[QuestionView]:
    """The questions addressed to the actor still without an answer, oldest first."""
    rows = await ctx.session.execute(
        _QUESTIONS.where(
            DirectMessage.recipient_id == actor.person_id, DirectMessage.answered_at.is_(None)
        ).order_by(DirectMessage.sent_at, DirectMessage.id)
    )
    return await _views(ctx, rows.all())


async def my_questions(ctx: Ctx, actor: Actor, limit: int = 10) -> list[QuestionView]:
    """The actor's own latest questions with the answers given, newest first."""
    rows = await ctx.session.execute(
        _QUESTIONS.where(DirectMessage.sender_id == actor.person_id)
        .order_by(DirectMessage.sent_at.desc(), DirectMessage.id.desc())
        .limit(max(1, min(limit, 50)))
    )
    return await _views(ctx, rows.all())


async def question(ctx: Ctx, actor: Actor, message_id: int) -> QuestionView:
    """One question with its answers, for its sender or its recipient only."""
    rows = (await ctx.session.execute(_QUESTIONS.where(DirectMessage.id == message_id))).all()
    if not rows or actor.person_id not in (rows[0][0].sender_id, rows[0][0].recipient_id):
        raise NotFound(QUESTION_NOT_FOUND)
    [view] = await _views(ctx, rows)
    return view


async def question_for_notice(ctx: Ctx, message_id: int) -> QuestionView | None:
    """One question with its answers, for the notification rules, which act for nobody: they
    tell only the question's own sender and recipient."""
    rows = (await ctx.session.execute(_QUESTIONS.where(DirectMessage.id == message_id))).all()
    return (await _views(ctx, rows[:1]))[0] if rows else None


async def overdue_questions(
    ctx: Ctx, now: datetime | None = None, days: int = REMIND_AFTER_DAYS
) -> list[OverdueQuestion]:
    """Questions unanswered for `days` whose teacher has not been reminded yet (for the job)."""
    moment = now or ctx.now
    rows = await ctx.session.execute(
        _QUESTIONS.where(
            DirectMessage.answered_at.is_(None),
            DirectMessage.reminded_at.is_(None),
            DirectMessage.sent_at <= moment - timedelta(days=days),
        ).order_by(DirectMessage.sent_at, DirectMessage.id)
    )
    return [
        OverdueQuestion(
            id=m.id,
            school_id=recipient.school_id,
            recipient_id=recipient.id,
            sender=sender.short_name,
            pupil=_pupil(pupil),
            class_title=cls.title if cls else "",
            text=m.text,
            sent_at=m.sent_at,
            answer_due=m.sent_at + timedelta(days=ANSWER_DAYS),
        )
        for m, sender, recipient, pupil, cls in rows.all()
    ]


async def mark_reminded(ctx: Ctx, message_ids: Sequence[int]) -> None:
    """Each question is reminded of once; a second run of the job skips it."""
    if message_ids:
        await ctx.session.execute(
            update(DirectMessage)
            .where(DirectMessage.id.in_(list(message_ids)), DirectMessage.reminded_at.is_(None))
            .values(reminded_at=ctx.now)
        )
