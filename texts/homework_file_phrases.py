"""Texts of homework files: the teacher sending them, pupils and guardians getting them."""

FILE_HINT = (
    "Можно приложить фото или документ до 20 МБ: пришлите файл, а задание — подписью к нему."
)
IN_FILE = "Задание — во вложении."
MORE_FILES = "Можно прислать к заданию ещё фото или документ."
SAVED = "Прикреплено к заданию: {names}."
CAPTION_DROPPED = "Подпись к файлу не сохранена: текст задания уже записан."
NOT_HERE = (
    "Файл не сохранён: бот принимает файлы только от учителя к домашнему заданию "
    "(урок → «Домашнее задание»)."
)
WRONG_KIND = "{what} к заданию не прикрепить: пришлите фото или документ. Ничего не сохранено."
KIND_NAMES = {
    "voice": "Голосовое сообщение",
    "audio_message": "Голосовое сообщение",
    "sticker": "Стикер",
    "video": "Видео",
    "video_note": "Видеосообщение",
    "audio": "Аудиозапись",
    "animation": "Анимацию",
    "graffiti": "Граффити",
}
OTHER_KIND = "Такое вложение"
TOO_LARGE = (
    "Файл «{name}» больше {limit} — такой к заданию не прикрепить. Ничего не сохранено: "
    "уменьшите файл или дайте ссылку на него в тексте задания."
)
UNAVAILABLE = "Не получилось забрать файл у мессенджера. Пришлите его ещё раз."
# What guardians and pupils see.
FILE_LINE = "📎 файл: {name}"
PHOTO_LINE = "📎 фото"
PHOTOS_LINE = "📎 фото: {count}"
PHOTO = "фото"
BUTTON = "📎 {subject}: {name}"
CAPTION = "{subject} — задание на {when}"
