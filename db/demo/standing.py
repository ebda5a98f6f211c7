"""How each pupil usually does, subject by subject: the steady level their marks come from.

A real class is mostly pupils of fours and fives with some threes, a few who get mostly
threes, one or two weak ones with twos in a hard subject or two, and a few excellent ones.
The pupil's place among these comes from their `ability` (drawn with the people, so the
names stay as they were); the rest (hard subjects, stricter teachers, stronger classes, who
skips lessons) from the step's own random stream.
"""

import random
from statistics import NormalDist

from db.demo.plan import PupilInfo, SchoolPlan

# (share of pupils up to here, the lowest and highest usual mark in the band), weakest first.
BANDS = (
    (0.07, 3.05, 3.3),  # weak: threes, and twos in their hard subjects
    (0.30, 3.35, 3.9),  # threes and fours
    (0.88, 3.95, 4.6),  # fours and fives ("хорошисты")
    (1.00, 5.0, 5.4),  # fives ("отличники"): over 5, since no mark goes above it
)
WEAK_SHARE, EXCELLENT_FROM = BANDS[0][0], BANDS[2][0]
_ABILITY = NormalDist(0, 0.75)  # as population.py draws it

# Marks in the hard subjects run lower, in the practical ones higher, as in real journals.
HARD = frozenset({"rus", "math", "alg", "alg_an", "geom", "phys", "chem", "eng"})
DIFFICULTY = {
    **dict.fromkeys(HARD, -0.15),
    **dict.fromkeys(("art", "music", "tech", "pe", "project"), 0.3),
    "odnknr": 0.2,
}
PRIMARY_BONUS = 0.1  # grades 2-4 are marked more gently
CLASS_SD = 0.1  # some classes are stronger than others
TEACHER_SD = 0.1  # some teachers are stricter
SUBJECT_SD = 0.15  # a pupil is better at some subjects than at others
WEAK_SUBJECT_DROP = (0.35, 0.55)  # a weak pupil's one or two hard subjects
LOWEST, HIGHEST = 2.3, 5.5
# Lessons skipped without a valid reason come from a few pupils, not from everyone a little.
TRUANT_WEAK, TRUANT_SENIOR, TRUANT_SENIOR_SHARE, TRUANT_ODD_SHARE = 4.0, 2.0, 0.25, 0.05


def share_below(pupil: PupilInfo) -> float:
    """The pupil's place in the school by ability, 0 (weakest) to 1."""
    return _ABILITY.cdf(pupil.ability)


def base_level(place: float) -> float:
    low_share = 0.0
    for share, lowest, highest in BANDS:
        if place < share or share == 1.0:
            within = (place - low_share) / (share - low_share)
            return lowest + (highest - lowest) * min(1.0, max(0.0, within))
        low_share = share
    raise AssertionError("the bands reach 1")


def assign_standings(plan: SchoolPlan, rng: random.Random) -> None:
    """Fills every pupil's `levels` (subject code -> usual mark) and `truancy`."""
    class_bonus = {c.id: rng.gauss(0, CLASS_SD) for c in sorted(plan.classes, key=lambda c: c.id)}
    strictness = {t: rng.gauss(0, TEACHER_SD) for t in sorted(plan.teachers)}
    grades = {c.id: c.grade for c in plan.classes}
    teachers: dict[tuple[int, str], int] = {}
    for a in plan.assignments:
        teachers.setdefault((a.class_id, a.subject), a.teacher_id)
    subjects: dict[int, list[str]] = {}
    for class_id, code in teachers:
        subjects.setdefault(class_id, []).append(code)
    for pupil in sorted(plan.pupils.values(), key=lambda p: p.id):
        place = share_below(pupil)
        base = base_level(place)
        excellent = place >= EXCELLENT_FROM
        grade = grades[pupil.class_id]
        own = sorted(subjects.get(pupil.class_id, ()))
        hard = [code for code in own if code in HARD]
        dropped: set[str] = set()
        if place < WEAK_SHARE and hard:
            dropped = set(rng.sample(hard, min(len(hard), rng.choice((1, 1, 2)))))
        for code in own:
            level = base + class_bonus[pupil.class_id] - strictness[teachers[pupil.class_id, code]]
            level += DIFFICULTY.get(code, 0.0) * (0.5 if excellent else 1.0)
            level += PRIMARY_BONUS if grade <= 4 else 0.0
            level += rng.gauss(0, SUBJECT_SD / 3 if excellent else SUBJECT_SD)
            if code in dropped:
                level -= rng.uniform(*WEAK_SUBJECT_DROP)
            pupil.levels[code] = round(min(HIGHEST, max(LOWEST, level)), 3)
        pupil.truancy = _truancy(rng, place, grade)


def _truancy(rng: random.Random, place: float, grade: int) -> float:
    """How often the pupil skips a lesson, relative to attendance.SKIPPED_LESSON."""
    if place < WEAK_SHARE:
        return TRUANT_WEAK * rng.uniform(0.5, 1.5)
    if grade >= 7 and place < EXCELLENT_FROM and rng.random() < TRUANT_SENIOR_SHARE:
        return TRUANT_SENIOR * rng.uniform(0.5, 1.5)
    return 1.0 if rng.random() < TRUANT_ODD_SHARE else 0.0
