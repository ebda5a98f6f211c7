"""Announcements reach their audience with an "Ознакомлен" button, behind every personal alert."""

from datetime import timedelta
from typing import Any

from db.models import (
    Announcement,
    OutboxEvent,
)
from keyboards import notification_buttons
from notifications.rules.audience import accounts_of
from notifications.rules.notice import BULK, Notice, RuleContext
from notifications.rules.prefs import load_prefs
from services.messages.announcement_audience import announcement_audience
from texts import notification_phrases

# An announcement has no date of its own: it is news for a week after it was published.
ANNOUNCEMENT_RELEVANCE = timedelta(days=7)


async def announcement_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    p: dict[str, Any] = event.payload
    ann = await rc.session.get(Announcement, int(p["announcement_id"]))
    if ann is None:
        return []
    people = await announcement_audience(rc.session, ann)
    accounts = await accounts_of(rc.session, people, rc.platforms)
    recipients = [acc for person in sorted(accounts) for acc in accounts[person]]
    prefs = await load_prefs(rc.session, (acc.account_id for acc in recipients))
    text = notification_phrases.announcement(ann.title, ann.text)
    keyboard = notification_buttons.read_keyboard(ann.id)
    notices = []
    for recipient in recipients:
        wanted = prefs.get(recipient.account_id)
        if not wanted.announcements:
            continue
        notices.append(
            Notice(
                recipient=recipient,
                kind="announcement",
                text=text,
                keyboard=keyboard,
                priority=BULK,
                quiet=wanted.quiet,
                ref_id=ann.id,
                expires_at=ann.published_at + ANNOUNCEMENT_RELEVANCE,
            )
        )
    return notices
