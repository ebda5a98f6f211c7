"""A pupil moved to another class of the same year (the administrator of the journal, on the
secretary's word: 001 §4.7.1). The old place ends as a move and keeps every mark and absence
made there; moved back (a move by mistake undone), the pupil gets that place as it was, and a
wrong place where nothing was written goes."""

from dataclasses import dataclass
from datetime import date

from db.enums import EnrollmentEnd
from db.models import Enrollment
from services import events
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.roster.common import (
    current_place,
    day_in_year,
    open_class,
    person_of_school,
    require_admin,
)
from services.roster.returns import drop_wrong_place, has_records_in, place_in


@dataclass(frozen=True)
class MovePlan:
    """What moving the pupil does, said before it is done (journal roster move --check)."""

    full_name: str
    from_class: str
    to_class: str
    on: date
    back: bool  # into the place the pupil had earlier this year, as it was
    back_since: date | None  # when that place began (None: at the year's start)
    drops_place: bool  # the place left had nothing written in it: it goes, as if never moved


@dataclass(frozen=True)
class MoveOutcome:
    """What a move does to the pupil's places: `again` is their place in the target class
    from earlier this year (back into it as it was), `drops` whether the place left goes."""

    again: Enrollment | None
    drops: bool


async def move_outcome(ctx: Ctx, old: Enrollment, target_id: int | None) -> MoveOutcome:
    """The rule of a move, the chat's and a class list's alike: back into a place of this year
    as it was; the place left goes if the pupil was back from a wrong class where nothing was
    written, else it ends as a move and keeps its records."""
    again = await place_in(ctx, old.pupil_id, target_id)
    drops = again is not None and not await has_records_in(ctx, old.pupil_id, old.class_id)
    return MoveOutcome(again, drops)


async def settle_move(
    ctx: Ctx, actor: Actor | None, old: Enrollment, target_id: int, day: date
) -> MoveOutcome:
    """The pupil's place moved from `old` to the class `target_id` from `day`, by that rule,
    audited (actor None: `journal import` on the command line)."""
    outcome = await move_outcome(ctx, old, target_id)
    pupil_id, old_class_id, again = old.pupil_id, old.class_id, outcome.again
    if outcome.drops:  # back from a wrong class where nothing was written
        await drop_wrong_place(ctx, old)
    else:
        old.is_active, old.ends_on, old.ended = False, day, EnrollmentEnd.MOVED
    if again is None:
        ctx.session.add(Enrollment(pupil_id=pupil_id, class_id=target_id, starts_on=day))
    else:
        again.is_active, again.ends_on, again.ended = True, None, None
    events.audit(
        ctx,
        actor,
        "roster.pupil_moved",
        pupil_id,
        from_class_id=old_class_id,
        to_class_id=target_id,
        on=day.isoformat(),
        back=again is not None,
        wrong_place_removed=outcome.drops,
    )
    return outcome


@dataclass(frozen=True)
class _Move:
    plan: MovePlan
    old: Enrollment
    target_id: int


async def _move(ctx: Ctx, actor: Actor, pupil_id: int, to_class_id: int, on: date | None) -> _Move:
    require_admin(actor)
    pupil = await person_of_school(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    if place is None or not pupil.is_active:
        raise RuleViolation(f"{pupil.full_name} сейчас не учится ни в одном классе.")
    old, old_class = place
    target = await open_class(ctx, actor, to_class_id)
    if target.id == old_class.id:
        raise RuleViolation(f"{pupil.full_name} уже учится в {target.title}.")
    if target.year_id != old_class.year_id:
        raise RuleViolation("Перевести можно только в класс того же учебного года.")
    day = await day_in_year(ctx, actor, on, target)
    outcome = await move_outcome(ctx, old, target.id)
    again, drops = outcome.again, outcome.drops
    plan = MovePlan(
        full_name=pupil.full_name,
        from_class=old_class.title,
        to_class=target.title,
        on=day,
        back=again is not None,
        back_since=again.starts_on if again is not None else None,
        drops_place=drops,
    )
    return _Move(plan, old, target.id)


async def move_plan(
    ctx: Ctx, actor: Actor, pupil_id: int, to_class_id: int, on: date | None = None
) -> MovePlan:
    return (await _move(ctx, actor, pupil_id, to_class_id, on)).plan


async def move_pupil(
    ctx: Ctx, actor: Actor, pupil_id: int, to_class_id: int, on: date | None = None
) -> MovePlan:
    """The pupil studies in another class of the same year from `on`; what was recorded in
    the old class stays there (and stays the pupil's). Moved back to a class they had this
    year (a move by mistake undone), they get that place as it was."""
    move = await _move(ctx, actor, pupil_id, to_class_id, on)
    await settle_move(ctx, actor, move.old, move.target_id, move.plan.on)
    return move.plan
