"""Classes and their pupils, families with one to three children, English subgroups."""

import math
import random
from datetime import date, timedelta

from db.demo.names import SURNAMES, WOMEN, FullName, adult_name, child_name, random_gender
from db.demo.plan import ClassPlan, PupilInfo, SchoolPlan
from db.demo.rows import Ids, Row
from db.enums import Gender
from db.models import Enrollment, GuardianLink, Person, SchoolClass, Subgroup, SubgroupMember

LETTERS = "АБВГ"
CLASS_SIZE_CAP = 30
SENIOR_WEIGHT = 0.6  # after grade 9 many leave for colleges: fewer 10th and 11th classes
CHILDREN_PER_FAMILY = ((1, 0.62), (2, 0.30), (3, 0.08))
SPLIT_SHIFT_GRADES = frozenset({2, 3, 4, 6, 7, 8})


def class_layout(pupils: int) -> list[tuple[int, int, int]]:
    """(grade, parallel index, size) of every class, for about `pupils` pupils."""
    weights = {g: SENIOR_WEIGHT if g >= 10 else 1.0 for g in range(1, 12)}
    total = sum(weights.values())
    exact = {g: pupils * w / total for g, w in weights.items()}
    per_grade = {g: math.floor(x) for g, x in exact.items()}
    by_remainder = sorted(exact, key=lambda g: (per_grade[g] - exact[g], g))
    for g in by_remainder[: pupils - sum(per_grade.values())]:
        per_grade[g] += 1
    layout = []
    for grade, count in per_grade.items():
        parallels = min(len(LETTERS), max(1, math.ceil(count / CLASS_SIZE_CAP)))
        for index in range(parallels):
            size = count // parallels + (1 if index < count % parallels else 0)
            if size:
                layout.append((grade, index, size))
    return layout


def shift_of(grade: int, index: int, parallels: int) -> int:
    """Grades 1, 5 and 9-11 study in the morning; the later parallels of the others after noon."""
    if grade in SPLIT_SHIFT_GRADES and parallels > 1 and index >= math.ceil(parallels / 2):
        return 2
    return 1


def person_row(plan: SchoolPlan, person_id: int, name: FullName, born: date) -> Row:
    return {
        "id": person_id, "school_id": plan.school_id, "last_name": name.last,
        "first_name": name.first, "middle_name": name.middle, "birth_date": born,
        "gender": Gender(name.gender), "is_active": True, "refused_electronic": False,
    }  # fmt: skip


def _random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def add_classes(plan: SchoolPlan, ids: Ids, pupils: int) -> None:
    layout = class_layout(pupils)
    parallels = {g: sum(1 for grade, _, _ in layout if grade == g) for g, _, _ in layout}
    for grade, index, size in layout:
        plan.classes.append(
            ClassPlan(
                id=ids.next(SchoolClass),
                grade=grade,
                letter=LETTERS[index],
                shift=shift_of(grade, index, parallels[grade]),
                size=size,
            )
        )


def add_families(plan: SchoolPlan, ids: Ids, rng: random.Random) -> None:
    start_year = int(plan.calendar.year_name[:4])
    remaining = {c.id: c.size for c in plan.classes}
    by_id = plan.class_by_id()
    order = [c.id for c in plan.classes]
    rng.shuffle(order)
    sizes, shares = zip(*CHILDREN_PER_FAMILY, strict=True)
    for first_class in order:
        while remaining[first_class] > 0:
            wanted = rng.choices(sizes, shares)[0]
            family = [first_class]
            grades = {by_id[first_class].grade}
            candidates = [c for c in order if remaining[c] > 0 and by_id[c].grade not in grades]
            rng.shuffle(candidates)
            for c in candidates:
                if len(family) == wanted:
                    break
                if by_id[c].grade not in grades:  # siblings in different grades, no twins
                    family.append(c)
                    grades.add(by_id[c].grade)
            for c in family:
                remaining[c] -= 1
            _add_family(plan, ids, rng, [by_id[c] for c in family], start_year)


def _add_family(
    plan: SchoolPlan, ids: Ids, rng: random.Random, classes: list[ClassPlan], start_year: int
) -> None:
    surname = rng.choice(SURNAMES)
    father = adult_name(rng, "m", surname)
    children = []
    for school_class in classes:
        pupil_id = ids.next(Person)
        name = child_name(rng, surname, random_gender(rng), father.first)
        g = school_class.grade
        born = _random_day(rng, date(start_year - 6 - g, 9, 1), date(start_year - 5 - g, 8, 31))
        plan.rows.add(Person, person_row(plan, pupil_id, name, born))
        plan.rows.add(Enrollment, {
            "id": ids.next(Enrollment), "pupil_id": pupil_id, "class_id": school_class.id,
            "is_active": True,
        })  # fmt: skip
        school_class.pupils.append(pupil_id)
        plan.pupils[pupil_id] = PupilInfo(
            id=pupil_id,
            class_id=school_class.id,
            ability=rng.gauss(0, 0.75),
            frailty=rng.lognormvariate(0, 0.6),
            pe_exempt=rng.random() < 0.012,
        )
        children.append((pupil_id, born))
    eldest = min(born for _, born in children)
    who = rng.random()
    guardians: list[tuple[FullName, str]] = []
    if who < 0.88:
        mother_surname = surname if rng.random() > 0.08 else rng.choice(SURNAMES)
        guardians.append((adult_name(rng, "f", mother_surname), "мать"))
    if who < 0.55 or 0.88 <= who < 0.95:
        guardians.append((father, "отец"))
    if who >= 0.95:
        grandmother = FullName(adult_name(rng, "f", surname).last, rng.choice(WOMEN),
                               adult_name(rng, "f").middle, "f")  # fmt: skip
        guardians.append((grandmother, "бабушка"))
    for name, relation in guardians:
        guardian_id = ids.next(Person)
        age = rng.randint(45, 60) if relation == "бабушка" else rng.randint(22, 36)
        born = _random_day(rng, date(eldest.year - age, 1, 1), date(eldest.year - age, 12, 28))
        row = person_row(plan, guardian_id, name, born)
        row["refused_electronic"] = rng.random() < 0.03
        plan.rows.add(Person, row)
        plan.guardians += 1
        for pupil_id, _ in children:
            plan.rows.add(GuardianLink, {
                "id": ids.next(GuardianLink), "guardian_id": guardian_id, "pupil_id": pupil_id,
                "relation": relation,
            })  # fmt: skip


def add_subgroups(plan: SchoolPlan, ids: Ids, rng: random.Random) -> None:
    """English from grade 2 in two groups, split at the start of the year (001 §4.4.11)."""
    english = plan.subjects["eng"]
    for school_class in plan.classes:
        if school_class.grade < 2:
            continue
        pupils = list(school_class.pupils)
        rng.shuffle(pupils)
        half = (len(pupils) + 1) // 2
        for number, members in enumerate((pupils[:half], pupils[half:]), 1):
            group_id = ids.next(Subgroup)
            school_class.subgroups.append(group_id)
            school_class.members[group_id] = members
            plan.rows.add(Subgroup, {
                "id": group_id, "class_id": school_class.id, "subject_id": english,
                "name": f"{number} группа",
            })  # fmt: skip
            for pupil_id in members:
                plan.rows.add(SubgroupMember, {
                    "id": ids.next(SubgroupMember), "subgroup_id": group_id, "pupil_id": pupil_id,
                })  # fmt: skip
