"""What people read on the "Отчёты" screens."""

REPORTS = "Отчёты"
RESULTS = "Успеваемость"
ATTENDANCE = "Посещаемость"
FORECAST = "Прогноз"
FILLING = "Заполнение журнала"
CHARTS = "Графики"
SUMMARY_SHEET = "Сводная ведомость"
PDF = "PDF"
XLSX = "Excel"
BACK = "← Отчёты"
EARLIER = "◀ {name}"
LATER = "{name} ▶"
SEND_FILLING = "Разослать учителям"
PREVIOUS_MONTH = "◀ Прошлый месяц"
CLASS_CHART = "{klass}: качество"
ATTENDANCE_CHART = "{klass}: пропуски"
PUPIL_CHART = "График отметок"
REPORT_CARD = "Табель"

MENU = "Отчёты · {scope} · {period}\nВыберите отчёт; файлы PDF и Excel — под каждым отчётом."
PICK_CLASS = "Выберите класс."
NO_CLASSES = "Графики и сводные ведомости — по классам, которые вы видите целиком."
FILLING_SENT = "Замечания отправлены учителям: {count}."
FILLING_NONE_TO_SEND = "Замечаний нет: рассылать нечего."
FILE_CAPTION = "{title} · {subtitle}"
SUMMARY_CAPTION = (
    "Сводная ведомость {klass}, {period}: распечатайте, подпишите и передайте в архив."
)
CARD_CAPTION = "Табель: {pupil}, {klass}."

# The teacher's message with their own lines (services.reports.filling_sending).
FILLING_LINES = "Замечания по заполнению журнала за {start}–{end} (передал(а) {who}):\n{lines}"
FILLING_MORE = "\n…и ещё {more}: полный список — у заместителя директора."
# The deputy's monthly message (notifications.jobs.monthly_filling).
FILLING_MONTHLY = (
    "Контроль заполнения журнала за {month}: замечаний {count} у {teachers} учителей. "
    "Отчёт — кнопкой ниже; там же можно разослать учителям их замечания (п. 7.3 приказа 004)."
)

SCHOOL_SETTINGS = "Настройки школы"
SETTINGS_TITLE = "Настройки школы (сроки и правила из положений об электронном журнале):"
SETTINGS_HOW = "Чтобы изменить, нажмите на настройку и пришлите новое значение."
SETTING_ASK = "{title}: сейчас «{value}». Пришлите новое значение."
SETTING_AGAIN = "Пришлите значение ещё раз или нажмите «Отмена»."
SETTING_SAVED = "Сохранено: {title} — {value}."
