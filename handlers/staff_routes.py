"""Which staff handler answers which button, and which typed text a waiting flow takes."""

from handlers import (
    staff,
    staff_homework,
    staff_lesson,
    staff_mark_edit,
    staff_marks,
    staff_roll_call,
    staff_states,
)
from handlers.menu import Handler, TextHandler
from keyboards.payloads import Action

STAFF_HANDLERS: dict[Action, Handler] = {
    Action.STAFF_HOME: staff.home,
    Action.NOW: staff_lesson.now,
    Action.LESSONS: staff_lesson.day_lessons,
    Action.CARD: staff_lesson.card,
    Action.ROLL_CALL: staff_roll_call.open_roll_call,
    Action.ROLL_TOGGLE: staff_roll_call.toggle,
    Action.ROLL_ALL: staff_roll_call.all_present,
    Action.ROLL_SAVE: staff_roll_call.save,
    Action.MARKS_LIST: staff_marks.show_list,
    Action.MARK_PUPIL: staff_marks.show_pupil,
    Action.MARK_VALUE: staff_marks.pick_value,
    Action.MARK_WORK: staff_marks.pick_work,
    Action.MARK_NO_COMMENT: staff_marks.no_comment,
    Action.MARK_SAVE: staff_marks.save,
    Action.MARK_EDIT: staff_mark_edit.edit,
    Action.MARK_DELETE: staff_mark_edit.ask_delete,
    Action.MARK_DELETE_YES: staff_mark_edit.delete,
    Action.TOPIC: staff_homework.ask_topic,
    Action.HOMEWORK_SET: staff_homework.ask_homework,
    Action.HOMEWORK_PICK: staff_homework.pick,
    Action.HOMEWORK_TOGGLE: staff_homework.toggle,
    Action.HOMEWORK_PICKED: staff_homework.picked,
}
# Flows that wait for typed text: the state, what takes the text, and the buttons that keep
# the flow going (any other button leaves it, so a later message is not taken for its text).
TEXT_FLOWS: dict[str, tuple[TextHandler, frozenset[Action]]] = {
    staff_states.MARK_COMMENT: (staff_marks.typed_comment, frozenset({Action.MARK_NO_COMMENT})),
    staff_states.TOPIC: (staff_homework.typed_topic, frozenset()),
    staff_states.HOMEWORK: (staff_homework.typed_homework, frozenset({Action.HOMEWORK_PICK})),
}
