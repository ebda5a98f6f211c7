"""Every button's action, by audience. Importing this package declares them all, so that
keyboards.payloads.unpack knows every code (handlers.core.parsing imports it)."""

from keyboards.actions import class_marks, family, health, notices, reports, settings, staff

__all__ = ["class_marks", "family", "health", "notices", "reports", "settings", "staff"]
