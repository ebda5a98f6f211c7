from db.models.attachments import HomeworkAttachment
from db.models.classes import (
    Enrollment,
    SchoolClass,
    Subgroup,
    SubgroupMember,
    Subject,
    TeachingAssignment,
)
from db.models.comms import (
    Announcement,
    AnnouncementRead,
    AuditEntry,
    ChatAccount,
    ConversationState,
    DirectMessage,
    InviteAttempt,
    InviteCode,
    NotificationPreference,
    OutboxEvent,
)
from db.models.delivery import AbsenceReasonReport, DigestItem, OutgoingMessage
from db.models.health import HealthRecord, PeExemption
from db.models.people import GuardianLink, Person, StaffPosition
from db.models.record import (
    Attendance,
    AttendanceChange,
    FinalMark,
    Homework,
    HomeworkTarget,
    Mark,
    MarkChange,
)
from db.models.school import BellSlot, Holiday, Period, School, SchoolYear, WorkType
from db.models.timetable import Lesson, TimetableEntry
from db.models.year_end import SubjectDebt

__all__ = [
    "AbsenceReasonReport",
    "Announcement",
    "AnnouncementRead",
    "Attendance",
    "AttendanceChange",
    "AuditEntry",
    "BellSlot",
    "ChatAccount",
    "ConversationState",
    "DigestItem",
    "DirectMessage",
    "Enrollment",
    "FinalMark",
    "GuardianLink",
    "HealthRecord",
    "Holiday",
    "Homework",
    "HomeworkAttachment",
    "HomeworkTarget",
    "InviteAttempt",
    "InviteCode",
    "Lesson",
    "Mark",
    "MarkChange",
    "NotificationPreference",
    "OutboxEvent",
    "OutgoingMessage",
    "PeExemption",
    "Period",
    "Person",
    "School",
    "SchoolClass",
    "SchoolYear",
    "StaffPosition",
    "Subgroup",
    "SubgroupMember",
    "Subject",
    "SubjectDebt",
    "TeachingAssignment",
    "TimetableEntry",
    "WorkType",
]
