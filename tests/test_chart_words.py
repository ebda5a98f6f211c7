"""The one-line summary sent with a child's chart, for those who do not open the picture."""

import pytest

from services.documents.charts import above_median_words


@pytest.mark.parametrize(
    ("above", "subjects", "said"),
    [
        (5, 12, "средний балл выше медианы класса по 5 из 12 предметов."),
        (1, 21, "средний балл выше медианы класса по 1 из 21 предмета."),
        (0, 12, "средний балл пока не выше медианы класса ни по одному из 12 предметов."),
        (12, 12, "средний балл выше медианы класса по всем 12 предметам."),
        (21, 21, "средний балл выше медианы класса по всем 21 предмету."),
        (1, 1, "средний балл выше медианы класса."),
        (0, 0, "отметок, чтобы сравнить с классом, пока нет."),
    ],
)
def test_the_charts_summary_reads_right_for_none_all_and_one(
    above: int, subjects: int, said: str
) -> None:
    assert above_median_words(above, subjects) == said
