"""Loading a school from the files it already has: Excel lists and aSc Timetables XML.

Every file is read and checked whole first; only a file without errors is written, in the
caller's one transaction, and a dry run writes nothing at all."""
