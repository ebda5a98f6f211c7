"""How people's names are written, from plain columns or from a Person."""


def full_name(last: str, first: str, middle: str = "") -> str:
    return " ".join(p for p in (last, first, middle) if p)


def short_name(last: str, first: str, middle: str = "") -> str:
    """'Числова М. А.': the form the schedule and notice board use for teachers."""
    initials = " ".join(f"{p[0]}." for p in (first, middle) if p)
    return f"{last} {initials}".strip()
