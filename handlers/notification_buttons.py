"""Buttons under notifications ("Болеет", "Ознакомлен"): the notifications layer answers them."""

from handlers.io import Reply
from handlers.menu import menu_keyboard
from handlers.turn import Turn
from notifications.button_answers import answer_button
from notifications.buttons import is_notification_payload

__all__ = ["answer", "is_notification_payload"]


async def answer(turn: Turn) -> list[Reply]:
    text = await turn.run(answer_button, turn.incoming.payload or "")
    return [Reply(text, menu_keyboard(turn.viewer))]
