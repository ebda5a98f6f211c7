"""For the pupil and their guardians: the marks of the period per subject beside the class's
median, as a photo with a one-line summary, and the report card (табель) as a PDF."""

import asyncio

from handlers.core.io import PHOTO, Attachment, Reply
from handlers.core.menu import for_pupil
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.reports import PupilChart, ReportCard
from services.documents.charts import pupil_chart
from services.documents.paper import render_report_card
from services.reports.final_grid import report_card
from services.reports.pictures import pupil_vs_class
from services.views import PupilBrief
from texts import report_phrases


@for_pupil
async def chart(turn: Turn, press: PupilChart, pupil: PupilBrief) -> list[Reply]:
    compared = await turn.run(pupil_vs_class, pupil.id, None)
    picture = await asyncio.to_thread(pupil_chart, compared)
    photo = Attachment(picture.filename, picture.png, kind=PHOTO)
    return [Reply(picture.summary, menus.marks_menu(pupil.id), attachment=photo)]


@for_pupil
async def card(turn: Turn, press: ReportCard, pupil: PupilBrief) -> list[Reply]:
    found = await turn.run(report_card, pupil.id)
    content = await asyncio.to_thread(render_report_card, found)
    caption = report_phrases.CARD_CAPTION.format(pupil=found.pupil, klass=found.class_title)
    name = f"tabel_{pupil.id}_{found.year_name.replace('/', '-')}.pdf"
    return [Reply(caption, menus.marks_menu(pupil.id), attachment=Attachment(name, content))]
