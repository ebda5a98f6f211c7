"""Final marks of the periods already over: quarters in grades 2-9, half-years in 10-11."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.demo.calendar import Span
from db.demo.curriculum import SUBJECTS
from db.demo.marks import final_value
from db.demo.plan import SchoolPlan
from db.demo.rows import Ids, RowSet
from db.models import FinalMark

HALF_YEAR_GRADES = frozenset({10, 11})
EXEMPT = "осв."


def final_marks(plan: SchoolPlan, ids: Ids, today: date, rng: random.Random) -> RowSet:
    rows = RowSet()
    zone = ZoneInfo(plan.timezone)
    calendar = plan.calendar
    quarters = list(zip(plan.quarter_ids, calendar.quarters, strict=True))
    halves = list(zip(plan.half_year_ids, calendar.half_years, strict=True))
    for school_class in sorted(plan.classes, key=lambda c: c.id):
        if school_class.grade in plan.unmarked:
            continue
        periods = halves if school_class.grade in HALF_YEAR_GRADES else quarters
        assignments = [
            a for a in plan.assignments
            if a.class_id == school_class.id and SUBJECTS[a.subject].marked
        ]  # fmt: skip
        for period_id, span in periods:
            if span.ends_on >= today:
                continue
            for a in assignments:
                pupils = (
                    school_class.members[a.subgroup_id] if a.subgroup_id else school_class.pupils
                )
                for pupil in pupils:
                    info = plan.pupils[pupil]
                    if a.subject == "pe" and info.pe_exempt:
                        value, average = EXEMPT, None
                    else:
                        value, average = final_value(rng, info.levels[a.subject])
                    rows.add(FinalMark, {
                        "id": ids.next(FinalMark), "pupil_id": pupil, "subject_id": a.subject_id,
                        "period_id": period_id, "value": value, "average_at_set": average,
                        "author_id": a.teacher_id, "updated_at": _set_at(span, today, zone, rng),
                    })  # fmt: skip
    return rows


def _set_at(span: Span, today: date, zone: ZoneInfo, rng: random.Random) -> datetime:
    """Within two days of the period's end (001 §5.3), and not in the future."""
    day = min(span.ends_on + timedelta(days=rng.randint(0, 2)), today - timedelta(days=1))
    return datetime.combine(day, time(15, rng.randint(0, 59)), zone).astimezone(UTC)
