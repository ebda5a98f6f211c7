"""The notice board: the deputy's and director's news (001 §4.6.8) and class teachers' notes."""

from sqlalchemy import exists, select

from db.enums import AnnouncementScope
from db.models import Announcement, AnnouncementRead, SchoolClass
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.lessons.write_rules import required_text
from services.people.access import pupil_class
from services.people.actor import Actor, Role

TITLE_LIMIT = 200
TEXT_LIMIT = 4000


async def _check_scope(
    ctx: Ctx, actor: Actor, scope: AnnouncementScope, grade: int | None, class_id: int | None
) -> None:
    if scope == AnnouncementScope.SCHOOL and (grade is not None or class_id is not None):
        raise RuleViolation("Объявление для всей школы не указывает параллель или класс.")
    if scope == AnnouncementScope.GRADE:
        if grade is None or class_id is not None:
            raise RuleViolation("Для объявления параллели укажите только номер параллели.")
        has_grade = await ctx.session.scalar(
            select(
                exists().where(SchoolClass.school_id == actor.school_id, SchoolClass.grade == grade)
            )
        )
        if not has_grade:
            raise RuleViolation(f"В школе нет {grade}-х классов.")
    if scope == AnnouncementScope.CLASS:
        if class_id is None or grade is not None:
            raise RuleViolation("Для объявления классу укажите только класс.")
        school_class = await ctx.session.get(SchoolClass, class_id)
        if school_class is None or school_class.school_id != actor.school_id:
            raise NotFound("Класс не найден.")


def _check_author(
    actor: Actor, scope: AnnouncementScope, class_id: int | None, to_staff: bool
) -> None:
    if actor.has(Role.DEPUTY, Role.DIRECTOR):
        return
    if actor.has(Role.CLASS_TEACHER):
        if scope != AnnouncementScope.CLASS or class_id not in actor.class_teacher_of:
            raise AccessDenied("Классный руководитель пишет объявления только своему классу.")
        if to_staff:
            raise AccessDenied("Объявления для сотрудников публикует заместитель директора.")
        return
    raise AccessDenied(
        "Объявления публикуют заместитель директора, директор и классные руководители."
    )


async def publish_announcement(
    ctx: Ctx,
    actor: Actor,
    *,
    title: str,
    text: str,
    scope: AnnouncementScope,
    grade: int | None = None,
    class_id: int | None = None,
    to_guardians: bool = True,
    to_pupils: bool = True,
    to_staff: bool = False,
) -> int:
    try:
        scope = AnnouncementScope(scope)
    except ValueError:
        raise RuleViolation("Выберите, для кого объявление: школа, параллель или класс.") from None
    _check_author(actor, scope, class_id, to_staff)
    await _check_scope(ctx, actor, scope, grade, class_id)
    if not (to_guardians or to_pupils or to_staff):
        raise RuleViolation("Выберите, кому адресовано объявление.")
    announcement = Announcement(
        school_id=actor.school_id,
        author_id=actor.person_id,
        scope=scope,
        grade=grade,
        class_id=class_id,
        to_guardians=to_guardians,
        to_pupils=to_pupils,
        to_staff=to_staff,
        title=required_text(title, TITLE_LIMIT, "Заголовок объявления"),
        text=required_text(text, TEXT_LIMIT, "Объявление"),
        published_at=ctx.now,
    )
    ctx.session.add(announcement)
    await ctx.session.flush()
    events.emit(
        ctx, actor.school_id, events.ANNOUNCEMENT_PUBLISHED, {"announcement_id": announcement.id}
    )
    events.audit(
        ctx,
        actor,
        "announcement.published",
        announcement_id=announcement.id,
        scope=scope.value,
        grade=grade,
        class_id=class_id,
        to_guardians=to_guardians,
        to_pupils=to_pupils,
        to_staff=to_staff,
    )
    return announcement.id


def _covers(announcement: Announcement, school_class: SchoolClass | None) -> bool:
    if school_class is None:
        return False
    if announcement.scope == AnnouncementScope.GRADE:
        return school_class.grade == announcement.grade
    if announcement.scope == AnnouncementScope.CLASS:
        return school_class.id == announcement.class_id
    return True


async def in_audience(ctx: Ctx, actor: Actor, announcement: Announcement) -> bool:
    """Whether the announcement is meant for the actor, in any of the actor's roles."""
    if announcement.school_id != actor.school_id:
        return False
    if announcement.to_staff and actor.is_staff:
        if announcement.scope == AnnouncementScope.SCHOOL or actor.is_school_wide_reader:
            return True
        own = actor.class_teacher_of | {t.class_id for t in actor.teaching}
        for class_id in own:
            if _covers(announcement, await ctx.session.get(SchoolClass, class_id)):
                return True
    if (
        announcement.to_pupils
        and actor.has(Role.PUPIL)
        and _covers(announcement, await pupil_class(ctx, actor.person_id))
    ):
        return True
    if announcement.to_guardians and actor.has(Role.GUARDIAN):
        for child in actor.children:
            if _covers(announcement, await pupil_class(ctx, child)):
                return True
    return False


async def mark_announcement_read(ctx: Ctx, actor: Actor, announcement_id: int) -> None:
    announcement = await ctx.session.get(Announcement, announcement_id)
    if announcement is None or announcement.school_id != actor.school_id:
        raise NotFound("Объявление не найдено.")
    if not await in_audience(ctx, actor, announcement):
        raise AccessDenied("Это объявление адресовано не вам.")
    already = await ctx.session.scalar(
        select(
            exists().where(
                AnnouncementRead.announcement_id == announcement_id,
                AnnouncementRead.person_id == actor.person_id,
            )
        )
    )
    if not already:
        ctx.session.add(
            AnnouncementRead(
                announcement_id=announcement_id, person_id=actor.person_id, read_at=ctx.now
            )
        )
