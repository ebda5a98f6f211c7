import re
from datetime import UTC, date, datetime

from db.enums import Gender, InviteRole
from services.chat.bot_links import BotLinks
from services.class_teacher.overview import unlinked_people
from services.context import Journal
from services.invites.sheet import qr_matrix, render_invite_sheet, role_line
from services.staff_views import UnlinkedPerson
from tests.tiny_school import TinySchool
from tests.write_support import actor

LINKS = BotLinks(telegram_username="@journal_bot", vk_group_id=123)
ALL_THREE = BotLinks("journal_bot", 123, max_username="school_bot")
PAGE = re.compile(r"/Type /Page\b(?!s)")
LITERAL = re.compile(rb"\((?:\\.|[^\\)])*\)", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def person(n: int = 1, role: InviteRole = InviteRole.PUPIL, **kw: object) -> UnlinkedPerson:
    fields: dict[str, object] = {
        "person_id": n,
        "full_name": f"Петрова Анна {n}",
        "role": role,
        "class_title": "5А",
        "children": (),
        "code": f"KX7M-P2TH-{'AB'[n % 2]}{n % 10}",
        "expires_at": datetime(2026, 12, 18, 9, tzinfo=UTC),
        "expires_on": date(2026, 12, 18),
        "is_new": True,
    }
    return UnlinkedPerson(**(fields | kw))  # type: ignore[arg-type]


def render(people: list[UnlinkedPerson], links: BotLinks = LINKS) -> bytes:
    return render_invite_sheet(
        people, school_name="Школа № 1", class_title="5А", bot_links=links, compress=False
    )


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 1
    while i < len(literal) - 1:
        ch = literal[i : i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = literal[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def shown_text(pdf: bytes) -> str:
    """Every string the pages show, decoded through the Unicode font's ToUnicode map."""
    cmap = {
        int(cid, 16): chr(int(uni, 16))
        for cid, uni in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", pdf)
    }
    unicode_fonts = {
        name
        for name, obj in re.findall(rb"/(F\d+) (\d+) 0 R", pdf)
        if re.search(rb"\n" + obj + rb" 0 obj\n<<\n/BaseFont /\w+\+DejaVu", pdf)
    }
    parts, font = [], b""
    for op in re.finditer(rb"/(F\d+) [\d.]+ Tf|" + LITERAL.pattern + rb" Tj", pdf, re.S):
        if op.group(1):
            font = op.group(1)
            continue
        raw = _unescape(op.group()[: -len(b" Tj")])
        if font in unicode_fonts:
            parts.append("".join(cmap[raw[k] << 8 | raw[k + 1]] for k in range(0, len(raw), 2)))
        else:
            parts.append(raw.decode("latin-1"))
    return "\n".join(parts)


def drawn_qrs(pdf: bytes) -> list[list[list[bool]]]:
    """The filled rectangles of the page turned back into module matrices, left to right."""
    rects = sorted(
        tuple(map(float, r))
        for r in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (-?[\d.]+) re f", pdf)
    )
    groups: list[list[tuple[float, ...]]] = []
    for rect in rects:  # QR codes stand apart by far more than a module
        if groups and rect[0] - max(r[0] + r[2] for r in groups[-1]) < 10:
            groups[-1].append(rect)
        else:
            groups.append([rect])
    return [drawn_qr(group) for group in groups]


def drawn_qr(pdf_or_rects: bytes | list[tuple[float, ...]]) -> list[list[bool]]:
    """The filled rectangles of one QR code turned back into a module matrix."""
    if isinstance(pdf_or_rects, bytes):
        [matrix] = drawn_qrs(pdf_or_rects)
        return matrix
    rects = pdf_or_rects
    module = min(abs(h) for *_, h in rects)
    left, top = min(r[0] for r in rects), max(r[1] for r in rects)
    n = round((max(r[0] + r[2] for r in rects) - left) / module)
    matrix = [[False] * n for _ in range(n)]
    for x, y, w, _ in rects:
        row, col = round((top - y) / module), round((x - left) / module)
        for c in range(col, col + round(w / module)):
            matrix[row][c] = True
    return matrix


def test_a_pdf_with_eight_cards_a_page() -> None:
    pdf = render([person(n) for n in range(1, 10)])
    assert pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")
    assert len(PAGE.findall(pdf.decode("latin-1"))) == 2
    assert len(PAGE.findall(render([person(n) for n in range(1, 9)]).decode("latin-1"))) == 1


def test_each_card_shows_name_role_code_and_expiry() -> None:
    guardian = person(2, InviteRole.GUARDIAN, full_name="Иванова Елена", children=("Иван",))
    text = shown_text(render([person(1), guardian]))
    for expected in (
        "Петрова Анна 1",
        "ученик, 5А",
        "Иванова Елена",
        "родитель: Иван, 5А",
        "KX7M-P2TH-B1",
        "KX7M-P2TH-A2",
        "Действует до 18.12.2026",
        "Школа № 1 · 5А",
    ):
        assert expected in text


def test_deep_links_to_max_telegram_and_vk() -> None:
    pdf = render([person(1)], ALL_THREE)
    uris = set(re.findall(rb"/URI \(([^)]*)\)", pdf))
    assert uris == {
        b"https://max.ru/school_bot?start=KX7MP2THB1",
        b"https://t.me/journal_bot?start=KX7MP2THB1",
        b"https://vk.me/club123?ref=KX7MP2THB1",
    }
    shown = shown_text(pdf)
    assert "MAX" in shown and "Telegram" in shown and "ВКонтакте" in shown
    no_vk = render([person(1)], BotLinks("journal_bot", None))
    assert b"vk.me" not in no_vk and b"t.me/journal_bot?start=KX7MP2THB1" in no_vk
    assert b"max.ru" not in no_vk


def test_a_qr_code_for_each_messenger_max_first() -> None:
    pdf = render([person(1)], ALL_THREE)
    assert drawn_qrs(pdf) == [
        qr_matrix("https://max.ru/school_bot?start=KX7MP2THB1"),
        qr_matrix("https://t.me/journal_bot?start=KX7MP2THB1"),
        qr_matrix("https://vk.me/club123?ref=KX7MP2THB1"),
    ]


def test_the_qr_code_drawn_is_the_telegram_link() -> None:
    pdf = render([person(1)], BotLinks("journal_bot", None))
    assert drawn_qr(pdf) == qr_matrix("https://t.me/journal_bot?start=KX7MP2THB1")


def test_without_telegram_the_qr_code_opens_vk() -> None:
    pdf = render([person(1)], BotLinks(None, 123))
    assert drawn_qr(pdf) == qr_matrix("https://vk.me/club123?ref=KX7MP2THB1")
    assert b"t.me/" not in pdf


def test_a_max_start_payload_is_at_most_512_characters() -> None:
    links = BotLinks(max_username="school_bot")
    assert links.max("KX7M-P2TH-A9") == "https://max.ru/school_bot?start=KX7MP2THA9"
    assert links.max("A" * 513) is None and links.max("A" * 512) is not None


def test_without_any_bot_there_is_no_qr_but_the_code() -> None:
    pdf = render([person(1)], BotLinks(None, None))
    assert not re.search(rb" re f", pdf)
    assert "KX7M-P2TH-B1" in shown_text(pdf)


def test_an_empty_class_list_says_everyone_is_linked() -> None:
    pdf = render([])
    assert len(PAGE.findall(pdf.decode("latin-1"))) == 1
    assert "все ученики и родители уже подключены" in shown_text(pdf)


def test_role_line_names_every_child_in_the_class() -> None:
    twins = person(3, InviteRole.GUARDIAN, children=("Иван", "Мария"))
    assert role_line(twins) == "родитель: Иван, Мария, 5А"


def test_compressed_by_default() -> None:
    pdf = render_invite_sheet(
        [person(1)], school_name="Школа № 1", class_title="5А", bot_links=LINKS
    )
    assert b"/FlateDecode" in pdf and b"KX7M-P2TH-B1) Tj" not in pdf


async def test_the_sheet_of_a_real_class(journal: Journal, tiny: TinySchool) -> None:
    people = await journal.run(
        unlinked_people, await actor(journal, tiny, "math"), tiny.classes["5А"]
    )
    text = shown_text(render(people))
    for p in people:
        assert p.full_name in text and p.code in text
    assert "родитель: Иван, 5А" in text


LONG_NAME = "Ким Ева Ивановна-Константиновна"  # wraps after two short words


def test_names_are_set_flush_left_without_stretched_gaps() -> None:
    pdf = render([person(1, full_name=LONG_NAME, gender=Gender.FEMALE)])
    # fpdf2 justifies a Unicode font's line by spacing its words apart in a TJ array (or Tw);
    # a name set flush left is drawn with plain Tj.
    assert b" TJ" not in pdf and not re.search(rb"[1-9][\d.]* Tw", pdf)
    text = shown_text(pdf)
    assert "Ким Ева" in text and "ученица, 5А" in text


def test_without_any_bot_the_slip_says_how_to_find_it() -> None:
    text = " ".join(shown_text(render([person(1)], BotLinks(None, None))).split())
    assert "Как найти бота: классный руководитель скажет его имя" in text
    assert "отправьте ему этот код" in text
