"""Catalogue commands: departments, categories and the working calendar."""

from __future__ import annotations

from datetime import date, datetime

from domain.application_base import ApplicationBase
from domain.calendar.settings import CalendarSettings
from domain.calendar.working import TimeLimit, WorkingCalendar
from domain.catalogue.model import Category, Department, check_catalogue_code, complete_limits
from domain.shared.errors import InvalidInputError, NotFoundError
from domain.shared.ids import calendar_id, category_id, department_id


class CatalogueCommands(ApplicationBase):
    def register_department(
        self, *, code: str, name: str, categories: list[str], streets: list[str], actor: str, reason: str
    ) -> Department:
        check_catalogue_code(code)
        if not name.strip():
            raise InvalidInputError("name must not be empty", field="name")
        for street in streets:
            self.node(street, field="streets")
        department = Department._create(
            Department.Registered,
            id=department_id(code),
            timestamp=self.clock.now(),
            code=code,
            name=name.strip(),
            categories=sorted(set(categories)),
            streets=sorted(set(streets)),
            actor=actor,
            reason=reason,
        )
        self._save_new(department, key=code)
        return department

    def define_category(
        self,
        *,
        code: str,
        major: str,
        name: str,
        grid_may_handle: bool,
        departments: list[str],
        limits: dict[str, TimeLimit],
        actor: str,
        reason: str,
    ) -> Category:
        check_catalogue_code(code)
        for department in departments:
            self.department(department)
        category = Category._create(
            Category.Defined,
            id=category_id(code),
            timestamp=self.clock.now(),
            code=code,
            major=major.strip(),
            name=name.strip(),
            grid_may_handle=grid_may_handle,
            departments=departments,
            limits=complete_limits(limits),
            actor=actor,
            reason=reason,
        )
        self._save_new(category, key=code)
        return category

    def change_category_limits(self, *, code: str, limits: dict[str, TimeLimit], actor: str, reason: str) -> Category:
        category = self.category(code)
        category.change_limits(limits=limits, actor=actor, reason=reason, at=self.clock.now())
        self.commit(category)
        return category

    def change_remit(
        self, *, code: str, categories: list[str], streets: list[str], actor: str, reason: str
    ) -> Department:
        department = self.department(code, field="code")
        for street in streets:
            self.node(street, field="streets")
        department.change_remit(categories=categories, streets=streets, actor=actor, reason=reason, at=self.clock.now())
        self.commit(department)
        return department

    def configure_calendar(self, *, calendar: WorkingCalendar, actor: str, reason: str) -> CalendarSettings:
        try:
            settings = self._get(CalendarSettings, calendar_id(), "no calendar", "calendar")
        except NotFoundError:
            settings = CalendarSettings._create(
                CalendarSettings.Configured,
                id=calendar_id(),
                timestamp=self.clock.now(),
                calendar=calendar.to_dict(),
                actor=actor,
                reason=reason,
            )
        else:
            settings.change(calendar=calendar, actor=actor, reason=reason, at=self.clock.now())
        self.commit(settings)
        return settings

    def calendar(self) -> WorkingCalendar:
        """The configured calendar, or weekdays without holidays until one is configured."""
        try:
            return self._get(CalendarSettings, calendar_id(), "no calendar", "calendar", shared=True).working()
        except NotFoundError:
            return WorkingCalendar()

    def local_date(self, moment: datetime) -> date:
        """The district's date at `moment` (the working calendar's zone): what dated facts are judged by."""
        return moment.astimezone(self.calendar().zone).date()

    def calendar_as_of(self, at: datetime) -> WorkingCalendar:
        """The calendar deadlines were computed on at `at`."""
        try:
            return self._as_of(CalendarSettings, calendar_id(), at, "no calendar then").working()
        except NotFoundError:
            return WorkingCalendar()

    def department(self, code: str, *, field: str = "department") -> Department:
        return self._get(Department, department_id(code), f"no department {code!r}", field)

    def category(self, code: str, *, shared: bool = False) -> Category:
        return self._get(Category, category_id(code), f"no category {code!r}", "category", shared=shared)
