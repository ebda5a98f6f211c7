"""Buttons under notifications ("Болеет", "Ознакомлен"): the notifications layer answers them."""

from handlers.core.io import Reply
from handlers.core.menu import menu_keyboard
from handlers.core.turn import Turn
from notifications.delivery.buttons import is_notification_payload
from services.messages.notification_buttons import answer_button

__all__ = ["answer", "is_notification_payload"]


async def answer(turn: Turn) -> list[Reply]:
    text = await turn.run(answer_button, turn.incoming.payload or "")
    return [Reply(text, menu_keyboard(turn.viewer))]
