"""A deterministic demo school (or several) that looks like a real Russian school's journal."""

from db.demo.build import build_demo
from db.demo.summary import ClassSummary, DemoSummary, SchoolSummary

__all__ = ["ClassSummary", "DemoSummary", "SchoolSummary", "build_demo"]
