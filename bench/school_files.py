"""The files of a made-up school of about 1,000 pupils, as the school itself would have them:
the year, the staff list, the class lists, the teaching load and an aSc Timetables export."""

import random
from xml.sax.saxutils import quoteattr

from tests.school_files.staff_lists import workbook

GRADES = range(1, 12)
LETTERS = "АБВГ"


def _words(text: str) -> list[str]:
    return text.split()


LAST = _words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев "
    "Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев"
)
MALE = _words("Александр Дмитрий Максим Сергей Андрей Алексей Артём Илья Кирилл Михаил")
FEMALE = _words("Анастасия Мария Дарья Анна Елизавета Полина Виктория Екатерина Софья Алиса")
SUBJECTS = (
    ("Русский язык", 4),
    ("Литература", 3),
    ("Математика", 5),
    ("Английский язык", 3),
    ("История", 2),
    ("Биология", 2),
    ("География", 2),
    ("Физика", 2),
    ("Физическая культура", 2),
    ("Информатика", 1),
    ("Музыка", 1),
    ("Технология", 2),
)
SPLIT = {"Английский язык", "Информатика"}
BELLS = ("8:30", "9:25", "10:30", "11:30", "12:30", "13:25", "14:20")


def _person(rng: random.Random, female: bool) -> tuple[str, str, str]:
    last = rng.choice(LAST) + ("а" if female else "")
    first = rng.choice(FEMALE if female else MALE)
    father = rng.choice(MALE)
    middle = father + ("овна" if female else "ович")
    return last, first, middle


class School:
    def __init__(self, pupils: int, seed: int = 11) -> None:
        rng = random.Random(seed)
        per_class = 25
        classes = max(11, pupils // per_class)
        self.classes = [
            f"{g}{LETTERS[i // 11]}" for i, g in enumerate(g for _ in range(4) for g in GRADES)
        ][:classes]
        self.teachers = [
            " ".join(_person(rng, rng.random() < 0.8)) for _ in range(len(self.classes) + 20)
        ]
        self.teachers = list(dict.fromkeys(self.teachers))
        self.pupils = []
        names: set[str] = set()
        for n in range(pupils):
            title = self.classes[n % len(self.classes)]
            grade = int(title[:-1])
            female = rng.random() < 0.5
            name = " ".join(_person(rng, female))
            while name in names:  # a class list names each pupil once
                name = " ".join(_person(rng, female))
            names.add(name)
            birth = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{2026 - 6 - grade}"
            mother = " ".join(_person(rng, True))
            self.pupils.append((title, name, birth, mother, f"+7 9{n:09d}"))
        self.load = []  # class, subject, group, teacher, hours
        for i, title in enumerate(self.classes):
            for j, (subject, hours) in enumerate(SUBJECTS):
                teacher = self.teachers[(i * 3 + j) % len(self.teachers)]
                if subject in SPLIT:
                    other = self.teachers[(i * 3 + j + 7) % len(self.teachers)]
                    self.load += [
                        (title, subject, "1 группа", teacher, hours),
                        (title, subject, "2 группа", other, hours),
                    ]
                else:
                    self.load.append((title, subject, "", teacher, hours))

    def year(self) -> bytes:
        return workbook(
            {
                "Учебный год": (
                    ("Школа", "Учебный год", "Начало", "Конец", "Классы без отметок"),
                    [("МБОУ «Школа № 11»", "2026/2027", "01.09.2026", "31.05.2027", "1")],
                ),
                "Периоды": (
                    ("Название", "Вид", "Начало", "Конец", "Параллели"),
                    [
                        ("1 четверть", "четверть", "01.09.2026", "24.10.2026", "1-9"),
                        ("2 четверть", "четверть", "05.11.2026", "28.12.2026", "1-9"),
                        ("3 четверть", "четверть", "12.01.2027", "21.03.2027", "1-9"),
                        ("4 четверть", "четверть", "31.03.2027", "26.05.2027", "1-9"),
                        ("1 полугодие", "полугодие", "01.09.2026", "28.12.2026", "10, 11"),
                        ("2 полугодие", "полугодие", "12.01.2027", "26.05.2027", "10, 11"),
                    ],
                ),
                "Каникулы": (
                    ("Название", "Начало", "Конец"),
                    [
                        ("Осенние", "25.10.2026", "04.11.2026"),
                        ("Зимние", "29.12.2026", "11.01.2027"),
                        ("Весенние", "22.03.2027", "30.03.2027"),
                    ],
                ),
            }
        )

    def staff(self) -> bytes:
        rows: list[tuple[object, ...]] = [("Админова Алла Петровна", "администратор журнала", "")]
        for i, t in enumerate(self.teachers):
            lead = self.classes[i] if i < len(self.classes) else ""
            rows.append((t, "учитель" if i else "учитель, заместитель директора", lead))
        return workbook({"Сотрудники": (("ФИО", "Должность", "Классное руководство"), rows)})

    def class_list(self) -> bytes:
        headers = ("Класс", "ФИО", "Дата рождения", "ФИО матери", "Телефон матери")
        return workbook({"Ученики": (headers, self.pupils)})

    def load_list(self) -> bytes:
        headers = ("Класс", "Предмет", "Подгруппа", "Учитель", "Часов в неделю")
        return workbook({"Нагрузка": (headers, self.load)})

    def asc(self) -> bytes:
        def aid(text: str) -> str:
            return f"{abs(hash(text)) % 16**16:016X}"

        out = [
            '<?xml version="1.0" encoding="windows-1251"?>',
            '<timetable ascttversion="2021">',
            "<periods>",
        ]
        for n, start in enumerate(BELLS, 1):
            h, m = map(int, start.split(":"))
            out.append(
                f'<period name="{n}" period="{n}" starttime="{start}" '
                f'endtime="{h + (m + 45) // 60}:{(m + 45) % 60:02d}"/>'
            )
        out.append("</periods><subjects>")
        for subject, _ in SUBJECTS:
            out.append(f'<subject id="{aid(subject)}" name={quoteattr(subject)}/>')
        out.append("</subjects><teachers>")
        for t in self.teachers:
            out.append(f'<teacher id="{aid(t)}" name={quoteattr(t)}/>')
        out.append("</teachers><classes>")
        for c in self.classes:
            out.append(f'<class id="{aid(c)}" name="{c}"/>')
        out.append("</classes><groups>")
        for c in self.classes:
            for g in ("1 группа", "2 группа"):
                out.append(
                    f'<group id="{aid(c + g)}" classid="{aid(c)}" name="{g}" entireclass="0"/>'
                )
        out.append("</groups><lessons>")
        cards = []
        for c in self.classes:
            slot = 0
            for subject, hours in SUBJECTS:
                rows = [r for r in self.load if r[0] == c and r[1] == subject]
                lesson_id = aid(c + subject)
                groups = ",".join(aid(c + r[2]) for r in rows if r[2])
                teachers = ",".join(aid(r[3]) for r in rows)
                out.append(
                    f'<lesson id="{lesson_id}" classids="{aid(c)}" subjectid="{aid(subject)}" '
                    f'teacherids="{teachers}" groupids="{groups}" periodspercard="1" '
                    f'periodsperweek="{hours}"/>'
                )
                for _ in range(hours):
                    day, period = slot % 5, slot // 5 + 1
                    slot += 1
                    days = "".join("1" if d == day else "0" for d in range(5))
                    cards.append(
                        f'<card lessonid="{lesson_id}" period="{period}" days="{days}" '
                        'weeks="1" terms="1111"/>'
                    )
        out.append("</lessons><cards>")
        out += cards
        out.append("</cards></timetable>")
        return "\n".join(out).encode("windows-1251")
