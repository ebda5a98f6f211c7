from datetime import date

import pytest
from hypothesis import given, strategies

from keyboards.payloads import (
    MAX_ID,
    OPTIONAL_ARGS,
    REQUIRED_ARGS,
    TELEGRAM_LIMIT_BYTES,
    VERSION,
    Action,
    Payload,
    PayloadTooLong,
    is_stale,
    pack,
    unpack,
)

ids = strategies.integers(min_value=1, max_value=MAX_ID)
days = strategies.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@strategies.composite
def payloads(draw: strategies.DrawFn) -> Payload:
    action = draw(strategies.sampled_from(list(Action)))
    allowed = set(REQUIRED_ARGS.get(action, "")) | set(OPTIONAL_ARGS.get(action, ""))
    keys = set(REQUIRED_ARGS.get(action, "")) | {k for k in allowed if draw(strategies.booleans())}
    return Payload(
        action,
        pupil=draw(ids) if "p" in keys else None,
        day=draw(days) if "d" in keys else None,
        item=draw(ids) if "i" in keys else None,
    )


@given(payloads())
def test_every_payload_round_trips_within_both_platforms_limits(payload: Payload) -> None:
    raw = pack(payload)
    assert len(raw.encode()) <= TELEGRAM_LIMIT_BYTES and len(raw) <= 255
    assert unpack(raw) == payload
    assert not is_stale(raw)


@given(
    strategies.one_of(
        strategies.text(max_size=300),
        strategies.binary(max_size=100).map(lambda b: b.decode("latin-1")),
    )
)
def test_garbage_is_refused_never_raises(raw: str) -> None:
    result = unpack(raw)
    if result is not None:
        assert pack(result) == raw


def test_the_format_is_compact_and_readable() -> None:
    raw = pack(Payload(Action.LESSON, pupil=123, day=date(2026, 11, 18), item=5))
    assert raw == f"{VERSION}l:d{date(2026, 11, 18).toordinal()}:i5:p123"


def test_a_payload_of_an_older_menu_is_recognised_as_stale() -> None:
    older = "0m:p12"
    assert unpack(older) is None
    assert is_stale(older)
    assert not is_stale("nonsense") and not is_stale(None)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1",
        "1Z",  # no such action
        "1m:p12:p13",  # a repeated argument
        "1m:i5",  # an argument the action does not take
        "1l:p1:d739938",  # a required argument missing
        "1m:p0",  # ids start at 1
        f"1m:p{MAX_ID + 1}",  # beyond the database's integer
        "1d:d9999999",  # no such date
        "1m:p-1",
        "1m: p1",
        "1m:p1 ",
        "1m:p１",  # a full-width digit
        "1m:p" + "1" * 70,
    ],
)
def test_ill_formed_payloads_are_refused(raw: str) -> None:
    assert unpack(raw) is None


def test_pack_refuses_what_it_could_not_read_back() -> None:
    with pytest.raises(ValueError):
        pack(Payload(Action.LESSON, pupil=1))
    with pytest.raises(ValueError):
        pack(Payload(Action.HELP, pupil=1))
    with pytest.raises(ValueError):
        pack(Payload(Action.MENU, pupil=MAX_ID + 1))


def test_oversize_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keyboards.payloads.VERSION", "9" * 60)
    with pytest.raises(PayloadTooLong):
        pack(Payload(Action.MENU, pupil=MAX_ID))


def test_only_the_canonical_spelling_is_accepted() -> None:
    assert unpack("1m:p12") is not None
    assert unpack("1m:p012") is None
    assert unpack("1l:p1:d739938:i5") is None  # arguments out of order
