"""Announcements reach their audience with an "Ознакомлен" button, behind every personal alert."""

from typing import Any

from sqlalchemy import (
    Select,
    select,
)

from db.enums import AnnouncementScope
from db.models import (
    Announcement,
    Enrollment,
    GuardianLink,
    OutboxEvent,
    Person,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)
from notifications.delivery import buttons
from notifications.rules.audience import accounts_of
from notifications.rules.notice import (
    BULK,
    Notice,
    RuleContext,
)
from notifications.rules.prefs import load_prefs
from texts import notification_phrases


def _classes(ann: Announcement) -> Select[tuple[int]]:
    query = select(SchoolClass.id).where(SchoolClass.school_id == ann.school_id)
    if ann.scope == AnnouncementScope.GRADE:
        query = query.where(SchoolClass.grade == ann.grade)
    elif ann.scope == AnnouncementScope.CLASS:
        query = query.where(SchoolClass.id == ann.class_id)
    return query


async def audience(rc: RuleContext, ann: Announcement) -> set[int]:
    """The people an announcement is for (active persons only), its author left out."""
    s = rc.session
    classes = _classes(ann)
    pupils = select(Enrollment.pupil_id).where(
        Enrollment.class_id.in_(classes), Enrollment.is_active.is_(True)
    )
    people: set[int] = set()
    if ann.to_pupils:
        people.update((await s.scalars(pupils)).all())
    if ann.to_guardians:
        guardians = select(GuardianLink.guardian_id).where(GuardianLink.pupil_id.in_(pupils))
        people.update((await s.scalars(guardians)).all())
    if ann.to_staff:
        if ann.scope == AnnouncementScope.SCHOOL:
            staff = select(StaffPosition.person_id).join(
                Person, Person.id == StaffPosition.person_id
            )
            people.update((await s.scalars(staff.where(Person.school_id == ann.school_id))).all())
        else:
            teachers = select(TeachingAssignment.teacher_id).where(
                TeachingAssignment.class_id.in_(classes)
            )
            people.update((await s.scalars(teachers)).all())
            leads = select(SchoolClass.class_teacher_id).where(SchoolClass.id.in_(classes))
            people.update(p for p in (await s.scalars(leads)).all() if p is not None)
    active = set()
    ids = sorted(people)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = await s.scalars(
            select(Person.id).where(Person.id.in_(chunk), Person.is_active.is_(True))
        )
        active.update(found.all())
    active.discard(ann.author_id)
    return active


async def announcement_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    p: dict[str, Any] = event.payload
    ann = await rc.session.get(Announcement, int(p["announcement_id"]))
    if ann is None:
        return []
    people = await audience(rc, ann)
    accounts = await accounts_of(rc.session, people, rc.platforms)
    recipients = [acc for person in sorted(accounts) for acc in accounts[person]]
    prefs = await load_prefs(rc.session, (acc.account_id for acc in recipients))
    text = notification_phrases.announcement(ann.title, ann.text)
    keyboard = buttons.read_keyboard(ann.id)
    notices = []
    for recipient in recipients:
        wanted = prefs.get(recipient.account_id)
        if not wanted.announcements:
            continue
        notices.append(
            Notice(
                recipient=recipient,
                kind="announcement",
                text=text,
                keyboard=keyboard,
                priority=BULK,
                quiet=wanted.quiet,
                ref_id=ann.id,
            )
        )
    return notices
