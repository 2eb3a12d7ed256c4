"""The KORUS FTA, its Joint Committee, and USTR's 2017 request for a special session."""

import datetime

import pytest

import korus
from korus import Economy
from korus.agreements import (
    Agreement,
    Amendment,
    JointCommitteeRequest,
    LocalDate,
    Place,
    RequestStatus,
    Session,
)

D = datetime.date
REQUEST = JointCommitteeRequest.korus_2017()


def test_the_korus_fta_as_data():
    fta = Agreement.named("KORUS")
    assert fta.parties == (Economy("KOR"), Economy("USA"))
    assert fta.signed == D(2007, 6, 30)
    assert fta.in_force == D(2012, 3, 15)
    assert not fta.is_in_force(D(2012, 3, 14))
    assert fta.is_in_force(D(2012, 3, 15))
    supplement = fta.text_on(D(2012, 3, 15))
    assert (supplement.concluded, supplement.signed) == (D(2010, 12, 3), D(2011, 2, 10))
    assert fta.text_on(D(2017, 7, 12)) is supplement
    assert fta.text_on(D(2018, 12, 31)) is supplement
    assert fta.text_on(D(2019, 1, 1)).signed == D(2018, 9, 24)
    rule = fta.joint_committee.special_sessions
    assert (rule.days, rule.in_other_party_territory, rule.unless_otherwise_agreed) == (
        30,
        True,
        True,
    )
    assert "Unless the Parties otherwise agree" in rule.text
    with pytest.raises(korus.InvalidValueError, match="not in force"):
        fta.text_on(D(2011, 1, 1))


def test_an_amendment_is_concluded_before_it_is_signed():
    with pytest.raises(korus.InvalidValueError, match="concluded"):
        Amendment("letters", D(2011, 2, 10), D(2012, 3, 15), concluded=D(2011, 3, 1))
    with pytest.raises(korus.InvalidTypeError, match="concluded"):
        Amendment("letters", D(2011, 2, 10), concluded="2010-12-03")


def test_nafta_as_the_model_named():
    nafta = Agreement.named("nafta")
    assert [p.code for p in nafta.parties] == ["CAN", "MEX", "USA"]
    assert nafta.signed == D(1992, 12, 17)
    assert nafta.is_in_force(D(2017, 7, 12))
    assert not nafta.is_in_force(D(2020, 7, 1))
    assert nafta.replaced_by == "USMCA"
    assert nafta.joint_committee is None
    # What replaced it is an agreement of its own, in force the day NAFTA ended.
    usmca = Agreement.named(nafta.replaced_by)
    assert [p.code for p in usmca.parties] == ["CAN", "MEX", "USA"]
    assert (usmca.signed, usmca.in_force) == (D(2018, 11, 30), D(2020, 7, 1))
    assert usmca.is_in_force(D(2020, 7, 1))
    assert not usmca.is_in_force(D(2020, 6, 30))


def test_the_special_session_rule_cites_its_subparagraph_under_its_chapeau():
    rule = Agreement.named("KORUS").joint_committee.special_sessions
    assert rule.article == "22.2.4(b)"
    assert rule.text.startswith(
        "Unless the Parties otherwise agree, the Joint Committee shall convene:"
    )
    assert rule.unless_otherwise_agreed


def test_the_2017_request_and_its_deadline():
    assert REQUEST.requesting == Economy("USA")
    assert REQUEST.requested == Economy("KOR")
    assert REQUEST.sender.name == "Robert Lighthizer"
    assert REQUEST.recipient.title == "Minister of Trade, Industry and Energy"
    assert REQUEST.deadline() == LocalDate(D(2017, 8, 11), Place.named("washington"))
    assert REQUEST.days_remaining(D(2017, 7, 12)) == 30
    assert REQUEST.days_remaining(D(2017, 8, 11)) == 0
    assert REQUEST.days_remaining(D(2017, 8, 22)) == -11


def test_seen_from_seouls_calendar():
    # Korea's ministry dated the letter July 13: counted from its receipt, the last day is
    # August 12 in Korea. korus counts from where the request was made unless asked.
    assert REQUEST.received.date == D(2017, 7, 13)
    assert REQUEST.deadline(counted_from="received") == LocalDate(
        D(2017, 8, 12), Place.named("sejong")
    )
    # The two deadlines end 11 hours apart: a day later, in a place 13 hours ahead in summer.
    gap = REQUEST.deadline(counted_from="received").end_instant() - REQUEST.deadline().end_instant()
    assert gap == datetime.timedelta(hours=11)
    # Either way the first session (August 22) came after the limit.
    first = REQUEST.first_session
    assert not korus.agreements.within_time_limit(
        first.held.date, REQUEST.deadline(counted_from="received").date
    )


def test_status_over_time():
    assert REQUEST.status(D(2017, 7, 12)) is RequestStatus.PENDING
    assert REQUEST.status(D(2017, 8, 11)) is RequestStatus.PENDING
    assert REQUEST.status(D(2017, 8, 12)) is RequestStatus.AGREED_TO_MEET_LATER
    assert REQUEST.status(D(2017, 8, 22)) is RequestStatus.CONVENED_LATER_BY_AGREEMENT
    assert (
        str(RequestStatus.CONVENED_LATER_BY_AGREEMENT.value)
        == "convened later by agreement of the Parties"
    )


def test_without_the_agreement_the_limit_passed():
    sessions = [Session(s.held, by_agreement=False) for s in REQUEST.sessions]
    no_agreement = REQUEST.__class__(
        REQUEST.agreement,
        REQUEST.article,
        REQUEST.requesting,
        REQUEST.requested,
        REQUEST.made,
        sessions=sessions,
    )
    assert no_agreement.status(D(2017, 12, 31)) is RequestStatus.LIMIT_PASSED_WITHOUT_AGREEMENT
    assert no_agreement.status(D(2017, 8, 15)) is RequestStatus.LIMIT_PASSED_WITHOUT_AGREEMENT


def test_a_status_has_no_hindsight():
    # On 2017-08-15 Korea had replied (2017-07-25), agreeing to meet; that the session of
    # 2017-08-22 would later be recorded one way or the other was not known yet.
    for by_agreement in (True, False):
        sessions = [Session(s.held, by_agreement=by_agreement) for s in REQUEST.sessions]
        request = REQUEST.__class__(
            REQUEST.agreement,
            REQUEST.article,
            REQUEST.requesting,
            REQUEST.requested,
            REQUEST.made,
            reply=REQUEST.reply,
            sessions=sessions,
        )
        assert request.status(D(2017, 8, 15)) is RequestStatus.AGREED_TO_MEET_LATER
    before_reply = REQUEST.__class__(
        REQUEST.agreement,
        REQUEST.article,
        REQUEST.requesting,
        REQUEST.requested,
        REQUEST.made,
        reply=LocalDate(D(2017, 8, 20), Place.named("seoul")),
        sessions=REQUEST.sessions,
    )
    assert before_reply.status(D(2017, 8, 15)) is RequestStatus.LIMIT_PASSED_WITHOUT_AGREEMENT


def test_a_session_within_thirty_days_convenes_within_the_limit():
    request = _request(sessions=[Session(LocalDate(D(2017, 8, 11), Place.named("seoul")))])
    assert request.status(D(2017, 8, 11)) is RequestStatus.CONVENED_WITHIN_LIMIT
    late = _request(sessions=[Session(LocalDate(D(2017, 8, 12), Place.named("seoul")))])
    assert late.status(D(2017, 8, 12)) is RequestStatus.LIMIT_PASSED_WITHOUT_AGREEMENT


def test_venues():
    seoul, washington = REQUEST.sessions
    assert REQUEST.venue_follows_the_rule(seoul)  # the other Party's territory
    assert REQUEST.venue_follows_the_rule(washington)  # by agreement
    assert not REQUEST.venue_follows_the_rule(Session(washington.held, by_agreement=False))


def _request(**changes):
    fields = {
        "agreement": Agreement.named("KORUS"),
        "article": "22.2",
        "requesting": Economy("USA"),
        "requested": Economy("KOR"),
        "made": LocalDate(D(2017, 7, 12), Place.named("washington")),
    }
    fields.update(changes)
    return JointCommitteeRequest(**fields)


@pytest.mark.parametrize(
    ("changes", "error", "field", "shown"),
    [
        ({"requesting": Economy("JPN")}, korus.MismatchError, "requesting", "JPN"),
        ({"requested": Economy("CAN")}, korus.MismatchError, "requested", "CAN"),
        ({"requested": Economy("USA")}, korus.InvalidValueError, "requested", "USA"),
        (
            {"made": LocalDate(D(2011, 7, 12), Place.named("washington"))},
            korus.MismatchError,
            "made",
            "2011-07-12",
        ),
        (
            {"sessions": [Session(LocalDate(D(2017, 7, 10), Place.named("seoul")))]},
            korus.InvalidValueError,
            "sessions[0]",
            "2017-07-10",
        ),
        (
            {"agreement": Agreement.named("NAFTA"), "requested": Economy("CAN")},
            korus.MismatchError,
            "agreement",
            "NAFTA",
        ),
        ({"sessions": ["2017-08-22"]}, korus.InvalidTypeError, "sessions[0]", "2017-08-22"),
    ],
)
def test_bad_requests(changes, error, field, shown):
    with pytest.raises(error) as info:
        _request(**changes)
    assert info.value.field == field
    assert shown in str(info.value)


def test_a_session_on_the_same_day_in_seoul_is_not_before_the_request():
    # July 12 in Seoul ends at 10:59 on July 12 in Washington: not before the request's day.
    request = _request(sessions=[Session(LocalDate(D(2017, 7, 12), Place.named("seoul")))])
    assert request.status(D(2017, 7, 12)) is RequestStatus.CONVENED_WITHIN_LIMIT


@pytest.mark.parametrize(
    ("call", "error", "field", "shown"),
    [
        (lambda: Agreement.named("TPP"), korus.UnknownCodeError, "short_name", "TPP"),
        (
            lambda: Agreement(
                "X", "X", [Economy("USA"), Economy("KOR")], D(2012, 1, 1), D(2011, 1, 1)
            ),
            korus.InvalidValueError,
            "in_force",
            "2011",
        ),
        (
            lambda: Agreement("X", "X", [Economy("USA")], None, D(2011, 1, 1)),
            korus.InvalidValueError,
            "parties",
            "USA",
        ),
        (
            lambda: Agreement(
                "X", "X", [Economy("USA"), Economy("KOR")], None, D(2011, 1, 1), ended=D(2010, 1, 1)
            ),
            korus.InvalidValueError,
            "ended",
            "2010",
        ),
        (
            lambda: korus.agreements.Amendment("P", D(2018, 9, 24), D(2018, 1, 1)),
            korus.InvalidValueError,
            "in_force",
            "2018, 1, 1",
        ),
        (
            lambda: Place("Nowhere", Economy("USA"), "Mars/Olympus"),
            korus.UnknownCodeError,
            "timezone",
            "Mars",
        ),
        (lambda: Place.named("atlantis"), korus.UnknownCodeError, "key", "atlantis"),
        (
            lambda: korus.agreements.deadline(D(2017, 7, 12), 0),
            korus.InvalidValueError,
            "days",
            "0",
        ),
        (
            lambda: korus.agreements.deadline("2017-07-12", 30),
            korus.InvalidTypeError,
            "day",
            "2017-07-12",
        ),
        # Found by the fuzz test: the last day would fall after 9999-12-31.
        (
            lambda: korus.agreements.deadline(D(2000, 1, 1), 2921940),
            korus.InvalidValueError,
            "days",
            "2921940",
        ),
        (
            lambda: korus.agreements.deadline(D(9999, 12, 31), 1),
            korus.InvalidValueError,
            "days",
            "1",
        ),
        (
            lambda: REQUEST.deadline(counted_from="sent"),
            korus.InvalidValueError,
            "counted_from",
            "sent",
        ),
    ],
)
def test_bad_agreements(call, error, field, shown):
    with pytest.raises(error) as info:
        call()
    assert info.value.field == field
    assert shown in str(info.value)
