"""The UN Comtrade API (comtradeapi.un.org): a query of korus types, split where an answer
would pass the API's cap, each request cached, every answer read by korus's strict reader."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from korus._economy import Economy
from korus._errors import FetchError, InvalidValueError, KorusError, ParseError
from korus._model import Direction, Provenance
from korus._period import Frequency, Period
from korus._product import Product
from korus.fetch._cache import Cache, CacheEntry, Request
from korus.fetch._http import Client, kept_or_fetched
from korus.fetch._keys import find_key
from korus.readers import (
    ComtradeData,
    ComtradeRecord,
    comtrade_code,
    read_comtrade_json,
    source_codes,
)

COMTRADE_API: Final = "https://comtradeapi.un.org"
#: The most records one answer holds: the public preview's, and a subscriber's.
PREVIEW_CAP: Final = 500
KEYED_CAP: Final = 250_000
#: Where korus looks for a subscription key when none is given (comtradr's name, then korus's).
KEY_VARIABLES: Final = ("COMTRADE_PRIMARY", "KORUS_COMTRADE_KEY")
_FLOWS: Final = {
    Direction.IMPORT: "M",
    Direction.EXPORT: "X",
    Direction.RE_IMPORT: "RM",
    Direction.RE_EXPORT: "RX",
}
_CLASSIFICATIONS: Final = ("HS", "H0", "H1", "H2", "H3", "H4", "H5", "H6")


@functools.cache
def _codes() -> dict[Economy, str]:
    codes: dict[Economy, str] = {}
    for source in source_codes("comtrade"):
        if source.economy is not None:
            codes.setdefault(source.economy, source.code)  # the Comtrade+ code comes first
    return codes


def _economies(field: str, values: Any) -> tuple[Economy, ...]:
    if isinstance(values, str | Economy | int):
        values = (values,)
    try:
        items = tuple(values)
    except TypeError:
        raise InvalidValueError(field, values, "must be an economy or several") from None
    found = []
    for value in items:
        economy = value if isinstance(value, Economy) else _economy(field, value)
        if economy not in _codes():
            raise InvalidValueError(field, value, "has no UN Comtrade code korus knows")
        found.append(economy)
    if not found:
        raise InvalidValueError(field, values, "names no economy")
    # In one order, so that one query is one request, whatever order it was written in.
    return tuple(sorted(set(found), key=lambda e: e.code))


def _economy(field: str, value: Any) -> Economy:
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            economy = comtrade_code(value).economy
        except KorusError:
            economy = None
        if economy is None:
            raise InvalidValueError(field, value, "is not a UN Comtrade economy code korus knows")
        return economy
    try:
        return Economy(value)
    except KorusError as error:
        raise InvalidValueError(field, value, error.reason) from None


def _partners(values: Any) -> tuple[Economy, ...] | None:
    return None if values is None else _economies("partners", values)


def _periods(values: Any) -> tuple[Period, ...]:
    if isinstance(values, str | int | Period):
        values = (values,)
    periods = []
    for value in values:
        period = value if isinstance(value, Period) else Period.parse(str(value))
        if period.frequency not in (Frequency.ANNUAL, Frequency.MONTHLY):
            raise InvalidValueError("periods", value, "Comtrade has years and months only")
        periods.append(period)
    if not periods:
        raise InvalidValueError("periods", values, "names no period")
    if len({p.frequency for p in periods}) > 1:
        raise InvalidValueError(
            "periods", values, "mixes years and months: one query, one frequency"
        )
    return tuple(sorted(set(periods), key=str))


def _flows(values: Any) -> tuple[Direction, ...]:
    if isinstance(values, str | Direction):
        values = (values,)
    flows = []
    for value in values:
        direction = Direction.coerce(value, "flows")
        if direction not in _FLOWS:
            raise InvalidValueError(
                "flows", value, f"Comtrade's flows are {', '.join(d.value for d in _FLOWS)}"
            )
        flows.append(direction)
    if not flows:
        raise InvalidValueError("flows", values, "names no flow")
    return tuple(f for f in _FLOWS if f in flows)


def _products(values: Any) -> tuple[str, ...]:
    if isinstance(values, str):
        values = (values,)
    products = []
    for value in values:
        if value != "TOTAL":
            Product("HS", value)  # a code korus does not know is an error here, not there
        products.append(value)
    if not products:
        raise InvalidValueError("products", values, "names no product")
    return tuple(sorted(set(products)))


def _classification(value: Any) -> str:
    if value not in _CLASSIFICATIONS:
        raise InvalidValueError(
            "classification", value, f"must be one of {', '.join(_CLASSIFICATIONS)}"
        )
    return str(value)


@attrs.frozen(cache_hash=True)
class ComtradeQuery:
    """What to ask UN Comtrade for: goods trade of reporters with partners, by period, flow and
    HS product, as totals over customs procedures and modes of transport. Every value is
    checked here, before any request: a code Comtrade does not know is an error, not an empty
    answer.

    :param partners: None for every partner (the World total included).
    :param products: ``"TOTAL"`` (all goods) or HS codes of 2, 4 or 6 digits.
    :param classification: ``"HS"`` (as reported) or an HS edition ``"H0"`` to ``"H6"``.

    >>> query = ComtradeQuery(["USA"], [2022], partners=["KOR"])
    >>> query.params(500)["reporterCode"], query.params(500)["partnerCode"], query.params(500)["flowCode"]
    ('842', '410', 'M,X')
    """

    reporters: tuple[Economy, ...] = attrs.field(
        converter=functools.partial(_economies, "reporters")  # type: ignore[misc]
    )
    periods: tuple[Period, ...] = attrs.field(converter=_periods)
    partners: tuple[Economy, ...] | None = attrs.field(
        default=None, kw_only=True, converter=_partners
    )
    flows: tuple[Direction, ...] = attrs.field(
        default=(Direction.IMPORT, Direction.EXPORT), kw_only=True, converter=_flows
    )
    products: tuple[str, ...] = attrs.field(default=("TOTAL",), kw_only=True, converter=_products)
    classification: str = attrs.field(default="HS", kw_only=True, converter=_classification)

    @property
    def frequency(self) -> str:
        """Comtrade's frequency code: ``A`` (annual) or ``M`` (monthly)."""
        return "M" if self.periods[0].frequency is Frequency.MONTHLY else "A"

    def params(self, cap: int) -> dict[str, str]:
        """The query's parameters, asking for at most ``cap`` records."""
        codes = _codes()
        params = {
            "reporterCode": ",".join(codes[e] for e in self.reporters),
            "period": ",".join(
                f"{p.year}{p.month:02d}" if p.month else str(p.year) for p in self.periods
            ),
            "flowCode": ",".join(_FLOWS[f] for f in self.flows),
            "cmdCode": ",".join(self.products),
            "customsCode": "C00",
            "motCode": "0",
            "partner2Code": "0",
            "includeDesc": "true",
            "maxRecords": str(cap),
        }
        if self.partners is not None:
            params["partnerCode"] = ",".join(codes[e] for e in self.partners)
        return params

    def split(self) -> tuple[ComtradeQuery, ComtradeQuery]:
        """Two queries that ask for exactly this one's records between them: its longest list
        (of periods, reporters, partners, products or flows) halved. A query of one value each
        (and every partner) cannot be split: a :class:`~korus.FetchError`."""
        lists = {
            "periods": self.periods,
            "reporters": self.reporters,
            "partners": self.partners or (),
            "products": self.products,
            "flows": self.flows,
        }
        name, longest = max(lists.items(), key=lambda item: len(item[1]))
        if len(longest) < 2:
            raise FetchError(
                "query",
                self,
                "is capped and cannot be split further: name the partners, or ask for less",
            )
        half = len(longest) // 2
        return (
            attrs.evolve(self, **{name: longest[:half]}),
            attrs.evolve(self, **{name: longest[half:]}),
        )


@attrs.frozen
class ComtradeFetched:
    """What a fetch gave: the records, read strictly and merged (each with its flow's
    provenance: the API, the request, when it was retrieved, and when UN Comtrade last released
    that reporter's data for that period), the cache entry of every response they came from, in
    the order they were read, and that of the data-availability answer the releases came from
    (None where releases were not asked for)."""

    data: ComtradeData
    responses: tuple[CacheEntry, ...]
    releases: CacheEntry | None = None


def comtrade_key(key: str | None = None) -> str | None:
    """The subscription key: ``key`` if given, else the first of :data:`KEY_VARIABLES` set in
    the environment, else ``comtrade`` in the ``[keys]`` of the keys file (``KORUS_KEYS_FILE``,
    by default ``~/.config/korus/keys.toml``, readable by its owner alone); None for the public
    preview."""
    return find_key(key, KEY_VARIABLES, "comtrade")


def fetch_comtrade(
    query: ComtradeQuery,
    cache: Cache,
    *,
    key: str | None = None,
    client: Client | None = None,
    base_url: str = COMTRADE_API,
    progress: Callable[[int, int], None] | None = None,
    releases: bool = True,
) -> ComtradeFetched:
    """Fetch ``query`` from UN Comtrade through ``cache``: every answer kept there (and read
    from there when it holds one), an answer at the cap, or holding fewer records than its
    ``count``, never taken as complete but its query split and asked again, and every answer
    read by :func:`korus.readers.read_comtrade_json` (strict). Interrupted, it resumes where
    it stopped: the answers kept are not asked for again.

    :param key: a subscription key (else from the environment, see :func:`comtrade_key`); without
        one, the public preview, capped at 500 records an answer.
    :param progress: called after each answer with the answers read and those known to remain.
    :param releases: also ask the data-availability endpoint when each reporter's data for each
        period were last released (one request more, kept like the others), and put that date
        in each flow's provenance, where :func:`korus.claims.check_claims` ``as_of`` reads it.

    >>> import json, tempfile, httpx
    >>> from korus.testing import ComtradeRow, comtrade_api_json
    >>> RELEASE = {"reporterCode": 842, "period": "2022", "lastReleased": "2023-06-30T00:00:00"}
    >>> def api(request):  # stands in for comtradeapi.un.org
    ...     if "/getDA/" in request.url.path:  # when the data were last released
    ...         body = json.dumps({"count": 1, "data": [RELEASE], "error": ""}).encode()
    ...     else:
    ...         body = comtrade_api_json([ComtradeRow("842", "410", "X", 2022, fob="71469488662")])
    ...     return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    >>> client = Client(transport=httpx.MockTransport(api))
    >>> query = ComtradeQuery(["USA"], [2022], partners=["KOR"], flows=["export"])
    >>> fetched = fetch_comtrade(query, Cache(tempfile.mkdtemp()), client=client)
    >>> flow = fetched.data.flows[0].flow
    >>> flow.value, flow.provenance.publisher, flow.provenance.released
    (quantity('71469488662.0', 'USD'), 'UN Comtrade', datetime.date(2023, 6, 30))
    """
    if not isinstance(query, ComtradeQuery):
        raise InvalidValueError("query", query, "must be a ComtradeQuery")
    if not isinstance(cache, Cache):
        raise InvalidValueError("cache", cache, "must be a korus.fetch.Cache")
    key = comtrade_key(key)
    client = client or Client()
    cap = KEYED_CAP if key else PREVIEW_CAP
    headers = {"Ocp-Apim-Subscription-Key": key} if key else {}

    def answer(request: Request) -> tuple[CacheEntry, bytes]:
        return kept_or_fetched(cache, client, request, secret_headers=headers)

    released: dict[tuple[Economy, Period], datetime.date] = {}
    availability = None
    if releases:
        route = "data/v1/getDA" if key else "public/v1/getDA"
        url = f"{base_url.rstrip('/')}/{route}/C/{query.frequency}/{query.classification}"
        params = {k: v for k, v in query.params(cap).items() if k in ("reporterCode", "period")}
        availability, body = answer(Request(url, params))
        released = _releases(body, availability.request)
    route = "data/v1/get" if key else "public/v1/preview"
    url = f"{base_url.rstrip('/')}/{route}/C/{query.frequency}/{query.classification}"
    pending = [query]
    read: list[tuple[ComtradeData, CacheEntry]] = []
    while pending:
        part = pending.pop(0)
        request = Request(url, part.params(cap))
        entry, body = answer(request)
        data = _read(body, request, cap)
        if data is None:
            pending[:0] = part.split()
        else:
            read.append((data, entry))
        if progress is not None:
            progress(len(read), len(pending))
    return ComtradeFetched(_merged(read, released), tuple(entry for _, entry in read), availability)


def _releases(body: bytes, request: Request) -> dict[tuple[Economy, Period], datetime.date]:
    """When each reporter's data for each period were last released, from a data-availability
    answer (``lastReleased`` of each record); a record korus cannot read is an error."""
    try:
        document = json.loads(body)
    except ValueError:
        raise FetchError("response", str(request), "is not JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise FetchError("response", str(request), 'is not a data-availability answer (no "data")')
    if document.get("error"):
        raise FetchError(
            "response", str(request), f"reports an error: {str(document['error'])[:200]}"
        )
    released: dict[tuple[Economy, Period], datetime.date] = {}
    for number, record in enumerate(document["data"], start=1):
        try:
            economy = comtrade_code(record["reporterCode"]).economy
            text = str(record["period"])
            period = Period(int(text[:4]), month=int(text[4:]) if len(text) == 6 else None)
            when = datetime.date.fromisoformat(str(record["lastReleased"])[:10])
        except (KeyError, TypeError, ValueError, KorusError) as error:
            raise FetchError(
                "response",
                str(request),
                f"record {number} gives no release korus can read ({error})",
            ) from None
        if economy is not None:
            released[(economy, period)] = max(when, released.get((economy, period), when))
    return released


def _read(body: bytes, request: Request, cap: int) -> ComtradeData | None:
    """The answer's records; None where it may be capped: at the cap, or holding other than
    the ``count`` it states (the API's cap cuts the records, not the count)."""
    try:
        data = read_comtrade_json(body)
    except ParseError as error:
        if error.field == "count":
            return None
        raise FetchError("response", str(request), f"cannot be read: {error}") from None
    except KorusError as error:
        raise FetchError("response", str(request), f"cannot be read: {error}") from None
    return None if data.rows >= cap else data


def _merged(
    read: Iterable[tuple[ComtradeData, CacheEntry]],
    released: dict[tuple[Economy, Period], datetime.date],
) -> ComtradeData:
    kinds: dict[str, list[ComtradeRecord]] = {"flows": [], "aggregates": [], "breakdowns": []}
    rows = 0
    seen: dict[Any, str] = {}
    for data, entry in read:
        provenance = Provenance(
            "UN Comtrade",
            document=f"Comtrade API, retrieved {entry.retrieved:%Y-%m-%d %H:%M:%S} UTC",
            url=str(entry.request),
        )
        rows += data.rows
        for kind, records in kinds.items():
            for record in getattr(data, kind):
                when = released.get((record.flow.reporter, record.flow.period))
                flow = attrs.evolve(record.flow, provenance=attrs.evolve(provenance, released=when))
                identity = (
                    *(flow.reporter, flow.partner, flow.direction, flow.scope, flow.period),
                    *(flow.basis, record.breakdown),
                )
                if identity in seen:
                    raise FetchError(
                        "response",
                        str(entry.request),
                        f"repeats a record of {seen[identity]}: split queries must not overlap",
                    )
                seen[identity] = str(entry.request)
                records.append(attrs.evolve(record, flow=flow))
    return ComtradeData(
        "UN Comtrade API",
        rows,
        tuple(kinds["flows"]),
        tuple(kinds["aggregates"]),
        (),
        breakdowns=tuple(kinds["breakdowns"]),
    )
