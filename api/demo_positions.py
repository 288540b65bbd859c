"""The demo's community posts: every candidate through the joint review (one failed by a unit, one
left unanswered past its deadline), secretaries and directors appointed so that one street stands at
about 80% 一肩挑, reserves for most secretaries, and a year of organisation life, kept or missed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from uuid import UUID

from api.demo_people import DemoHousehold
from domain.application import GridGov
from domain.positions.life import LifeKind
from domain.reviews.values import Post, Verdict
from domain.shared.clock import ManualClock

# Per street, the communities whose secretary does not also direct the committee (by position).
_SEPARATE = {"110101001": (), "110101002": (2, 5), "110101003": (4,)}


def load_positions(app: GridGov, clock: ManualClock, households: list[DemoHousehold]) -> int:
    """Returns how many joint reviews were run."""
    by_community: dict[str, list[DemoHousehold]] = defaultdict(list)
    for household in households:
        by_community[household.building[:12]].append(household)
    today = clock.now().date()
    reviews = 0
    for street, separate in _SEPARATE.items():
        communities = sorted(c for c in by_community if c.startswith(street))
        for n, community in enumerate(communities):
            people = [h.head for h in by_community[community]]
            secretary, director, reserve, failing, late = people[:5]
            posts = [(secretary, Post.SECRETARY), (reserve, Post.RESERVE)]
            posts.append((director, Post.DIRECTOR) if n in separate else (secretary, Post.DIRECTOR))
            reviewed: set[UUID] = set()
            for person, post in posts:
                if person not in reviewed:
                    _review(app, person, community, post)
                    reviews += 1
                    reviewed.add(person)
                app.appoint(node=community, post=post, person_id=person, valid_from=today, actor="office1")
            if n == 0:
                _review(app, failing, community, Post.MEMBER, fail_unit="GA")  # 公安: a record found
                _review(app, late, community, Post.MEMBER, silent_unit="FY")  # 法院 has not answered
                reviews += 2
            _organisation_life(app, community, today, kept=n % 3 != 2)
    return reviews


def _review(app: GridGov, person: UUID, community: str, post: Post, fail_unit: str = "", silent_unit: str = "") -> None:
    review = app.start_review(person_id=person, node=community, post=post, actor="office1")
    for unit in review.units:
        if unit == silent_unit:
            continue
        verdict = Verdict.FAIL if unit == fail_unit else Verdict.PASS
        basis = "经查有违法记录" if verdict is Verdict.FAIL else "经查无不良记录"
        app.answer_review(review.id, unit=unit, verdict=verdict, basis=basis, actor=f"review-{unit.lower()}")


def _organisation_life(app: GridGov, community: str, today: date, *, kept: bool) -> None:
    """This year's meetings and talks; a community that does not keep them stops in the summer."""
    year = today.year
    last_month = today.month if kept else 7
    for month in range(1, last_month + 1):
        held = date(year, month, 10)
        if held > today:
            break
        for kind in (LifeKind.PARTY_MEETING, LifeKind.THEMED_PARTY_DAY):
            app.record_organisation_life(
                node=community, kind=kind, held_on=held, planned_on=date(year, month, 2), attendees=25, actor="office1"
            )
        if month % 3 == 0:
            app.record_organisation_life(
                node=community, kind=LifeKind.ONE_TO_ONE_TALK, held_on=held, attendees=2, actor="office1"
            )
        if month in (3, 9):
            app.record_organisation_life(
                node=community, kind=LifeKind.RESERVE_TRAINING, held_on=held, attendees=12, actor="office1"
            )
        if month in (5, 11):
            app.record_organisation_life(
                node=community, kind=LifeKind.GROUP_TALK, held_on=held, attendees=8, actor="office1"
            )
