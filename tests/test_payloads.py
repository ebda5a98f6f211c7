from datetime import date, time
from enum import StrEnum

import pytest
from hypothesis import given, strategies

from db.enums import AttendanceStatus
from keyboards.actions.family import Help, Marks, Menu, ScheduleLesson
from keyboards.actions.settings import NotifyQuiet
from keyboards.actions.staff import ClassFixSet, ClassWeek, FinalSet, MarkNoComment, MarkWork
from keyboards.payloads import (
    MAX_INT,
    TELEGRAM_LIMIT_BYTES,
    VERSION,
    PayloadTooLong,
    Press,
    actions,
    is_stale,
    pack,
    unpack,
)
from tests.press_strategies import presses


@given(presses())
def test_every_press_round_trips_within_both_platforms_limits(press: Press) -> None:
    raw = pack(press)
    assert len(raw.encode()) <= TELEGRAM_LIMIT_BYTES and len(raw) <= 255
    assert unpack(raw) == press
    assert not is_stale(raw)


@given(
    strategies.one_of(
        strategies.text(max_size=300),
        strategies.binary(max_size=100).map(lambda b: b.decode("latin-1")),
        presses().map(pack).flatmap(lambda raw: strategies.sampled_from(mutations(raw))),
    )
)
def test_garbage_is_refused_never_raises(raw: str) -> None:
    result = unpack(raw)
    if result is not None:
        assert pack(result) == raw


def mutations(raw: str) -> list[str]:
    """Near misses of a good payload: a field more or less, a character changed."""
    return [raw + ":", raw + ":1", raw[:-1], raw.replace(":", "::", 1), raw + " ", raw.upper()]


def test_the_format_is_compact_and_readable() -> None:
    lesson = ScheduleLesson(pupil=123, day=date(2026, 11, 18), lesson=5)
    assert pack(lesson) == f"{VERSION}l:123:{date(2026, 11, 18).toordinal()}:5"
    assert pack(Menu()) == f"{VERSION}M"
    assert pack(Marks(pupil=7)) == f"{VERSION}m:7"
    # Trailing fields at their default are left out; those before them are kept, empty.
    assert pack(ClassWeek(class_id=3, page=2)) == f"{VERSION}Cw:3::2"
    assert pack(ClassWeek(class_id=3)) == f"{VERSION}Cw:3"
    assert pack(MarkNoComment(lesson=1, pupil=2, keep=True)) == f"{VERSION}Kn:1:2:1"
    assert pack(NotifyQuiet(start=time(21, 0), end=time(7, 0))) == f"{VERSION}Pq:2100:0700"
    assert pack(FinalSet(assignment=1, pupil=2, value="осв.")) == f"{VERSION}Fv:1:2:осв."
    status = ClassFixSet(lesson=1, pupil=2, status=AttendanceStatus.EXCUSED)
    assert pack(status) == f"{VERSION}Cs:1:2:excused"


def test_ids_not_positions() -> None:
    """The work type and the final mark travel as themselves, never as an index in a list."""
    assert unpack(f"{VERSION}Kw:5:7:12") == MarkWork(lesson=5, pupil=7, work=12)
    assert unpack(f"{VERSION}Fv:5:7:4") == FinalSet(assignment=5, pupil=7, value="4")


def test_payloads_of_older_menus_are_recognised_as_stale() -> None:
    for older in ("1m:p12", "0m:p12", "1Kw:i5:p7:v2", "n:ab:1:2:i", "n:rd:5"):
        assert unpack(older) is None
        assert is_stale(older), older
    for garbage in ("nonsense", None, "", f"{VERSION}Zz", 12):
        assert not is_stale(garbage)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        VERSION,
        f"{VERSION}Zz",  # no such action
        f"{VERSION}m:12:13",  # a field more than the action has
        f"{VERSION}l:1:739938",  # a required field missing
        f"{VERSION}l:1::5",  # a required field empty
        f"{VERSION}m:{MAX_INT + 1}",  # beyond the database's integer
        f"{VERSION}d::9999999",  # no such date
        f"{VERSION}d::0",
        f"{VERSION}m:-1",
        f"{VERSION}m: 1",
        f"{VERSION}m:1 ",
        f"{VERSION}m:１",  # a full-width digit
        f"{VERSION}m:" + "1" * 70,
        f"{VERSION}Kn:1:2:2",  # a bool is 0 or 1
        f"{VERSION}Cs:1:2:sleeping",  # no such status
        f"{VERSION}Pq:2500:0700",  # no such time
        f"{VERSION}Fv:1:2:a b",  # a key has no spaces
        f"{VERSION}?:",
    ],
)
def test_ill_formed_payloads_are_refused(raw: str) -> None:
    assert unpack(raw) is None


def test_pack_refuses_what_it_could_not_read_back() -> None:
    with pytest.raises(ValueError):
        pack(Marks(pupil=MAX_INT + 1))
    with pytest.raises(ValueError):
        pack(Marks(pupil=-1))
    with pytest.raises(ValueError):
        pack(FinalSet(assignment=1, pupil=2, value="5:4"))  # the separator
    with pytest.raises(ValueError):
        pack(NotifyQuiet(start=time(21, 0, 30), end=time(7, 0)))
    with pytest.raises(ValueError):
        pack(MarkWork(lesson=1, pupil=2, work=True))  # type: ignore[arg-type]


def test_oversize_is_refused() -> None:
    with pytest.raises(PayloadTooLong):
        pack(FinalSet(assignment=MAX_INT, pupil=MAX_INT, value="ё" * 32))


def test_only_the_canonical_spelling_is_accepted() -> None:
    assert unpack(f"{VERSION}m:12") == Marks(pupil=12)
    assert unpack(f"{VERSION}m:012") is None
    assert unpack(f"{VERSION}m:") is None  # an empty trailing field: spelled without it
    assert unpack(f"{VERSION}Cw:3:") is None
    assert unpack(f"{VERSION}Cw:3::1") is None  # page 1 is the default: spelled without it
    assert unpack(f"{VERSION}?") == Help()


def test_declaring_an_action_checks_its_code_fields_and_size() -> None:
    codes = [a.code for a in actions()]
    assert len(codes) == len(set(codes))
    with pytest.raises(TypeError, match="taken"):

        class Again(Press, code="m"):
            pass

    with pytest.raises(TypeError, match="cannot be"):

        class Floating(Press, code="qf"):
            ratio: float

    with pytest.raises(TypeError, match="bytes"):

        class TooLong(Press, code="qq"):
            a: int
            b: int
            c: int
            d: int
            e: int
            f: int

    class Colour(StrEnum):
        RED = "red"

    class Paint(Press, code="qp"):
        colour: Colour
        day: date | None = None

    try:
        assert unpack(pack(Paint(colour=Colour.RED))) == Paint(colour=Colour.RED)
    finally:
        from keyboards import payloads

        payloads._ACTIONS.pop("qp")
