"""What the "Отчёты" screen offers the person asking: whose reports (the school, a class, their
own classes and subjects), the period and its neighbours, and the classes whose charts and
summary sheets they may open."""

from dataclasses import dataclass

from db.enums import PeriodKind
from services.context import Ctx
from services.people.actor import Actor, Role
from services.reports.scope import report_scope
from services.views import PeriodBrief


@dataclass(frozen=True)
class ReportMenu:
    scope_title: str
    period: PeriodBrief
    earlier: PeriodBrief | None  # the period before in the year's order, to step back
    later: PeriodBrief | None
    classes: tuple[tuple[int, str], ...]  # classes seen whole: charts, summary sheets
    may_send_filling: bool  # the deputy (001 §6.2) and the director hand teachers their lines


def may_send_filling(actor: Actor) -> bool:
    return actor.has(Role.DEPUTY, Role.DIRECTOR, Role.ADMIN)


async def report_menu(ctx: Ctx, actor: Actor, period_id: int | None = None) -> ReportMenu:
    scope = await report_scope(ctx, actor, period_id)
    # Steps go through the year's quarters, half-years and the year in the order they end.
    periods = [p for p in scope.year_periods() if p.kind != PeriodKind.YEAR] + [
        p for p in scope.year_periods() if p.kind == PeriodKind.YEAR
    ]
    index = next(i for i, p in enumerate(periods) if p.brief.id == scope.period.brief.id)
    classes = tuple(
        (c, scope.classes[c].title) for c in sorted(scope.whole_classes, key=scope.sort_key)
    )
    return ReportMenu(
        scope_title=scope.title,
        period=scope.period.brief,
        earlier=periods[index - 1].brief if index > 0 else None,
        later=periods[index + 1].brief if index + 1 < len(periods) else None,
        classes=classes,
        may_send_filling=may_send_filling(actor),
    )
