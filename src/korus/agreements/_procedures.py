"""Trade agreements, their joint committees, and requests for a committee's special session.

The rules are data: a special session must convene "within 30 days of the request of a Party"
(KORUS FTA Article 22.2, paragraph 4(b)), "in the territory of the other Party", each rule qualified by
"unless the Parties otherwise agree". korus keeps the rule, its article and its qualifier
together, and works out deadlines and a request's status from the facts.

Dates depend on where they happen: USTR's letter went out on July 12, 2017 in Washington, when
it was already July 13 in Seoul. korus keeps every date of a procedure with its place
(:class:`LocalDate`), and counts a time limit in the calendar of the place where the request
was made unless asked to count from its receipt.
"""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import tomllib
import zoneinfo
from typing import Any, Final

import attrs

from korus._economy import Economy
from korus._enum import KorusEnum
from korus._errors import (
    InvalidTypeError,
    InvalidValueError,
    MismatchError,
    UnknownCodeError,
)
from korus._validate import instance_of, items, optional_text, text


def _date(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise InvalidTypeError(
            attribute.name, value, f"must be a datetime.date, not {type(value).__name__}"
        )


def _optional_date(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _date(instance, attribute, value)


def _timezone(instance: object, attribute: attrs.Attribute[str], value: Any) -> None:
    text(instance, attribute, value)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a name that is a folder of the time-zone database ("America"), not a zone.
        raise UnknownCodeError("timezone", value, "is not an IANA time zone name") from None


@attrs.frozen(cache_hash=True)
class Place:
    """A place where something in a procedure happened, in an economy and a time zone.

    >>> Place("Seoul", Economy("KOR"), "Asia/Seoul")
    Place(name='Seoul', economy=Economy('KOR'), timezone='Asia/Seoul')
    """

    name: str = attrs.field(validator=text)
    economy: Economy = attrs.field(validator=instance_of(Economy))
    timezone: str = attrs.field(validator=_timezone)

    @classmethod
    def named(cls, key: str) -> Place:
        """A place korus's data uses: ``"washington"``, ``"seoul"``, ``"sejong"``, ``"new_york"``.

        >>> Place.named("seoul").timezone
        'Asia/Seoul'
        """
        if not isinstance(key, str):
            raise InvalidTypeError("key", key, "must be a str")
        places = _places()
        try:
            return places[key.strip().lower()]
        except KeyError:
            raise UnknownCodeError(
                "key", key, f"is not a place korus knows: {', '.join(places)}"
            ) from None


_MICROSECOND: Final = datetime.timedelta(microseconds=1)


def _first_moment(day: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """The first instant whose local date, in the zone, is the day."""
    midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    utc = midnight.astimezone(datetime.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == midnight.replace(tzinfo=None):
        return midnight  # midnight existed (the first of two, where the clocks went back)
    # Midnight fell in a gap: the day began when the gap ended, somewhere between midnight on
    # the later offset (still the day before) and midnight on the earlier one (already the day).
    # Offsets change on whole seconds.
    before = int(midnight.replace(fold=1).astimezone(datetime.UTC).timestamp())
    after = int(utc.timestamp())
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.datetime.fromtimestamp(middle, zone).date() >= day:
            after = middle
        else:
            before = middle
    return datetime.datetime.fromtimestamp(after, zone)


@attrs.frozen(cache_hash=True, order=False)
class LocalDate:
    """A calendar date as it was where something happened.

    July 12 in Washington and July 13 in Seoul can be the same moment; a date without its place
    cannot say which.

    >>> washington = Place("Washington, D.C.", Economy("USA"), "America/New_York")
    >>> LocalDate(datetime.date(2017, 7, 12), washington).end_instant().isoformat()
    '2017-07-12T23:59:59.999999-04:00'
    """

    date: datetime.date = attrs.field(validator=_date)
    place: Place = attrs.field(validator=instance_of(Place))

    def start_instant(self) -> datetime.datetime:
        """The first moment of this day at its place, as an aware datetime.

        Where the clocks skipped midnight (São Paulo moved them from 00:00 to 01:00 on
        2018-11-04), the day began when they did, at the first time that existed:

        >>> sao_paulo = Place("São Paulo", Economy("BRA"), "America/Sao_Paulo")
        >>> LocalDate(datetime.date(2018, 11, 4), sao_paulo).start_instant().isoformat()
        '2018-11-04T01:00:00-02:00'
        """
        return _first_moment(self.date, zoneinfo.ZoneInfo(self.place.timezone))

    def end_instant(self) -> datetime.datetime:
        """The last moment of this day at its place (a microsecond before the next day began),
        as an aware datetime."""
        zone = zoneinfo.ZoneInfo(self.place.timezone)
        following = _first_moment(self.date + datetime.timedelta(days=1), zone)
        return (following.astimezone(datetime.UTC) - _MICROSECOND).astimezone(zone)

    def __str__(self) -> str:
        return f"{self.date.isoformat()} ({self.place.name})"


@attrs.frozen(cache_hash=True)
class Official:
    """A person acting for a Party, with the title they held.

    >>> Official("Robert Lighthizer", "United States Trade Representative")
    Official(name='Robert Lighthizer', title='United States Trade Representative')
    """

    name: str = attrs.field(validator=text)
    title: str = attrs.field(validator=text)


def _check_days(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError("days", value, f"must be an int, not {type(value).__name__}")
    if value < 1:
        raise InvalidValueError("days", value, "must be at least 1")


def _positive_days(instance: object, attribute: attrs.Attribute[int], value: Any) -> None:
    _check_days(value)


def _co_chairs(value: Any) -> tuple[str, ...]:
    chairs = tuple(items(value, "co_chairs"))
    if not chairs or not all(isinstance(c, str) and c.strip() for c in chairs):
        raise InvalidValueError("co_chairs", chairs, "must name at least one co-chair, as text")
    return chairs


@attrs.frozen(cache_hash=True)
class SpecialSessionRule:
    """When and where a joint committee must meet in special session after a request.

    ``unless_otherwise_agreed`` records the qualifier that lets the Parties set another date
    or place; without it the limits are absolute.

    >>> rule = Agreement.named("KORUS").joint_committee.special_sessions
    >>> rule.days, rule.article, rule.unless_otherwise_agreed
    (30, '22.2.4(b)', True)
    """

    days: int = attrs.field(validator=_positive_days)
    article: str = attrs.field(validator=text)
    in_other_party_territory: bool = attrs.field(
        default=True, kw_only=True, validator=instance_of(bool, "in_other_party_territory")
    )
    unless_otherwise_agreed: bool = attrs.field(
        default=True, kw_only=True, validator=instance_of(bool, "unless_otherwise_agreed")
    )
    text: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)


@attrs.frozen(cache_hash=True)
class JointCommittee:
    """An agreement's joint committee: who co-chairs it and when it meets.

    >>> Agreement.named("KORUS").joint_committee.co_chairs
    ('United States Trade Representative', 'Minister for Trade of Korea')
    """

    name: str = attrs.field(validator=text)
    article: str = attrs.field(validator=text)
    co_chairs: tuple[str, ...] = attrs.field(converter=_co_chairs)
    regular_sessions: str = attrs.field(validator=text)
    special_sessions: SpecialSessionRule = attrs.field(validator=instance_of(SpecialSessionRule))


@attrs.frozen(cache_hash=True)
class Amendment:
    """A protocol or exchange of letters amending an agreement, with its own dates.

    ``concluded`` is when the negotiators settled the text, where that came before the signing
    (the KORUS FTA's supplemental agreement was concluded in December 2010 and signed as an
    exchange of letters on 2011-02-10).

    >>> Amendment("Protocol amending the KORUS FTA (2018)", datetime.date(2018, 9, 24), datetime.date(2019, 1, 1))
    Amendment(name='Protocol amending the KORUS FTA (2018)', signed=datetime.date(2018, 9, 24), in_force=datetime.date(2019, 1, 1), concluded=None)
    """

    name: str = attrs.field(validator=text)
    signed: datetime.date = attrs.field(validator=_date)
    in_force: datetime.date | None = attrs.field(default=None, validator=_optional_date)
    concluded: datetime.date | None = attrs.field(
        default=None, kw_only=True, validator=_optional_date
    )

    def __attrs_post_init__(self) -> None:
        if self.in_force is not None and self.in_force < self.signed:
            raise InvalidValueError(
                "in_force", self.in_force, f"comes before the amendment was signed ({self.signed})"
            )
        if self.concluded is not None and self.concluded > self.signed:
            raise InvalidValueError(
                "concluded", self.concluded, f"comes after the amendment was signed ({self.signed})"
            )


def _parties(value: Any) -> tuple[Economy, ...]:
    parties = tuple(items(value, "parties"))
    for party in parties:
        if not isinstance(party, Economy):
            raise InvalidTypeError(
                "parties", party, f"must be an Economy, not {type(party).__name__}"
            )
    if len(parties) < 2 or len(set(parties)) != len(parties):
        raise InvalidValueError(
            "parties", parties, "an agreement has two or more different parties"
        )
    return tuple(sorted(parties))


def _amendments(value: Any) -> tuple[Amendment, ...]:
    amendments = tuple(items(value, "amendments"))
    for index, amendment in enumerate(amendments):
        if not isinstance(amendment, Amendment):
            raise InvalidTypeError(f"amendments[{index}]", amendment, "must be an Amendment")
    return amendments


def _sources(value: Any) -> tuple[str, ...]:
    sources = tuple(items(value, "sources"))
    for index, source in enumerate(sources):
        if not isinstance(source, str) or not source.strip():
            raise InvalidValueError(f"sources[{index}]", source, "must be non-empty text")
    return sources


@attrs.frozen(cache_hash=True)
class Agreement:
    """A trade agreement: its parties, dates, amendments and institutions.

    >>> korus_fta = Agreement.named("KORUS")
    >>> [p.code for p in korus_fta.parties], korus_fta.in_force
    (['KOR', 'USA'], datetime.date(2012, 3, 15))
    >>> korus_fta.is_in_force(datetime.date(2017, 7, 12))
    True
    >>> korus_fta.text_on(datetime.date(2017, 7, 12)).name
    'Exchange of letters of 2011-02-10 (supplemental agreement of December 2010)'
    >>> korus_fta.text_on(datetime.date(2019, 6, 1)).name
    'Protocol amending the KORUS FTA (2018)'
    """

    name: str = attrs.field(validator=text)
    short_name: str = attrs.field(validator=text)
    parties: tuple[Economy, ...] = attrs.field(converter=_parties)
    signed: datetime.date | None = attrs.field(validator=_optional_date)
    in_force: datetime.date = attrs.field(validator=_date)
    amendments: tuple[Amendment, ...] = attrs.field(default=(), converter=_amendments, kw_only=True)
    ended: datetime.date | None = attrs.field(default=None, kw_only=True, validator=_optional_date)
    replaced_by: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    joint_committee: JointCommittee | None = attrs.field(default=None, kw_only=True)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_sources, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.signed is not None and self.in_force < self.signed:
            raise InvalidValueError(
                "in_force", self.in_force, f"comes before the agreement was signed ({self.signed})"
            )
        if self.ended is not None and self.ended <= self.in_force:
            raise InvalidValueError(
                "ended", self.ended, f"must come after entry into force ({self.in_force})"
            )
        for index, amendment in enumerate(self.amendments):
            if self.signed is not None and amendment.signed < self.signed:
                raise InvalidValueError(
                    f"amendments[{index}].signed",
                    amendment.signed,
                    f"comes before the agreement was signed ({self.signed})",
                )
        if self.joint_committee is not None and not isinstance(
            self.joint_committee, JointCommittee
        ):
            raise InvalidTypeError(
                "joint_committee", self.joint_committee, "must be a JointCommittee"
            )

    @classmethod
    def named(cls, short_name: str) -> Agreement:
        """One of the agreements korus ships, by short name: ``"KORUS"`` or ``"NAFTA"``.

        >>> Agreement.named("NAFTA").replaced_by
        'USMCA'
        """
        if not isinstance(short_name, str):
            raise InvalidTypeError("short_name", short_name, "must be a str")
        agreements = _builtin_agreements()
        try:
            return agreements[short_name.strip().upper()]
        except KeyError:
            raise UnknownCodeError(
                "short_name",
                short_name,
                f"is not an agreement korus knows: {', '.join(agreements)}",
            ) from None

    def is_in_force(self, day: datetime.date) -> bool:
        """Whether the agreement was in force on ``day``."""
        _check_day(day)
        return self.in_force <= day and (self.ended is None or day < self.ended)

    def text_on(self, day: datetime.date) -> Agreement | Amendment:
        """The text that applied on ``day``: the agreement as signed, or the latest amendment
        in force by then (an amendment in force with the agreement applied from its first day).

        :raises InvalidValueError: when the agreement was not in force on ``day``.
        """
        if not self.is_in_force(day):
            raise InvalidValueError("day", day, f"the {self.short_name} was not in force then")
        applied: Agreement | Amendment = self
        for amendment in sorted(self.amendments, key=lambda a: a.in_force or datetime.date.max):
            if amendment.in_force is not None and amendment.in_force <= day:
                applied = amendment
        return applied

    def is_party(self, economy: Economy) -> bool:
        """Whether ``economy`` is a party to the agreement."""
        return economy in self.parties


def _check_day(day: Any) -> None:
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise InvalidTypeError("day", day, f"must be a datetime.date, not {type(day).__name__}")


class RequestStatus(KorusEnum):
    """Where a request for a special session stands.

    - ``PENDING``: no session yet, and the time limit has not passed.
    - ``CONVENED_WITHIN_LIMIT``: a session met on or before the deadline.
    - ``CONVENED_LATER_BY_AGREEMENT``: the first session met after the deadline, on a date
      the Parties agreed.
    - ``AGREED_TO_MEET_LATER``: the deadline passed with no session, and the Parties agreed to
      meet later.
    - ``LIMIT_PASSED_WITHOUT_AGREEMENT``: the deadline passed with no session and no agreement
      of the Parties.
    """

    PENDING = "pending"
    CONVENED_WITHIN_LIMIT = "convened within the time limit"
    CONVENED_LATER_BY_AGREEMENT = "convened later by agreement of the Parties"
    AGREED_TO_MEET_LATER = "agreed to meet after the time limit"
    LIMIT_PASSED_WITHOUT_AGREEMENT = "time limit passed without agreement"


@attrs.frozen(cache_hash=True)
class Session:
    """A meeting of the committee held in answer to a request.

    ``by_agreement`` records that the Parties agreed on its date or place, which is what lets a
    session meet after the time limit, or away from the other Party's territory.

    >>> first = JointCommitteeRequest.korus_2017().first_session
    >>> str(first.held), first.by_agreement
    ('2017-08-22 (Seoul)', True)
    """

    held: LocalDate = attrs.field(validator=instance_of(LocalDate))
    by_agreement: bool = attrs.field(
        default=False, kw_only=True, validator=instance_of(bool, "by_agreement")
    )
    note: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)


def _session_order(session: Session) -> tuple[Any, ...]:
    # A total order on every field, so that the same facts in any order make the same request.
    held = session.held
    return (
        held.date,
        held.place.name,
        held.place.timezone,
        held.place.economy.code,
        session.by_agreement,
        session.note or "",
    )


def _sessions(value: Any) -> tuple[Session, ...]:
    sessions = tuple(items(value, "sessions"))
    for index, session in enumerate(sessions):
        if not isinstance(session, Session):
            raise InvalidTypeError(f"sessions[{index}]", session, "must be a Session")
    # Order of the facts does not matter: they are kept sorted by date.
    return tuple(sorted(sessions, key=_session_order))


def deadline(requested: datetime.date, days: int) -> datetime.date:
    """The last day of a limit of ``days`` days counted from a request on ``requested``.

    The day of the request does not count; the limit runs out at the end of the last day.

    >>> deadline(datetime.date(2017, 7, 12), 30)
    datetime.date(2017, 8, 11)
    """
    _check_day(requested)
    _check_days(days)
    try:
        return requested + datetime.timedelta(days=days)
    except OverflowError:
        # timedelta itself overflows past 999,999,999 days, date past 9999-12-31.
        raise InvalidValueError(
            "days",
            days,
            f"counted from {requested.isoformat()} runs past {datetime.date.max.isoformat()}",
        ) from None


def within_time_limit(held: datetime.date, last_day: datetime.date) -> bool:
    """Whether a session held on ``held`` met a limit whose last day is ``last_day``.

    >>> within_time_limit(datetime.date(2017, 8, 22), datetime.date(2017, 8, 11))
    False
    """
    _check_day(held)
    _check_day(last_day)
    return held <= last_day


@attrs.frozen(cache_hash=True)
class JointCommitteeRequest:
    """A Party's request that an agreement's joint committee meet in special session.

    Dates are kept where they happened. The time limit is counted in the calendar of the place
    where the request was made; :meth:`deadline` can count from its receipt instead, when that
    is the question (Korea's ministry dated the same letter July 13, in Seoul). A session meets
    the limit when its own local date is on or before the deadline.

    >>> request = JointCommitteeRequest.korus_2017()
    >>> str(request.deadline())
    '2017-08-11 (Washington, D.C.)'
    >>> request.status(datetime.date(2017, 12, 31))
    RequestStatus.CONVENED_LATER_BY_AGREEMENT
    """

    agreement: Agreement = attrs.field(validator=instance_of(Agreement))
    article: str = attrs.field(validator=text)
    requesting: Economy = attrs.field(validator=instance_of(Economy))
    requested: Economy = attrs.field(validator=instance_of(Economy))
    made: LocalDate = attrs.field(validator=instance_of(LocalDate))
    sender: Official | None = attrs.field(default=None, kw_only=True)
    recipient: Official | None = attrs.field(default=None, kw_only=True)
    received: LocalDate | None = attrs.field(default=None, kw_only=True)
    purpose: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    proposed_venue: Place | None = attrs.field(default=None, kw_only=True)
    reply: LocalDate | None = attrs.field(default=None, kw_only=True)
    sessions: tuple[Session, ...] = attrs.field(default=(), kw_only=True, converter=_sessions)

    def __attrs_post_init__(self) -> None:
        agreement = self.agreement
        for field in ("requesting", "requested"):
            party = getattr(self, field)
            if not agreement.is_party(party):
                raise MismatchError(field, party, f"is not a party to the {agreement.short_name}")
        if self.requesting == self.requested:
            raise InvalidValueError(
                "requested", self.requested, "must differ from the requesting Party"
            )
        if agreement.joint_committee is None:
            raise MismatchError(
                "agreement", agreement.short_name, "has no joint committee in korus's data"
            )
        if not agreement.is_in_force(self.made.date):
            raise MismatchError(
                "made", str(self.made), f"the {agreement.short_name} was not in force that day"
            )
        for field in ("sender", "recipient"):
            value = getattr(self, field)
            if value is not None and not isinstance(value, Official):
                raise InvalidTypeError(field, value, "must be an Official")
        for field in ("received", "reply"):
            value = getattr(self, field)
            if value is not None and not isinstance(value, LocalDate):
                raise InvalidTypeError(field, value, "must be a LocalDate")
        if self.proposed_venue is not None and not isinstance(self.proposed_venue, Place):
            raise InvalidTypeError("proposed_venue", self.proposed_venue, "must be a Place")
        # Across time zones a later fact may carry an earlier date (July 12 in Washington is
        # already July 13 in Seoul, and July 12 in Seoul ends on July 12 in Washington): a
        # fact comes before the request only if its whole day ended before the request's began.
        began = self.made.start_instant()
        for name, value in (
            ("received", self.received),
            ("reply", self.reply),
            *((f"sessions[{i}]", s.held) for i, s in enumerate(self.sessions)),
        ):
            if value is not None and value.end_instant() < began:
                raise InvalidValueError(name, str(value), f"comes before the request ({self.made})")

    @property
    def rule(self) -> SpecialSessionRule:
        """The agreement's rule for special sessions."""
        assert self.agreement.joint_committee is not None  # checked when the request was made
        return self.agreement.joint_committee.special_sessions

    def deadline(self, *, counted_from: str = "made") -> LocalDate:
        """The last day for the committee to convene, with the calendar it is counted in.

        :param counted_from: ``"made"`` (the rule korus applies: the date where the request was
            made) or ``"received"`` (the date where it was received).
        """
        if counted_from == "made":
            start = self.made
        elif counted_from == "received":
            if self.received is None:
                raise InvalidValueError(
                    "counted_from", counted_from, "the request has no receipt date"
                )
            start = self.received
        else:
            raise InvalidValueError("counted_from", counted_from, "must be 'made' or 'received'")
        return LocalDate(deadline(start.date, self.rule.days), start.place)

    def days_remaining(self, on: datetime.date) -> int:
        """Days left until the deadline on ``on`` (0 on the last day, negative after it)."""
        _check_day(on)
        return (self.deadline().date - on).days

    @property
    def first_session(self) -> Session | None:
        """The first session held in answer to the request, if any."""
        return self.sessions[0] if self.sessions else None

    def status(self, on: datetime.date) -> RequestStatus:
        """Where the request stood on ``on``.

        Only what had happened by ``on`` counts: sessions held later, and a reply sent later,
        are not looked at. Once the deadline has passed with no session, the request is
        ``AGREED_TO_MEET_LATER`` if the requested Party had replied by then (``reply`` records
        its reply agreeing to meet, which is the Parties' agreement the rule's "unless the
        Parties otherwise agree" admits), and ``LIMIT_PASSED_WITHOUT_AGREEMENT`` otherwise. The
        result depends on the facts only, never on the order they were given in.
        """
        _check_day(on)
        last_day = self.deadline().date
        held = [s for s in self.sessions if s.held.date <= on]
        if held:
            first = held[0]
            if within_time_limit(first.held.date, last_day):
                return RequestStatus.CONVENED_WITHIN_LIMIT
            if first.by_agreement and self.rule.unless_otherwise_agreed:
                return RequestStatus.CONVENED_LATER_BY_AGREEMENT
            return RequestStatus.LIMIT_PASSED_WITHOUT_AGREEMENT
        if on <= last_day:
            return RequestStatus.PENDING
        # The Parties' agreement is known once the requested Party has replied; a session held
        # after `on` is not known on `on`, so it is not looked at.
        replied = self.reply is not None and self.reply.date <= on
        if replied and self.rule.unless_otherwise_agreed:
            return RequestStatus.AGREED_TO_MEET_LATER
        return RequestStatus.LIMIT_PASSED_WITHOUT_AGREEMENT

    def venue_follows_the_rule(self, session: Session) -> bool:
        """Whether ``session`` met where the rule says: in the other Party's territory, or
        wherever the Parties agreed."""
        if not isinstance(session, Session):
            raise InvalidTypeError("session", session, "must be a Session")
        if session.by_agreement and self.rule.unless_otherwise_agreed:
            return True
        return not self.rule.in_other_party_territory or (
            session.held.place.economy == self.requested
        )

    @classmethod
    def korus_2017(cls) -> JointCommitteeRequest:
        """USTR's request of July 12, 2017 for a special session under KORUS Article 22.2,
        with Korea's reply and both special sessions of 2017, from korus's data."""
        return _builtin_requests()["KORUS-2017"]


# ------------------------------------------------------------------------ built-in data


def _read_data() -> dict[str, Any]:
    text = importlib.resources.files("korus.data").joinpath("agreements.toml").read_text("utf-8")
    return tomllib.loads(text)


def _local(entry: dict[str, Any], places: dict[str, Place]) -> LocalDate:
    return LocalDate(entry["date"], places[entry["place"]])


@functools.cache
def _places() -> dict[str, Place]:
    return {
        key: Place(value["name"], Economy(value["economy"]), value["timezone"])
        for key, value in _read_data()["places"].items()
    }


@functools.cache
def _builtin_agreements() -> dict[str, Agreement]:
    result = {}
    for key, entry in _read_data()["agreements"].items():
        committee = None
        if "joint_committee" in entry:
            jc = entry["joint_committee"]
            special = jc["special_sessions"]
            committee = JointCommittee(
                jc["name"],
                jc["article"],
                jc["co_chairs"],
                jc["regular_sessions"],
                SpecialSessionRule(
                    special["days"],
                    special["article"],
                    in_other_party_territory=special["in_other_party_territory"],
                    unless_otherwise_agreed=special["unless_otherwise_agreed"],
                    text=special.get("text"),
                ),
            )
        result[key] = Agreement(
            entry["name"],
            key,
            [Economy(code) for code in entry["parties"]],
            entry.get("signed"),
            entry["in_force"],
            amendments=tuple(
                Amendment(a["name"], a["signed"], a.get("in_force"), concluded=a.get("concluded"))
                for a in entry.get("amendments", [])
            ),
            ended=entry.get("ended"),
            replaced_by=entry.get("replaced_by"),
            joint_committee=committee,
            sources=tuple(entry.get("sources", [])),
        )
    return result


@functools.cache
def _builtin_requests() -> dict[str, JointCommitteeRequest]:
    places = _places()
    result = {}
    for key, entry in _read_data()["requests"].items():
        result[key] = JointCommitteeRequest(
            Agreement.named(entry["agreement"]),
            entry["article"],
            Economy(entry["requesting"]),
            Economy(entry["requested"]),
            _local(entry["made"], places),
            sender=Official(**entry["sender"]),
            recipient=Official(**entry["recipient"]),
            received=_local(entry["received"], places),
            purpose=entry["purpose"],
            proposed_venue=places[entry["proposed_venue"]],
            reply=_local(entry["reply"], places),
            sessions=[
                Session(_local(s, places), by_agreement=s["by_agreement"], note=s.get("note"))
                for s in entry["sessions"]
            ],
        )
    return result
