"""The US Census Bureau's international trade API (api.census.gov): a query of korus types,
each request cached, every answer read by korus's strict reader."""

from __future__ import annotations

import functools
from typing import Any, Final

import attrs

from korus._economy import Economy
from korus._errors import FetchError, InvalidValueError, KorusError
from korus._model import Direction
from korus._period import Frequency, Period
from korus._product import Product
from korus.fetch._cache import Cache, CacheEntry, Request
from korus.fetch._http import Client, kept_or_fetched
from korus.fetch._keys import find_key
from korus.readers import CensusData, census_measure, read_census, source_codes

CENSUS_API: Final = "https://api.census.gov"
#: Where korus looks for a Census API key when none is given.
CENSUS_KEY_VARIABLES: Final = ("CENSUS_API_KEY", "KORUS_CENSUS_KEY")
#: The datasets korus reads: by HS product, and by HS product and port.
DATASETS: Final = ("hs", "porths")


@functools.cache
def _codes() -> dict[Economy, str]:
    codes: dict[Economy, str] = {}
    for source in source_codes("census"):
        if source.economy is not None and source.code != "-":
            codes.setdefault(source.economy, source.code)
    return codes


def _direction(value: Any) -> Direction:
    direction = Direction.coerce(value, "direction")
    if direction not in (Direction.EXPORT, Direction.IMPORT):
        raise InvalidValueError("direction", value, "must be 'export' or 'import'")
    return direction


def _countries(values: Any) -> tuple[Economy, ...] | None:
    if values is None:
        return None
    if isinstance(values, str | Economy):
        values = (values,)
    found = []
    for value in values:
        try:
            economy = value if isinstance(value, Economy) else Economy(value)
        except KorusError as error:
            raise InvalidValueError("countries", value, error.reason) from None
        if economy not in _codes():
            raise InvalidValueError("countries", value, "has no Census country code korus knows")
        found.append(economy)
    if not found:
        raise InvalidValueError("countries", values, "names no country")
    return tuple(sorted(set(found), key=lambda e: e.code))


def _products(values: Any) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = (values,)
    products = [Product("HS", value).code for value in values]
    if not products:
        raise InvalidValueError("products", values, "names no product")
    if len({len(p) for p in products}) > 1:
        raise InvalidValueError("products", values, "mixes HS levels: one query, one COMM_LVL")
    return tuple(sorted(set(products)))


def _period(value: Any) -> Period:
    period = value if isinstance(value, Period) else Period.parse(str(value))
    if period.frequency not in (Frequency.ANNUAL, Frequency.MONTHLY):
        raise InvalidValueError("period", value, "the Census API has months (and years to date)")
    return period


def _dataset(value: Any) -> str:
    if value not in DATASETS:
        raise InvalidValueError("dataset", value, f"must be one of {', '.join(DATASETS)}")
    return str(value)


@attrs.frozen(cache_hash=True)
class CensusQuery:
    """What to ask the Census Bureau's international trade API for: one value variable of US
    exports or imports in one period, by country (and port), for HS products. Every value is
    checked before any request; the variable must be one whose measure korus knows
    (:func:`korus.readers.census_measure`).

    :param period: a month (``"2024-03"``) for a ``*_MO`` variable; a year, or its December,
        for a ``*_YR`` variable (the year to date through December is the calendar year).
    :param countries: None for every country and grouping (the world total included).
    :param products: HS codes of one level; None for every chapter (``COMM_LVL=HS2``).
    :param dataset: ``"hs"``, or ``"porths"`` for each port too.

    >>> query = CensusQuery("export", "ALL_VAL_MO", "2024-12", countries=["KOR"], products=["10"])
    >>> query.params()
    {'get': 'CTY_NAME,ALL_VAL_MO', 'time': '2024-12', 'COMM_LVL': 'HS2', 'E_COMMODITY': '10', 'CTY_CODE': '5800'}
    """

    direction: Direction = attrs.field(converter=_direction)
    value: str = attrs.field()
    period: Period = attrs.field(converter=_period)
    countries: tuple[Economy, ...] | None = attrs.field(
        default=None, kw_only=True, converter=_countries
    )
    products: tuple[str, ...] | None = attrs.field(default=None, kw_only=True, converter=_products)
    dataset: str = attrs.field(default="hs", kw_only=True, converter=_dataset)

    @value.validator
    def _check_value(self, attribute: Any, value: Any) -> None:
        census_measure(value, self.direction.value)

    @period.validator
    def _check_period(self, attribute: Any, period: Period) -> None:
        if self.value.endswith("_MO") and period.month is None:
            raise InvalidValueError("period", period, f"{self.value} is monthly: name a month")
        if self.value.endswith("_YR") and period.month not in (None, 12):
            raise InvalidValueError(
                "period", period, f"{self.value} is read for December (the calendar year) only"
            )

    @property
    def commodity(self) -> str:
        """The column of the commodity code: ``E_COMMODITY`` or ``I_COMMODITY``."""
        return "E_COMMODITY" if self.direction is Direction.EXPORT else "I_COMMODITY"

    @property
    def url(self) -> str:
        """The endpoint's path below the API's address."""
        side = "exports" if self.direction is Direction.EXPORT else "imports"
        return f"/data/timeseries/intltrade/{side}/{self.dataset}"

    def params(self) -> dict[str, str]:
        """The query's parameters (one value each; several countries or products are sent as
        the API's repeated predicates, in :meth:`pairs`)."""
        return dict(self.pairs())

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The query's parameters as pairs, repeated predicates included."""
        # A predicate's variable comes back as a column of its own: asked for in `get` too, the
        # answer would name it twice.
        columns = [
            *(("CTY_CODE",) if self.countries is None else ()),
            "CTY_NAME",
            *(("PORT", "PORT_NAME") if self.dataset == "porths" else ()),
            self.value,
            *((self.commodity,) if self.products is None else ()),
        ]
        month = self.period.month or 12
        pairs = [
            ("get", ",".join(columns)),
            ("time", f"{self.period.year}-{month:02d}"),
            ("COMM_LVL", f"HS{len(self.products[0]) if self.products else 2}"),
        ]
        pairs += [(self.commodity, p) for p in self.products or ()]
        codes = _codes()
        pairs += [("CTY_CODE", codes[e]) for e in self.countries or ()]
        return tuple(pairs)


@attrs.frozen
class CensusFetched:
    """What a Census fetch gave: the response read strictly (its flows' provenance naming the
    request and when it was retrieved), and its cache entry."""

    data: CensusData
    response: CacheEntry


def census_key(key: str | None = None) -> str | None:
    """The API key: ``key`` if given, else the first of :data:`CENSUS_KEY_VARIABLES` set in
    the environment, else ``census`` in the ``[keys]`` of the keys file (see
    :func:`comtrade_key`); None to ask without one (the Census Bureau allows a few a day)."""
    return find_key(key, CENSUS_KEY_VARIABLES, "census")


def fetch_census(
    query: CensusQuery,
    cache: Cache,
    *,
    key: str | None = None,
    client: Client | None = None,
    base_url: str = CENSUS_API,
) -> CensusFetched:
    """Fetch ``query`` from the Census Bureau through ``cache`` (kept there, and read from
    there when it holds the answer), and read it with :func:`korus.readers.read_census`
    (strict). An answer of no rows (204, or a header alone) is read as no rows.

    >>> import tempfile, httpx
    >>> from korus.testing import CensusRow, census_json
    >>> def api(request):  # stands in for api.census.gov
    ...     body = census_json([CensusRow("5800", {"ALL_VAL_MO": "143751419"})], ["ALL_VAL_MO"], ports=False)
    ...     return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    >>> query = CensusQuery("export", "ALL_VAL_MO", "2024-12", countries=["KOR"], products=["10"])
    >>> fetched = fetch_census(query, Cache(tempfile.mkdtemp()), client=Client(transport=httpx.MockTransport(api)))
    >>> fetched.data.flows[0].flow.value, fetched.data.flows[0].flow.provenance.publisher
    (quantity('143751419', 'USD'), 'U.S. Census Bureau')
    """
    if not isinstance(query, CensusQuery):
        raise InvalidValueError("query", query, "must be a CensusQuery")
    if not isinstance(cache, Cache):
        raise InvalidValueError("cache", cache, "must be a korus.fetch.Cache")
    key = census_key(key)
    request = Request(f"{base_url.rstrip('/')}{query.url}", query.pairs())
    secret = {"key": key} if key else None
    entry, body = kept_or_fetched(cache, client or Client(), request, secret_params=secret)
    return CensusFetched(_read(body, query, entry), entry)


def _read(body: bytes, query: CensusQuery, entry: CacheEntry) -> CensusData:
    name = str(entry.request)
    if not body.strip():
        return CensusData(name, query.value, 0, (), (), (), ())
    try:
        data = read_census(body, query.value, direction=query.direction.value)
    except KorusError as error:
        raise FetchError("response", name, f"cannot be read: {error}") from None
    retrieved = f"retrieved {entry.retrieved:%Y-%m-%d %H:%M:%S} UTC"

    def fetched(record: Any) -> Any:
        if record.flow is None:
            return record
        provenance = record.flow.provenance
        provenance = attrs.evolve(
            provenance, document=f"{provenance.document}, {retrieved}", url=name
        )
        return attrs.evolve(record, flow=attrs.evolve(record.flow, provenance=provenance))

    return attrs.evolve(
        data,
        source=name,
        flows=tuple(map(fetched, data.flows)),
        aggregates=tuple(map(fetched, data.aggregates)),
        breakdowns=tuple(map(fetched, data.breakdowns)),
    )
