"""The staff: administration, teachers with their specialisation and rooms, the teaching load."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from db.demo.curriculum import SUBJECTS, WEEKLY_HOURS, specialty
from db.demo.names import adult_name, random_gender
from db.demo.plan import AssignmentPlan, ClassPlan, SchoolPlan, TeacherInfo
from db.demo.population import person_row
from db.demo.rows import Ids
from db.enums import StaffRole
from db.models import Person, SchoolClass, StaffPosition, TeachingAssignment
from db.names import short_name

MAX_LOAD = 27
MIN_CAPACITY = 20
# One hall per PE teacher while there are halls; a very large school shares the last one.
GYMS = (
    "Спортзал",
    "Малый спортзал",
    "Зал ритмики",
    "Тренажёрный зал",
    "Спортзал № 2",
    "Спортзал № 3",
)
FEMALE_SHARE = {"primary": 0.97, "pe": 0.4, "obzr": 0.2, "tech": 0.5, "inf": 0.5, "phys": 0.6}
DEFAULT_FEMALE_SHARE = 0.85
NOT_CLASS_TEACHERS = frozenset({"pe", "music", "obzr"})


@dataclass
class Bundle:
    """The subjects of one specialty that one teacher gives to one class (or one subgroup)."""

    school_class: ClassPlan
    specialty: str
    subjects: list[tuple[str, int]]
    subgroup_id: int | None = None

    @property
    def hours(self) -> int:
        return sum(h for _, h in self.subjects)


class Staffing:
    def __init__(self, plan: SchoolPlan, ids: Ids, rng: random.Random) -> None:
        self.plan, self.ids, self.rng = plan, ids, rng
        self.by_specialty: dict[str, list[TeacherInfo]] = {}
        self.capacity: dict[int, int] = {}
        self.classes_of: dict[int, set[int]] = {}
        self.next_room = 201
        self.gym_users = 0

    def person(self, role: StaffRole, gender_share: float = DEFAULT_FEMALE_SHARE) -> int:
        rng = self.rng
        person_id = self.ids.next(Person)
        name = adult_name(rng, random_gender(rng, gender_share))
        born = date(rng.randint(1962, 1999), 1, 1) + timedelta(days=rng.randint(0, 364))
        self.plan.rows.add(Person, person_row(self.plan, person_id, name, born))
        self.plan.rows.add(StaffPosition, {"id": self.ids.next(StaffPosition),
                                           "person_id": person_id, "role": role})  # fmt: skip
        self.plan.names[person_id] = short_name(name.last, name.first, name.middle)
        return person_id

    def teacher(self, spec: str, room: str | None = None) -> TeacherInfo:
        person_id = self.person(StaffRole.TEACHER, FEMALE_SHARE.get(spec, DEFAULT_FEMALE_SHARE))
        if room is None and spec == "pe":
            room = GYMS[min(self.gym_users, len(GYMS) - 1)]
            self.gym_users += 1
        if room is None:
            room = str(self.next_room)
            self.next_room += 1 if self.next_room % 100 < 20 else 81  # 20 rooms a floor
        info = TeacherInfo(person_id, spec, room, self.plan.names[person_id])
        self.plan.teachers[person_id] = info
        self.by_specialty.setdefault(spec, []).append(info)
        self.capacity[person_id] = self.rng.randint(MIN_CAPACITY, MAX_LOAD)
        self.classes_of[person_id] = set()
        return info

    def give(self, bundle: Bundle, teacher: TeacherInfo) -> None:
        plan, school_class = self.plan, bundle.school_class
        teacher.load += bundle.hours
        self.classes_of[teacher.id].add(school_class.id)
        room = school_class.home_room if teacher.specialty == "primary" else teacher.room
        for code, hours in bundle.subjects:
            plan.assignments.append(
                AssignmentPlan(
                    id=self.ids.next(TeachingAssignment),
                    class_id=school_class.id,
                    subject=code,
                    subject_id=plan.subjects[code],
                    subgroup_id=bundle.subgroup_id,
                    teacher_id=teacher.id,
                    hours=hours,
                    room=room,
                )
            )

    def place(self, bundle: Bundle, avoid: int | None = None) -> TeacherInfo:
        for teacher in self.by_specialty.get(bundle.specialty, []):
            if teacher.id != avoid and teacher.load + bundle.hours <= self.capacity[teacher.id]:
                self.give(bundle, teacher)
                return teacher
        teacher = self.teacher(bundle.specialty)
        self.give(bundle, teacher)
        return teacher


def _bundles(school_class: ClassPlan) -> list[Bundle]:
    grouped: dict[str, list[tuple[str, int]]] = {}
    for code, hours in WEEKLY_HOURS[school_class.grade].items():
        if SUBJECTS[code].split or code == "project":
            continue
        grouped.setdefault(specialty(code, school_class.grade), []).append((code, hours))
    return [Bundle(school_class, spec, subjects) for spec, subjects in grouped.items()]


def staff_school(plan: SchoolPlan, ids: Ids, rng: random.Random) -> None:
    staffing = Staffing(plan, ids, rng)
    plan.director_id = staffing.person(StaffRole.DIRECTOR, 0.6)
    plan.deputy_ids = [staffing.person(StaffRole.DEPUTY), staffing.person(StaffRole.DEPUTY)]
    plan.admin_id = staffing.person(StaffRole.ADMIN, 0.5)
    plan.medic_id = staffing.person(StaffRole.MEDIC, 0.95)
    classes = sorted(plan.classes, key=lambda c: (c.grade, c.letter))
    morning_rooms: list[str] = []
    rooms = 0
    for school_class in (c for c in classes if c.grade <= 4):
        # Second-shift primary classes sit in the rooms the morning classes leave free.
        if school_class.shift == 2 and morning_rooms:
            room = morning_rooms.pop(0)
        else:
            rooms += 1
            room = f"1{rooms:02d}"
            if school_class.shift == 1:
                morning_rooms.append(room)
        school_class.home_room = room
        school_class.class_teacher_id = staffing.teacher("primary", room).id
    for school_class in classes:
        for bundle in _bundles(school_class):
            if bundle.specialty == "primary":
                staffing.give(bundle, plan.teachers[school_class.class_teacher_id or 0])
            else:
                staffing.place(bundle)
        hours = WEEKLY_HOURS[school_class.grade].get("eng", 0)
        first: int | None = None
        for group_id in school_class.subgroups:
            bundle = Bundle(school_class, "eng", [("eng", hours)], group_id)
            first = staffing.place(bundle, avoid=first).id
    _class_teachers(plan, staffing, classes)
    _projects(plan, staffing, classes)
    for a in plan.assignments:
        plan.rows.add(TeachingAssignment, {
            "id": a.id, "class_id": a.class_id, "subject_id": a.subject_id,
            "subgroup_id": a.subgroup_id, "teacher_id": a.teacher_id, "hours_per_week": a.hours,
        })  # fmt: skip
    for c in classes:
        plan.rows.add(SchoolClass, {
            "id": c.id, "school_id": plan.school_id, "year_id": plan.year_id, "grade": c.grade,
            "letter": c.letter, "shift": c.shift, "class_teacher_id": c.class_teacher_id,
            "home_room": c.home_room,
        })  # fmt: skip


def _class_teachers(plan: SchoolPlan, staffing: Staffing, classes: list[ClassPlan]) -> None:
    taken = {c.class_teacher_id for c in classes if c.class_teacher_id}
    for school_class in (c for c in classes if c.grade >= 5):
        hours: dict[int, int] = {}
        for a in plan.assignments:
            if a.class_id == school_class.id:
                hours[a.teacher_id] = hours.get(a.teacher_id, 0) + a.hours
        candidates = sorted(
            (t for t in hours if t not in taken),
            key=lambda t: (plan.teachers[t].specialty in NOT_CLASS_TEACHERS, -hours[t], t),
        )
        if not candidates:
            candidates = sorted(t for t in plan.teachers if t not in taken)
        if candidates:
            chosen = candidates[0]
            taken.add(chosen)
            school_class.class_teacher_id = chosen
            school_class.home_room = plan.teachers[chosen].room


def _projects(plan: SchoolPlan, staffing: Staffing, classes: list[ClassPlan]) -> None:
    """The individual project is supervised by the class teacher if her load allows."""
    for school_class in classes:
        hours = WEEKLY_HOURS[school_class.grade].get("project", 0)
        if not hours:
            continue
        teaching = [a.teacher_id for a in plan.assignments if a.class_id == school_class.id]
        order = [school_class.class_teacher_id, *teaching]
        least_loaded = min(teaching, key=lambda t: (plan.teachers[t].load, t))
        chosen = next(
            (t for t in order if t and plan.teachers[t].load + hours <= MAX_LOAD), least_loaded
        )
        staffing.give(Bundle(school_class, "project", [("project", hours)]), plan.teachers[chosen])
