"""What the bot says to teachers, class teachers and the administration (Russian)."""

from texts import report_phrases

# Staff menu labels (also accepted when typed, see handlers/parsing.py).
NOW = "Сейчас урок"
LESSONS = "Уроки за день"
FINALS = "Итоговые оценки"
MY_CLASS = "Мой класс"
INBOX = "Вопросы родителей"
ANNOUNCE = "Написать объявление"
CHANGES = "Изменить расписание"
STAFF_HOME = "Для учителя"
PREV_DAY = "◀ Пред. день"
NEXT_DAY = "След. день ▶"
WEEK_BACK = "◀ Неделя назад"
LATE_ENTRY = (
    "Урок прошёл больше недели назад: записи по нему будут отмечены в контроле заполнения "
    "как внесённые не в срок."
)
PREV_PAGE = "◀"
NEXT_PAGE = "▶"
BACK_TO_LESSON = "К уроку"
BACK = "Назад"

MENU = "Главное меню · {name}\nЧто открыть?"

# The lesson and its card.
NO_LESSON_NOW = "На сегодня уроков больше нет."
LESSONS_TITLE = "Мои уроки на {when}"
LESSONS_NONE = "В этот день уроков нет."
LESSONS_HINT = (
    "Откройте урок, чтобы провести перекличку, поставить отметки, записать тему и задание."
)
TOPIC_LINE = "Тема: {topic}"
TOPIC_NONE = "Тема: не записана"
ROLL_DONE = "Перекличка: проведена ({counts})"
ROLL_NOT_DONE = "Перекличка: не проведена"
HOMEWORK_LINE = "Домашнее задание: {what}"
HOMEWORK_NONE = "Домашнее задание: не записано"
HOMEWORK_FILES = "📎 {count} {files}"
FILES = ("файл", "файла", "файлов")
HOMEWORK_INDIVIDUAL_TOO = "и индивидуальные задания: {count}"
INDIVIDUAL_TASKS = ("индивидуальное задание", "индивидуальных задания", "индивидуальных заданий")
MARKS_LINE = "Отметки: {marks}"
NOT_STARTED = "Урок начнётся в {time}: перекличка и отметки — после начала."
NOT_YOURS = "Вы смотрите урок другого учителя: записи в нём делает он."
CARD_ROLL = "Перекличка"
CARD_MARKS = "Отметки"
CARD_TOPIC = "Тема урока"
CARD_HOMEWORK = "Домашнее задание"

# The roll call.
ROLL_TITLE = "Перекличка · {title}\n{when}"
ROLL_HINT = (
    "Нажимайте на ученика: ✓ на месте → н отсутствует → оп опоздал → б болеет → "
    "у/п уважительная причина."
)
ROLL_NOW = "Сейчас: {counts}."
ROLL_TYPING_HINT = "Можно написать: «Иванов н, Петрова оп» — и нажать «Сохранить»."
ROLL_READ = "Отметил — проверьте и нажмите «Сохранить»."
ROLL_NOT_READ = "Не понял: {parts}. Напишите так: «Иванов н, Петрова оп, Сидоров б»."
ROLL_NO_STATUS = "«{text}» — нет отметки (н, оп, б, у/п или ✓)"
ROLL_PAGE = "Страница {page} из {pages}."
ROLL_REMEMBER = "Когда всё отмечено, нажмите «Сохранить»."
ROLL_ALL = "Все на месте"
ROLL_SAVE = "Сохранить"
ROLL_SAVED = "Перекличка сохранена: {counts}."
ROLL_UNSAVED = "Перекличка не сохранена: {counts}. Сохранить перед уходом?"
ROLL_DISCARD = "Не сохранять"
ROLL_BACK = "Вернуться к перекличке"
ROLL_ALERTS = "Родители отсутствующих и опоздавших получат уведомление."
ROLL_CANNOT = "Перекличку проводит учитель, который ведёт урок."
ROLL_NOT_STARTED = "Урок ещё не начался: перекличку можно провести после его начала."
NOT_IN_LESSON = "Этот ученик не занимается на этом уроке."

# Marks.
MARKS_TITLE = "Отметки · {title}\n{when}"
MARKS_PICK = (
    "Кому поставить отметку? Нажмите на ученика — или на «Отметки всему классу», чтобы "
    "отметить всех за одну работу."
)
MARKS_ABSENT = "Не было на уроке: {names}"
MARK_PUPIL_TITLE = "{name} · {title}"
MARK_HAS = "Уже стоит: {marks}"
MARK_PICK_VALUE = "Выберите отметку."
MARK_PICK_WORK = "Отметка {value}. За какой вид работы?"
MARK_ASK_COMMENT = (
    "Комментарий к отметке? Напишите его одним сообщением (его увидят ученик и родители) "
    "или нажмите «Без комментария»."
)
MARK_NO_COMMENT = "Без комментария"
MARK_KEEP_COMMENT = "Оставить прежний"
MARK_CONFIRM = "{name}: поставить отметку {mark}?"
MARK_CONFIRM_EDIT = "{name}: исправить отметку {old} на {mark}?"
MARK_COMMENT = "Комментарий: «{comment}»"
MARK_SAVE = "Поставить"
MARK_SAVE_EDIT = "Исправить"
MARK_SAVED = "Отметка {mark} поставлена: {name}."
MARK_CHANGED = "Отметка исправлена: {name} — {mark}. Прежняя сохранена в истории."
MARK_EDIT = "Исправить {mark}"
MARK_DELETE = "Удалить {mark}"
MARK_DELETE_ASK = "{name}: удалить отметку {mark}? Запись останется в истории изменений."
MARK_EDIT_VALUE = "{name}: исправляем отметку {mark}. Какую поставить?"
MARK_HISTORY = "История отметки:"
MARK_HISTORY_CREATED = "{when} — {who}: поставлена {new}"
MARK_HISTORY_CHANGED = "{when} — {who}: было {old}, стало {new}"
MARK_DELETE_YES = "Да, удалить"
MARK_DELETED = "Отметка {mark} удалена: {name}. Запись осталась в истории."
MARK_LOST = "Черновик отметки потерялся — начните заново."
MARK_TYPE_VALUE = "«{text}» — не отметка. Напишите её цифрой (5, 4, 3, 2 или 1) или нажмите на неё."
MARK_NOT_ABSENCE = (
    "«н» — это не отметка: отсутствие ставят в перекличке урока. Какую отметку поставить?"
)
MARK_CONFIRM_ASK = "Чтобы сохранить, нажмите «{save}» (или напишите «да»); «Отмена» — не сохранять."

# Topic and homework.
TOPIC_ASK = "Напишите тему урока одним сообщением."
TOPIC_NOW = "Сейчас: «{topic}»."
TOPIC_SAVED = "Тема записана."
HOMEWORK_ASK = (
    "Напишите домашнее задание одним сообщением — оно будет для всех учеников урока. "
    "Чтобы задать отдельным ученикам, нажмите «Выбрать учеников»."
)
HOMEWORK_ASK_FOR = "Напишите задание для: {names}."
HOMEWORK_PICK = "Выбрать учеников"
HOMEWORK_PICK_TITLE = "Индивидуальное задание · {title}\nОтметьте учеников и нажмите «Готово»."
HOMEWORK_PICKED = "Готово"
HOMEWORK_NOBODY = "Выберите хотя бы одного ученика."
HOMEWORK_SAVED = "Домашнее задание записано."
HOMEWORK_SAVED_FOR = "Индивидуальное задание записано: {names}."
CHOSEN = "☑"
NOT_CHOSEN = "☐"

# Final marks.
FINALS_TITLE = "Итоговые оценки за {period}"
FINALS_PICK = "Выберите класс и предмет."
FINALS_NONE = "У вас нет предметов по нагрузке."
FINAL_SHEET_TITLE = "{klass} · {subject} · итоговые за {period}"
FINAL_ROW = "{name}: {forecast}; отметок {count} из {required}"
FINAL_SET_ROW = " — итоговая {value}"
FINAL_NO_MARKS = "отметок нет"
FINAL_FORECAST = "средний {average}, выходит {predicted}"
FINAL_PICK_PUPIL = "Нажмите на ученика, чтобы поставить итоговую."
FINAL_PUPIL = "{name} · {subject}, {period}\n{row}\nКакую итоговую поставить?"
FINAL_SAVED = "Итоговая {value} поставлена: {name}."
FINALS_WINDOW = "Итоговые за этот период принимаются с {opens} по {closes}."
FINALS_WHEN = "Когда ставить итоговые:"
FINALS_WHEN_LINE = "• {period} ({classes}): с {opens} по {closes} — {state}"
FINALS_OPEN_NOW = "приём открыт"
FINALS_NOT_YET = "ещё не открыт"
FINALS_CLOSED = "срок прошёл"
FINAL_FEW_MARKS = "Отметок меньше нужного: если их не будет, поставьте «н/а» — не аттестован(а)."
NOT_IN_CLASS = "Этого ученика нет в списке класса (группы)."

# The class teacher.
CLASS_TITLE = "Мой класс · {klass}"
CLASS_PICK = "Какой класс?"
CLASS_WEEK = "Посещаемость за неделю"
CLASS_CODES = "Коды приглашения"
CLASS_ANNOUNCE = "Объявление классу"
CLASS_REASONS = "Причины пропусков"
WEEK_TITLE = "Посещаемость {klass} за {span}"
WEEK_ALL_PRESENT = "Пропусков и опозданий нет."
WEEK_MISSING = "Перекличка не проведена:"
WEEK_FIX_HINT = "Чтобы исправить, нажмите на ученика и день: можно весь день сразу."
WEEK_LEGEND = (
    "н — пропуск, б — болезнь, у/п — уважительная причина, оп — опоздание, осв — освобождён."
)
FIX_DAY_TITLE = "{name} · {when}"
FIX_DAY_PICK = "Исправить один урок или весь день сразу?"
FIX_DAY_ALL = "Весь день: {status}"
FIX_DAY_SAVED = "Исправлено за {when}: {lessons} — теперь «{status}»."
LESSONS_FORMS = ("урок", "урока", "уроков")
FIX_TITLE = "{name} · {when}, {number}-й урок, {subject}\nСейчас: {status}. Что поставить?"
FIX_SAVED = "Исправлено: теперь «{status}»."
FIX_GONE = "Этой отметки в неделе уже нет — вот актуальная посещаемость."
CLASS_ONLY = "Это раздел классного руководителя."
CODES_CAPTION = (
    "Коды приглашения для {klass}: {count} — по одному на ученика или родителя, ещё не "
    "подключённого к боту. Распечатайте и раздайте; QR-код открывает бота с кодом."
)
CODES_NONE = "Все ученики и родители {klass} уже подключены к боту."
CODES_PLAN_TITLE = "Коды приглашения · {klass}"
CODES_PLAN_NEW = "Получат новый код ({count}):"
CODES_PLAN_HOLDING = (
    "Уже есть действующий код ({count}) — выданные листки работают, новый код им не нужен:"
)
CODES_PLAN_MORE = "  …и ещё {count}"
CODES_PLAN_ASK = "Выдать коды? Прежние листки при этом не отменяются."
CODES_ISSUE_NEW = "Выдать новые ({count})"
CODES_ISSUE_EVERY = "Напечатать всем без чата ({count})"
CODES_ONLY_HOLDING = (
    "Новых кодов не нужно: у всех, кто ещё не подключён, код уже выдан и действует. "
    "Можно напечатать их листки ещё раз."
)
CODES_FILE = "коды_{klass}.pdf"
REASONS_TITLE = "Причины пропусков от родителей · {klass}, с {since}"
REASONS_NONE = "Родители пока не сообщали причин."
CLASS_PRINTOUTS = "Сводки для распечатки"
PRINTOUTS_CAPTION = (
    "Сводки за {month} для {pupils} {klass}, чьи родители отказались от электронного "
    "журнала. Распечатайте, отдайте родителям под подпись и сохраните подписанные листы."
)
PUPILS_GENITIVE = ("ученика", "учеников", "учеников")
PRINTOUTS_NONE = "В {klass} нет родителей, отказавшихся от электронного журнала."
PRINTOUTS_FILE = "сводки_{klass}_{month:%Y-%m}.pdf"
PRINTOUTS_EARLIER = "◀ За {month}"

# Announcements.
ANNOUNCE_SCOPE = "Для кого объявление?"
SCOPE_SCHOOL = "Вся школа"
SCOPE_GRADE = "{grade}-е классы"
ANNOUNCE_AUDIENCE = "Кому отправить?"
ANNOUNCE_KEPT = "Текст объявления сохранён — выберите, для кого оно, и будет предпросмотр."
TO_GUARDIANS = "Родителям"
TO_PUPILS = "Ученикам"
TO_FAMILIES = "Родителям и ученикам"
TO_STAFF = "Сотрудникам"
TO_EVERYONE = "Всем"
ANNOUNCE_ASK = (
    "Напишите объявление одним сообщением. Первая строка станет заголовком, если строк несколько."
)
ANNOUNCE_PREVIEW = "Предпросмотр · {whom}\n\n{title}\n{text}\n\nОпубликовать?"
ANNOUNCE_PUBLISH = "Опубликовать"
ANNOUNCE_WHO = (
    "Объявления публикуют заместитель директора, директор и классные руководители (своему классу)."
)
FOR_SCHOOL = "Объявление для всей школы"
FOR_GRADE = "Объявление для {grade}-х классов"
FOR_CLASS = "Объявление для {klass}"
FOR_YOUR_CLASS = "вашего класса"
DEFAULT_TITLE = "Объявление"
ANNOUNCE_DONE = "Объявление опубликовано: адресаты получат уведомление."
ANNOUNCE_REPORT = "Отчёт о доставке"
ANNOUNCE_REFRESH = "Обновить отчёт"
REPORT = (
    "Отчёт о доставке · «{title}», опубликовано {published}\n"
    "Адресатов: {audience}, подключены к боту: {linked}.\n"
    "Доставлено: {delivered}, в очереди: {queued}, прочитано: {read}.\n"
    "Не подключены: {not_linked}, заблокировали бота: {blocked}."
)
REPORT_NOT_LINKED = "Не подключены:"
REPORT_BLOCKED = "Заблокировали бота:"
REPORT_MORE = "…и ещё {count}"

# Schedule changes.
CHANGE_PICK_DAY = "Изменение расписания. Выберите день."
CHANGE_PICK_CLASS = "{when}. Выберите класс."
CHANGE_PICK_LESSON = "{klass}, {when}. Выберите урок."
CHANGE_NO_LESSONS = "У класса в этот день нет уроков."
CHANGE_LESSON = "{line}\nЧто изменить?"
CHANGE_CANCEL = "Отменить урок"
CHANGE_CANCEL_ASK = "Отменить урок «{line}»? Ученики и родители получат уведомление."
CHANGE_CANCEL_YES = "Да, отменить"
CHANGE_SUBSTITUTE = "Заменить учителя"
CHANGE_ROOM = "Сменить кабинет"
CHANGE_PICK_TEACHER = "Кто заменяет? {line}"
CHANGE_ROOM_ASK = "Напишите номер кабинета для урока «{line}»."
CHANGE_ROOM_AGAIN = "Напишите кабинет ещё раз или нажмите «Отмена»."
# {what} may end in initials ("урок ведёт Гусева В. П."): no period right after it.
CHANGE_DONE = "Готово: {what} — ученики и родители получат уведомление."
CHANGE_SUBSTITUTE_DONE = (
    "Готово: {what} — заменяющий учитель, ученики и родители получат уведомление."
)
CHANGE_CANCELLED = "урок отменён"
CHANGE_SUBSTITUTED = "урок ведёт {teacher}"
CHANGE_ROOM_DONE = "урок перенесён в кабинет {room}"
CHANGE_CANCELLED_LABEL = "{label} — отменён"
CHANGE_CANCELLED_LESSON = "{line}\nУрок отменён. Вернуть его в расписание?"
CHANGE_RESTORE = "Вернуть урок"
CHANGE_RESTORED = "отмена снята, урок состоится"
CHANGE_TEACHERS_HINT = (
    "Сначала свободные в это время, ведущие этот предмет; «занят» — у учителя в это время "
    "другой урок."
)
CHANGE_BUSY = "занят: {name}"
CHANGE_MOVE = "Перенести урок"
CHANGE_MOVE_DAY = "На какой день перенести урок «{line}»?"
CHANGE_MOVE_NUMBER = "{when}: каким уроком? {line}"
CHANGE_MOVED = "урок перенесён на {when}, {number}-й урок"

# Messages between guardians and teachers.
WRITE_TEACHER = "Написать учителю"
MY_QUESTIONS = "Мои вопросы"
WRITE_PICK = "Кому написать {about} ({klass})?"
WRITE_NONE = "Учителей для этого ученика не нашлось."
CLASS_TEACHER_MARK = "кл. рук."
WRITE_ASK = "Напишите вопрос для {teacher} одним сообщением."
WRITE_SENT = (
    "Вопрос для {teacher} отправлен. Учитель ответит в течение {days} дней: ответ придёт сюда "
    "и останется в разделе «Написать учителю» → «Мои вопросы»."
)
WRITE_PREVIEW = (
    "Вопрос для {teacher}:\n\n«{text}»\n\nОтправить? Чтобы исправить, пришлите текст заново."
)
WRITE_SEND = "Отправить"
WRITE_TOO_LONG = (
    "Вопрос длиннее {limit} знаков (в этом — {length}), учителю он не уйдёт. Сократите его "
    "и пришлите снова: ваш текст — в следующем сообщении, его можно скопировать."
)
QUESTIONS_TITLE = "Мои вопросы учителям"
QUESTIONS_NONE = "Вы пока не задавали вопросов."
QUESTION_WAITING = "ждёт ответа до {due}"
INBOX_TITLE = "Вопросы родителей без ответа"
INBOX_NONE = "Новых вопросов нет."
INBOX_ROW = "{sender} {about} ({klass}), {when}:\n«{text}»\nОтветить до {due}."
ANSWER_BUTTON = "Ответить: {sender}"
ANSWER_ASK = "Напишите ответ для {sender} одним сообщением.\nВопрос: «{text}»"
ANSWER_AGAIN = "Вы уже ответили: «{text}». Новый ответ придёт родителю отдельным сообщением."
ANSWER_SENT = "Ответ для {sender} отправлен."
# The medical worker's record: exempt from physical education for the period (003 §3.8.1).
FINAL_EXEMPT_ROW = " · освобождён(а) по справке: поставьте «осв.»"
CLASS_FAMILIES = "Родители учеников"
FAMILIES_TITLE = (
    "Родители учеников · {klass}\n"
    "Выберите ученика, чтобы посмотреть, добавить или исправить его родителей."
)
FAMILIES_NONE = "В классе пока нет учеников."
FAMILY_TITLE = "{name} · родители"
FAMILY_NOBODY = "Родители не записаны."
FAMILY_ADD = "Добавить родителя"
FAMILY_FIX = "Исправить: {name}"
FAMILY_ASK_NEW = (
    "Напишите через запятую: ФИО родителя, кем приходится, телефон и почту (если есть).\n"
    "Например: Иванова Елена Петровна, мама, +7 912 345-67-89, ivanova@mail.ru"
)
FAMILY_ASK_FIX = (
    "{name}: напишите исправленное в том же виде — ФИО, кем приходится, телефон, почта. "
    "Пустая часть оставляет как было: «, , +7 912 000-00-00» меняет только телефон."
)
FAMILY_AGAIN = "Напишите ещё раз или нажмите «Отмена»."
FAMILY_ADDED = "Записано: {name} — родитель {pupil}."
FAMILY_LINKED = "{name} уже был(а) в журнале как родитель другого ученика: привязан(а) и к {pupil}."
FAMILY_FIXED = "Исправлено."
FAMILY_NEED_NAME = "Нужны хотя бы фамилия и имя родителя."
ROSTER = "Ученики и классы"
ROSTER_PICK = "Ученики и классы: выберите класс."
ROSTER_CLASS = (
    "{klass}: учеников {count}. Выберите ученика, чтобы перевести его или отметить выбытие."
)
ROSTER_ADMIT = "Принять ученика"
ROSTER_ASK_PUPIL = (
    "Напишите ФИО нового ученика {klass} и дату рождения через запятую, например:\n"
    "Новикова Ольга Петровна, 02.03.2015"
)
ROSTER_NEED_NAME = "Нужны фамилия и имя ученика."
ROSTER_AGAIN = "Напишите ещё раз или нажмите «Отмена»."
ROSTER_ADMITTED = "{name} принят(а) в {klass}. Коды приглашения выдаст классный руководитель."
ROSTER_PUPIL = "{name} · {klass}"
ROSTER_MOVE = "Перевести в другой класс"
ROSTER_LEAVE = "Выбыл(а) из школы"
ROSTER_MOVE_PICK = "{name}: в какой класс перевести? Отметки и пропуски останутся при ученике."
ROSTER_MOVED = "{name} переведён(а) в {klass}."
ROSTER_LEAVE_ASK = (
    "{name} выбывает из школы с сегодняшнего дня: доступ ученика и родителей, у которых нет "
    "других детей в школе, закроется сразу; записи журнала сохранятся. Подтвердить?"
)
ROSTER_LEAVE_YES = "Да, выбыл(а)"
ROSTER_LEFT = "{name} выбыл(а). Доступ закрыт, записи сохранены."
LONG_SUB = "Замена на несколько дней"
LONG_SUB_WHO = "Замена на несколько дней: кого заменяют?"
LONG_SUB_BY = "Кто заменяет {name}?"
LONG_SUB_DAYS = (
    "{by} заменяет {name}. Напишите дни замены: «16.11.2026–20.11.2026» или одну дату «16.11.2026»."
)
LONG_SUB_BAD_DAYS = "Не понял дни. Напишите, например: 16.11.2026–20.11.2026."
LONG_SUB_DONE = "{by} заменяет {name}: уроков передано {count}."
LONG_SUB_BUSY = "Не переданы (заменяющий в это время занят) — назначьте их другому учителю:"
ROSTER_LEADER = "Классный руководитель"
ROSTER_LEADER_PICK = "{klass}: кто будет классным руководителем?"
ROSTER_LEADER_SET = "Классный руководитель {klass}: {name}."
ROSTER_GROUPS = "Группы"
ROSTER_GROUPS_TITLE = (
    "{name}: группы класса (✓ — где ученик сейчас). Перевести из группы в группу можно "
    "только по окончании четверти, полугодия или года (001 §4.4.11)."
)
ROSTER_GROUPS_NONE = "{name}: в классе нет групп."
ROSTER_GROUP_SET = "{name} теперь в группе «{group}» ({subject})."
ROSTER_STAFF = "Добавить сотрудника"
ROSTER_ASK_STAFF = (
    "Напишите ФИО и должности через запятую, например:\n"
    "Учителева Анна Сергеевна, учитель, завуч\n"
    "Должности: учитель, завуч, директор, администратор, медик."
)
ROSTER_NEED_STAFF = "Нужны фамилия, имя и хотя бы одна должность."
ROSTER_STAFF_ADDED = "{name} добавлен(а): {positions}. Код для входа выдаёт администратор журнала."
YEAR_END = "Учебный год"
YEAR_TITLE = "Учебные годы школы:"
YEAR_LINE = "• {name} ({starts:%d.%m.%Y}–{ends:%d.%m.%Y}): {state}"
YEAR_OPEN = "открыт"
YEAR_CLOSED = "закрыт, только для чтения"
YEAR_MISSING = "Не у всех стоят годовые отметки ({name}), например:"
YEAR_MISSING_LINE = "  {klass}, {subject}: без отметки {count}"
YEAR_PROMOTE_HINT = (
    "Перевод учеников по приказу директора — после закрытия года и открытия следующего "
    "(то же делает команда journal year promote)."
)
YEAR_PROMOTE = "Перевести учеников {name}"
PROMOTE_ASK_ORDER = (
    "Перевод учеников {name} в следующий класс — по приказу директора. Напишите номер и дату "
    "приказа, например: «№ 45 от 30.05.2027»."
)
PROMOTE_DRAFT = (
    "Перевод учеников {year} → {next} по приказу «{order}».\n"
    "Все переходят в класс на год старше с той же буквой, 11 классы оканчивают школу. "
    "Исключения из приказа:"
)
PROMOTE_REPEATED = "• на повторное обучение: {names}"
PROMOTE_CONDITIONAL = "• условно, с академической задолженностью: {names}"
PROMOTE_LEFT = "• выбывают после 9 класса: {names}"
PROMOTE_NOBODY = "нет"
PROMOTE_DEBTS = "{name} ({klass}): {subjects}"
PROMOTE_PUPIL = "{name} ({klass})"
PROMOTE_DRAFT_HINT = "Добавьте исключения кнопками ниже, затем нажмите «Проверить и перевести»."
PROMOTE_ADD_REPEAT = "На повторное обучение"
PROMOTE_ADD_CONDITIONAL = "Условный перевод"
PROMOTE_ADD_LEAVE = "Выбывает после 9 класса"
PROMOTE_RESET = "Сбросить исключения"
PROMOTE_CHECK = "Проверить и перевести"
PROMOTE_ASK_REPEAT = (
    "Кого оставить на повторное обучение? Напишите фамилию и имя, несколько — через запятую "
    "или каждого с новой строки."
)
PROMOTE_ASK_CONDITIONAL = (
    "Кого перевести условно? Каждого с новой строки: фамилия и имя, двоеточие и предметы "
    "задолженности через запятую, например:\nСидоров Олег: математика, физика"
)
PROMOTE_ASK_LEAVE = (
    "Кто из 9 классов выбывает (продолжит учёбу в другом месте)? Напишите фамилию и имя, "
    "несколько — через запятую или каждого с новой строки."
)
PROMOTE_NO_PUPIL = "«{typed}»: среди непереведённых учеников {year} такого нет."
PROMOTE_SEVERAL = "«{typed}»: подходят несколько — {names}. Напишите полнее."
PROMOTE_NEED_DEBTS = (
    "«{typed}»: после имени поставьте двоеточие и предметы задолженности, например: "
    "«Сидоров Олег: математика»."
)
PROMOTE_NO_SUBJECT = "«{typed}»: такого предмета в школе нет. Предметы: {subjects}."
PROMOTE_AGAIN = "Напишите ещё раз или нажмите «Назад»."
PROMOTE_BAD_ORDER = "Напишите номер и дату приказа ещё раз или нажмите «Отмена»."
PROMOTE_USE_BUTTONS = "Исключения добавляются кнопками ниже."
PROMOTE_CONFIRM = (
    "Проверьте перевод учеников {year} по приказу «{order}»: после него ученики окажутся в "
    "классах {next}, и отменить его в чате нельзя."
)
PROMOTE_MOVE = "{source} → {target}: {count}"
PROMOTE_MOVE_CONDITIONAL = "{source} → {target} условно: {count}"
PROMOTE_MOVE_REPEAT = "{source} → {target}, повторное обучение: {count}"
PROMOTE_MOVE_LEAVE = "{source}: оканчивают школу {count}"
PROMOTE_TOTAL = (
    "Итого: переводятся {moved} (из них условно {conditional}), остаются на повторное "
    "обучение {repeated}, оканчивают школу {graduated}."
)
PROMOTE_YES = "Да, перевести"
PROMOTE_DONE = (
    "Перевод по приказу «{order}» сделан: переведены {moved}, из них условно {conditional}; "
    "оставлены на повторное обучение {repeated}; окончили школу {graduated}."
)
PROMOTE_GONE = "Этот перевод уже сделан или отменён."
YEAR_CLOSE = "Закрыть {name}"
YEAR_CLOSE_ASK = (
    "Закрыть учебный год {name}? После закрытия его журнал только читается: отметки, "
    "посещаемость, темы, задания и итоговые в нём больше не меняются."
)
YEAR_CLOSE_YES = "Да, закрыть"
YEAR_CLOSED_NOTE = "Учебный год {name} закрыт."
YEAR_OPEN_NEXT = "Открыть год после {name}"
YEAR_OPENED = (
    "Открыт учебный год после {name}: классов {classes}, строк нагрузки {loads}, уроков в "
    "расписании {slots}. Проверьте даты четвертей и каникул."
)

# Help, by the buttons of the staff menu.
HELP_TITLE = "Как пользоваться ботом (для сотрудников)"
# What each button of the staff menu does: the help shows the lines of the buttons the person
# has, so that it never tells of a screen they cannot open.
HELP_LINES = {
    NOW: "• «Сейчас урок» — идущий или следующий урок: перекличка, отметки, тема, задание.\n"
    "• Перекличка — одно сообщение: нажатие на ученика меняет отметку ✓ → н → оп → б → у/п; "
    "в конце — «Сохранить».\n"
    "• «Отметки всему классу» — вид работы один раз, затем одно нажатие на ученика или одно "
    "сообщение: «5 4 н 3 …» по списку («н» — без отметки, пропуск ставится в перекличке) "
    "или «Иванов 5, Петрова 4».",
    LESSONS: "• «Уроки за день» — уроки сегодня и за прошедшие дни текущего периода (старше недели "
    "— с пометкой о позднем вводе); «Моё расписание» или /lessons — расписание ваших уроков.",
    FINALS: "• «Итоговые оценки» — когда и за какой период их ставить, по классу и предмету.",
    INBOX: "• «Вопросы родителей» — вопросы вам от родителей, ответ уходит им в чат.",
    MY_CLASS: "• «Мой класс» — посещаемость за неделю по ученикам и дням, причины пропусков, "
    "коды приглашения, родители учеников, объявление классу, сводки для распечатки.",
    ANNOUNCE: "• «Написать объявление» — школе или параллели: родителям, ученикам, сотрудникам; "
    "перед публикацией — предпросмотр.",
    CHANGES: "• «Изменить расписание» — замена, отмена и перенос урока, смена кабинета; «Замена на "
    "несколько дней» — на время отсутствия учителя.",
    report_phrases.REPORTS: "• «Отчёты» — успеваемость, посещаемость, заполнение журнала, прогноз, "
    "графики и сводные ведомости за период; PDF и Excel под каждым отчётом.",
    ROSTER: "• «Ученики и классы» — принять, перевести ученика или отметить выбытие, классный "
    "руководитель, группы, сотрудники; «Учебный год» — закрыть год, открыть следующий, "
    "перевести учеников по приказу.",
}
HELP_TYPING = (
    "• Текст — тему, задание, комментарий, объявление, ответ родителю — пишите обычным "
    "сообщением после кнопки; «Отмена» или /menu — выйти."
)
