"""Changes to the school's people through the year (issue 11; 001 §4.1.3, §4.3, §4.4.11, §4.7.1):
pupils admitted, moved and leaving, guardians added and corrected, staff added, class teachers
changed, a teacher substituted for a period, pupils moved between subgroups at a period's end.
Each change is checked against who may make it, audited, and takes effect for access at once
(an Actor is read fresh on every call)."""
