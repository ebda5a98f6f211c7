"""A printable A4 sheet of invite slips for a class (001 §3.1, §4.3.4): one card to cut out
per pupil or guardian, with the code, its expiry and, for each messenger the school has (MAX,
Telegram, VK), a QR code that opens the bot with it."""

from collections.abc import Sequence

import qrcode
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_M

from db.enums import Gender, InviteRole
from services.chat.bot_links import BotLinks
from services.documents import FONT
from services.staff_views import UnlinkedPerson

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
COLUMNS, ROWS = 2, 4
CARD_W = (PAGE_W - 2 * MARGIN) / COLUMNS
CARD_H = (PAGE_H - 2 * MARGIN) / ROWS
PAD, QR_SIZE, QR_GAP = 4.0, 19.0, 8.0
TEXT_W = 56.0
MESSENGER_NAMES = {"VK": "ВКонтакте"}
HINT = (
    "Наведите камеру телефона на QR-код своего мессенджера: откроется бот школы с этим кодом. "
    "Или напишите боту и отправьте ему код."
)
# No bot address is known (no username set, none learnt at start): say how to find the bot.
HINT_NO_LINKS = (
    "Как найти бота: классный руководитель скажет его имя в MAX, Telegram или ВКонтакте. "
    "Найдите бота по имени в поиске мессенджера, нажмите «Начать» и отправьте ему этот код."
)


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules, dark = True, without the quiet zone (the card leaves it white)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return [[bool(cell) for cell in row] for row in qr.get_matrix()]


def role_line(person: UnlinkedPerson) -> str:
    if person.role == InviteRole.GUARDIAN:
        return f"родитель: {', '.join(person.children)}, {person.class_title}"
    if person.role == InviteRole.PUPIL:
        pupil = "ученица" if person.gender == Gender.FEMALE else "ученик"
        return f"{pupil}, {person.class_title}"
    return "сотрудник"


def _draw_qr(pdf: FPDF, data: str, x: float, y: float) -> None:
    matrix = qr_matrix(data)
    module = QR_SIZE / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            # One rectangle per run of dark modules: fewer operators, no hairline gaps.
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")


def _qr_row(pdf: FPDF, links: list[tuple[str, str]], x: float, y: float) -> None:
    """One QR code per messenger, its name above it; the code itself is a link, too."""
    for n, (name, link) in enumerate(links):
        left = x + n * (QR_SIZE + QR_GAP)
        pdf.set_xy(left, y)
        pdf.set_font("DejaVu", size=7)
        pdf.cell(QR_SIZE, 3.5, MESSENGER_NAMES.get(name, name), align="C")
        _draw_qr(pdf, link, left, y + 4)
        pdf.link(left, y + 4, QR_SIZE, QR_SIZE, link)


def _card(
    pdf: FPDF, person: UnlinkedPerson, x: float, y: float, school: str, links: BotLinks
) -> None:
    pdf.set_draw_color(150, 150, 150)
    with pdf.local_context(dash_pattern={"dash": 2, "gap": 1.5}):
        pdf.rect(x, y, CARD_W, CARD_H, style="D")
    left, top = x + PAD, y + PAD
    pdf.set_text_color(90, 90, 90)
    pdf.set_font("DejaVu", size=7)
    pdf.set_xy(left, top)
    pdf.cell(CARD_W - 2 * PAD, 3.5, f"{school} · {person.class_title}")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", size=11)
    pdf.set_xy(left, top + 5)
    # Left-aligned: fpdf2 justifies by default, which stretches a name over the line.
    pdf.multi_cell(TEXT_W, 4.8, person.full_name, max_line_height=4.8, align="L")
    pdf.set_font("DejaVu", size=8)
    pdf.set_x(left)
    pdf.multi_cell(TEXT_W, 3.8, role_line(person), align="L")
    # A three-line name pushes the code down a little; the QR codes keep their place.
    code_top = min(max(top + 21, pdf.get_y() + 0.5), top + 23)
    pdf.set_font("DejaVu", size=7)
    pdf.set_xy(left, code_top)
    pdf.cell(TEXT_W, 3.5, "Код приглашения:")
    found = links.all(person.code)
    pdf.set_font("Courier", "B", 18)
    pdf.set_xy(left, code_top + 4)
    pdf.cell(TEXT_W, 8, person.code, link=found[0][1] if found else "")
    pdf.set_font("DejaVu", size=7)
    pdf.set_xy(left, code_top + 12.5)
    pdf.cell(TEXT_W, 3.5, f"Действует до {person.expires_on:%d.%m.%Y}")
    hint_x = left + TEXT_W + 3.0
    pdf.set_xy(hint_x, top + 5)
    hint = HINT if found else HINT_NO_LINKS
    pdf.multi_cell(CARD_W - PAD - (hint_x - x), 3.3, hint, align="L")
    if found:
        _qr_row(pdf, found, left, top + 40)


def render_invite_sheet(
    people: Sequence[UnlinkedPerson],
    *,
    school_name: str,
    class_title: str,
    bot_links: BotLinks,
    compress: bool = True,
) -> bytes:
    """The PDF: eight slips per A4 page, dashed lines to cut along."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_title(f"Коды приглашения: {class_title}")
    pdf.set_creator(school_name)
    per_page = COLUMNS * ROWS
    if not people:
        pdf.add_page()
        pdf.set_font("DejaVu", size=12)
        pdf.cell(text=f"{class_title}: все ученики и родители уже подключены к чату.")
    for n, person in enumerate(people):
        if n % per_page == 0:
            pdf.add_page()
        slot = n % per_page
        x = MARGIN + (slot % COLUMNS) * CARD_W
        y = MARGIN + (slot // COLUMNS) * CARD_H
        _card(pdf, person, x, y, school_name, bot_links)
    return bytes(pdf.output())
