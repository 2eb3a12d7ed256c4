"""Laws of the Joint Committee procedure, for any dates."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

import korus
from korus import Economy
from korus.agreements import (
    Agreement,
    JointCommitteeRequest,
    LocalDate,
    Place,
    RequestStatus,
    Session,
)

DAYS = st.integers(1, 400)
REQUEST_DATES = st.dates(
    min_value=datetime.date(2012, 3, 15), max_value=datetime.date(2040, 12, 31)
)
PLACES = st.sampled_from(["washington", "seoul", "sejong", "new_york"]).map(Place.named)


@given(REQUEST_DATES, REQUEST_DATES, DAYS)
def test_the_deadline_is_monotone_in_the_request_date(a, b, days):
    if a <= b:
        assert korus.agreements.deadline(a, days) <= korus.agreements.deadline(b, days)


@given(REQUEST_DATES, DAYS, st.integers(0, 400))
def test_a_session_on_or_before_the_deadline_is_within_the_limit(requested, days, offset):
    last_day = korus.agreements.deadline(requested, days)
    held = requested + datetime.timedelta(days=min(offset, days))
    assert korus.agreements.within_time_limit(held, last_day)
    assert not korus.agreements.within_time_limit(last_day + datetime.timedelta(days=1), last_day)


@st.composite
def requests_with_sessions(draw):
    made = draw(REQUEST_DATES)
    sessions = draw(
        st.lists(
            st.builds(
                lambda offset, place, agreed: Session(
                    LocalDate(made + datetime.timedelta(days=offset), place), by_agreement=agreed
                ),
                st.integers(0, 90),
                PLACES,
                st.booleans(),
            ),
            max_size=4,
        )
    )
    reply = draw(
        st.none()
        | st.integers(0, 60).map(
            lambda d: LocalDate(made + datetime.timedelta(days=d), Place.named("sejong"))
        )
    )
    return made, sessions, reply


@given(requests_with_sessions(), st.randoms(), st.integers(0, 120))
def test_status_depends_on_the_facts_not_their_order(facts, random, days_after):
    made, sessions, reply = facts

    def request(order):
        return JointCommitteeRequest(
            Agreement.named("KORUS"),
            "22.2",
            Economy("USA"),
            Economy("KOR"),
            LocalDate(made, Place.named("washington")),
            reply=reply,
            sessions=order,
        )

    shuffled = list(sessions)
    random.shuffle(shuffled)
    on = made + datetime.timedelta(days=days_after)
    first, second = request(sessions), request(shuffled)
    assert first == second
    assert first.status(on) is second.status(on)
    # and the status agrees with the rule
    held = [s for s in sessions if s.held.date <= on]
    if held and min(s.held.date for s in held) <= first.deadline().date:
        assert first.status(on) is RequestStatus.CONVENED_WITHIN_LIMIT
    if not held and on <= first.deadline().date:
        assert first.status(on) is RequestStatus.PENDING
