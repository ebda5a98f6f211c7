"""The end of a school year and the start of the next (001 §4.1.9-12, 003 §3.7.1): the year is
closed with its finals in place and is read-only from then on; the next year is opened with its
classes, teaching load and timetable carried over for editing; pupils are promoted by the
director's order, with repeaters, conditional promotions with a subject debt and leavers after
grades 9 and 11; each closed year stays readable as an archive."""
