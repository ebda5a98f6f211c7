"""What a chat account wants to hear about each child (or about itself), and when it wants
silence: one NotificationPreference row per account and child, pupil_id NULL for its own.

A missing row is read the way notifications.rules.prefs.PrefBook reads it (the child's row, else the
account's own, else its first, else the defaults). So the first change writes a row for every
child of the account at once, as things stood: switching off a child's absence alerts must not
switch off their brother's through that fallback."""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from db.enums import Platform
from db.models import ChatAccount, NotificationPreference, School, Subject, TeachingAssignment
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.people.access import PupilScope, pupil_scope
from services.people.actor import Actor, Role

KINDS = (
    "absences",
    "poor_marks",
    "all_marks",
    "final_risk",
    "schedule_changes",
    "announcements",
    "evening_card",
    "weekly_summary",
)
MARK_KINDS = frozenset({"poor_marks", "all_marks", "final_risk"})
# What a person who is not a pupil hears about no child: the notice board, and a class
# teacher their class's final marks at risk.
OWN_KINDS = frozenset({"announcements"})
CLASS_TEACHER_KINDS = OWN_KINDS | {"final_risk"}
# Settings of the person rather than of one child: kept alike on every row of the account.
ACCOUNT_WIDE = frozenset({"announcements", "quiet_from", "quiet_to"})
# On the 5-point scale a poor mark is a 2, or (for the demanding) a 3 as well.
THRESHOLDS = (2, 3)
QUIET_OFF = ("00:00", "00:00")  # equal ends: no quiet hours (notifications.rules.prefs.is_quiet)
_FIELDS = (*KINDS, "poor_mark_threshold", "subject_thresholds", "quiet_from", "quiet_to")
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")

NOT_YOUR_CHAT = "Этот чат не привязан к вашей учётной записи."
NOT_YOUR_CHILD = "Настраивать уведомления можно только для себя и своих детей."
UNKNOWN_KIND = "Такого уведомления здесь нет."
BAD_THRESHOLD = "Порог плохой оценки — 2 или 3."
UNKNOWN_SUBJECT = "Этого предмета нет в расписании ученика."
BAD_TIME = "Время тихих часов — в виде ЧЧ:ММ, например 22:00."


@dataclass(frozen=True)
class SubjectThreshold:
    subject_id: int
    name: str
    threshold: int
    own: bool  # set for this subject, rather than following the general threshold


@dataclass(frozen=True)
class NotificationSettings:
    pupil_id: int | None  # None: the account's own
    offered: tuple[str, ...]  # the kinds this screen offers, in KINDS order
    enabled: frozenset[str]
    poor_mark_threshold: int
    subjects: tuple[SubjectThreshold, ...]
    quiet_from: str
    quiet_to: str

    def is_on(self, kind: str) -> bool:
        return kind in self.enabled

    @property
    def quiet(self) -> bool:
        return self.quiet_from != self.quiet_to

    @property
    def marks(self) -> bool:
        """Marks are given (not a grade kept without marks), so thresholds mean something."""
        return "poor_marks" in self.offered


def _column_default(name: str) -> Any:
    default = NotificationPreference.__table__.c[name].default
    return None if default is None or callable(default.arg) else default.arg


def _defaults(school_threshold: int) -> dict[str, Any]:
    values = {name: _column_default(name) for name in _FIELDS}
    values["poor_mark_threshold"] = school_threshold
    values["subject_thresholds"] = {}
    return values


def _values(row: NotificationPreference) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["subject_thresholds"] = dict(row.subject_thresholds or {})
    return values


def _effective(
    rows: list[NotificationPreference], pupil_id: int | None, school_threshold: int
) -> dict[str, Any]:
    by_scope = _by_scope(rows)
    for key in (pupil_id, None):
        if key in by_scope:
            return _values(by_scope[key])
    return _values(rows[0]) if rows else _defaults(school_threshold)


def _by_scope(rows: list[NotificationPreference]) -> dict[int | None, NotificationPreference]:
    found: dict[int | None, NotificationPreference] = {}
    for row in rows:
        found.setdefault(row.pupil_id, row)
    return found


def _scope(actor: Actor, pupil_id: int | None) -> int | None:
    """Whose row: None for the account's own (asked for as None or by the person's own id: a
    pupil's, or a guardian's who is also staff), or one of the person's children."""
    if pupil_id is None or pupil_id == actor.person_id:
        return None
    if pupil_id in actor.children:
        return pupil_id
    raise AccessDenied(NOT_YOUR_CHILD)


async def _account(ctx: Ctx, actor: Actor, platform: Platform, external_id: str) -> ChatAccount:
    account = await ctx.session.scalar(
        select(ChatAccount).where(
            ChatAccount.platform == platform, ChatAccount.external_id == external_id
        )
    )
    if account is None or account.person_id != actor.person_id:
        raise AccessDenied(NOT_YOUR_CHAT)
    return account


async def _rows(ctx: Ctx, account_id: int) -> list[NotificationPreference]:
    found = await ctx.session.scalars(
        select(NotificationPreference)
        .where(NotificationPreference.chat_account_id == account_id)
        .order_by(NotificationPreference.id)
    )
    return list(found.all())


@dataclass(frozen=True)
class _Target:
    account: ChatAccount
    scope: int | None
    rows: list[NotificationPreference]
    school_threshold: int
    offered: tuple[str, ...]
    subjects: tuple[tuple[int, str], ...]  # (id, name) of the pupil's subjects, by name


async def _target(
    ctx: Ctx, actor: Actor, platform: Platform, external_id: str, pupil_id: int | None
) -> _Target:
    scope = _scope(actor, pupil_id)
    account = await _account(ctx, actor, platform, external_id)
    school = await ctx.session.get(School, actor.school_id)
    school_threshold = school.poor_mark_threshold if school else THRESHOLDS[0]
    whose = scope if scope is not None else actor.person_id
    if scope is None and not actor.has(Role.PUPIL):
        own = CLASS_TEACHER_KINDS if actor.has(Role.CLASS_TEACHER) else OWN_KINDS
        offered = tuple(k for k in KINDS if k in own)
        subjects: tuple[tuple[int, str], ...] = ()
    else:
        pupil = await pupil_scope(ctx, actor, whose)
        unmarked = school is not None and pupil.school_class.grade in school.unmarked_grade_set()
        offered = tuple(k for k in KINDS if not (unmarked and k in MARK_KINDS))
        subjects = () if unmarked else await _subjects(ctx, pupil)
    rows = await _rows(ctx, account.id)
    return _Target(account, scope, rows, school_threshold, offered, subjects)


async def _subjects(ctx: Ctx, pupil: PupilScope) -> tuple[tuple[int, str], ...]:
    """The subjects of the pupil's class, those taught in groups only if they are in one."""
    found = await ctx.session.execute(
        select(Subject.id, Subject.name)
        .join(TeachingAssignment, TeachingAssignment.subject_id == Subject.id)
        .where(
            TeachingAssignment.class_id == pupil.school_class.id,
            TeachingAssignment.subgroup_id.is_(None)
            | TeachingAssignment.subgroup_id.in_(sorted(pupil.subgroup_ids)),
        )
        .distinct()
    )
    return tuple(sorted(((r[0], r[1]) for r in found.all()), key=lambda s: (s[1], s[0])))


def _view(target: _Target) -> NotificationSettings:
    values = _effective(target.rows, target.scope, target.school_threshold)
    general = int(values["poor_mark_threshold"])
    own: dict[str, int] = values["subject_thresholds"]
    subjects = tuple(
        SubjectThreshold(sid, name, int(own.get(str(sid), general)), str(sid) in own)
        for sid, name in target.subjects
    )
    return NotificationSettings(
        pupil_id=target.scope,
        offered=target.offered,
        enabled=frozenset(k for k in target.offered if values[k]),
        poor_mark_threshold=general,
        subjects=subjects,
        quiet_from=values["quiet_from"],
        quiet_to=values["quiet_to"],
    )


def _rows_to_change(
    ctx: Ctx, actor: Actor, target: _Target, account_wide: bool
) -> list[NotificationPreference]:
    """The target's row (or, for an account-wide setting, every row of the account), having
    first written the rows of every child (and the account's own) that had none."""
    by_scope = _by_scope(target.rows)
    created = []
    for scope in sorted({None, target.scope, *actor.children}, key=lambda s: s or 0):
        if scope not in by_scope:
            values = _effective(target.rows, scope, target.school_threshold)
            row = NotificationPreference(
                chat_account_id=target.account.id, pupil_id=scope, **values
            )
            ctx.session.add(row)
            by_scope[scope] = row
            created.append(row)
    if account_wide:
        return target.rows + created
    return [by_scope[target.scope]]


async def _write(
    ctx: Ctx,
    actor: Actor,
    target: _Target,
    apply: Callable[[NotificationPreference], None],
    account_wide: bool = False,
) -> NotificationSettings:
    for row in _rows_to_change(ctx, actor, target, account_wide):
        apply(row)
    await ctx.session.flush()
    return _view(replace(target, rows=await _rows(ctx, target.account.id)))


async def notification_settings(
    ctx: Ctx, actor: Actor, platform: Platform, external_id: str, pupil_id: int | None
) -> NotificationSettings:
    """What this chat hears about the pupil (None: about its own person), as it stands now."""
    return _view(await _target(ctx, actor, platform, external_id, pupil_id))


async def set_kind(
    ctx: Ctx,
    actor: Actor,
    platform: Platform,
    external_id: str,
    pupil_id: int | None,
    kind: str,
    on: bool,
) -> NotificationSettings:
    target = await _target(ctx, actor, platform, external_id, pupil_id)
    if kind not in target.offered:
        raise RuleViolation(UNKNOWN_KIND)

    def apply(row: NotificationPreference) -> None:
        setattr(row, kind, bool(on))

    return await _write(ctx, actor, target, apply, kind in ACCOUNT_WIDE)


async def set_threshold(
    ctx: Ctx, actor: Actor, platform: Platform, external_id: str, pupil_id: int | None, value: int
) -> NotificationSettings:
    """A poor mark is one at or below `value`, in every subject without a threshold of its own."""
    target = await _target(ctx, actor, platform, external_id, pupil_id)
    if value not in THRESHOLDS or "poor_marks" not in target.offered:
        raise RuleViolation(BAD_THRESHOLD)

    def apply(row: NotificationPreference) -> None:
        row.poor_mark_threshold = value

    return await _write(ctx, actor, target, apply)


async def set_subject_threshold(
    ctx: Ctx,
    actor: Actor,
    platform: Platform,
    external_id: str,
    pupil_id: int | None,
    subject_id: int,
    value: int,
) -> NotificationSettings:
    """The subject's own threshold; the general one's value makes it follow the general again."""
    target = await _target(ctx, actor, platform, external_id, pupil_id)
    if value not in THRESHOLDS:
        raise RuleViolation(BAD_THRESHOLD)
    if subject_id not in {sid for sid, _ in target.subjects}:
        raise RuleViolation(UNKNOWN_SUBJECT)

    def apply(row: NotificationPreference) -> None:
        own = dict(row.subject_thresholds or {})
        if value == row.poor_mark_threshold:
            own.pop(str(subject_id), None)
        else:
            own[str(subject_id)] = value
        row.subject_thresholds = own

    return await _write(ctx, actor, target, apply)


async def set_quiet_hours(
    ctx: Ctx,
    actor: Actor,
    platform: Platform,
    external_id: str,
    pupil_id: int | None,
    quiet_from: str,
    quiet_to: str,
) -> NotificationSettings:
    """Quiet hours ("22:00", "07:00"), which may run across midnight; equal ends: none at all.
    They are the person's, so every row of the account gets them."""
    target = await _target(ctx, actor, platform, external_id, pupil_id)
    if not (_HHMM.fullmatch(quiet_from) and _HHMM.fullmatch(quiet_to)):
        raise RuleViolation(BAD_TIME)

    def apply(row: NotificationPreference) -> None:
        row.quiet_from, row.quiet_to = quiet_from, quiet_to

    return await _write(ctx, actor, target, apply, account_wide=True)
