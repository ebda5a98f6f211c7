"""The medical worker's health sheet (004 §9): a health group and a physical education group
for every pupil, and "осв." for the few exempt from physical education, period by period."""

import random
from datetime import UTC, date, datetime, time

from db.demo.plan import SchoolPlan
from db.demo.rows import Ids, RowSet
from db.models import HealthRecord, PeExemption

# Health groups 1-4 as Russian schools usually have them: most pupils in the second.
HEALTH_GROUPS = ((1, 0.3), (2, 0.55), (3, 0.13), (4, 0.02))
PE_GROUP = {1: "основная", 2: "основная", 3: "подготовительная", 4: "специальная А"}
EXEMPT_GROUP = "освобождён"


def health_sheet(plan: SchoolPlan, ids: Ids, today: date, rng: random.Random) -> RowSet:
    rows = RowSet()
    written = datetime.combine(plan.calendar.year.starts_on, time(7, 0), UTC)
    groups = [g for g, _ in HEALTH_GROUPS]
    shares = [share for _, share in HEALTH_GROUPS]
    started = [
        period_id
        for period_id, span in (
            *zip(plan.quarter_ids, plan.calendar.quarters, strict=True),
            *zip(plan.half_year_ids, plan.calendar.half_years, strict=True),
        )
        if span.starts_on <= today
    ]
    for pupil in sorted(plan.pupils.values(), key=lambda p: p.id):
        group = rng.choices(groups, shares)[0]
        if pupil.pe_exempt:
            group = max(group, 3)
        rows.add(HealthRecord, {
            "id": ids.next(HealthRecord), "pupil_id": pupil.id, "health_group": group,
            "pe_group": EXEMPT_GROUP if pupil.pe_exempt else PE_GROUP[group], "note": "",
            "updated_by": plan.medic_id, "updated_at": written,
        })  # fmt: skip
        if not pupil.pe_exempt:
            continue
        for period_id in started:
            rows.add(PeExemption, {
                "id": ids.next(PeExemption), "pupil_id": pupil.id, "period_id": period_id,
                "reason": "медицинская справка", "set_by": plan.medic_id, "set_at": written,
            })  # fmt: skip
    return rows
