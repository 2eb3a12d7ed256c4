"""Hypothesis strategies for korus values.

>>> from hypothesis import given
>>> from korus.testing import balances
>>> @given(balances())
... def test_mirror_negates(b):
...     assert b.mirror().net == -b.net
>>> test_mirror_negates()
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from korus._install import install_hint

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(f"korus.testing needs hypothesis: {install_hint('hypothesis')}") from error

import pycountry

from korus._basis import (
    Basis,
    HSEdition,
    StatisticalBasis,
    TradeSystem,
    TransportMode,
    Treatment,
    Valuation,
)
from korus._economy import Economy
from korus._exchange import ExchangeRate
from korus._model import Balance, Direction, TradeFlow
from korus._period import Period
from korus._product import Classification, Coverage, Product, Scope, hs_chapters
from korus._units import SCALES, Quantity, money

_COUNTRIES = sorted(c.alpha_3 for c in pycountry.countries)
_CURRENCIES = sorted(c.alpha_3 for c in pycountry.currencies)


def economies() -> st.SearchStrategy[Economy]:
    """Any ISO 3166-1 country (never the world aggregate).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(economies())
    ... def test(economy):
    ...     assert not economy.is_aggregate and len(economy.code) == 3
    >>> test()
    """
    return st.sampled_from(_COUNTRIES).map(Economy)


def currencies() -> st.SearchStrategy[str]:
    """Any ISO 4217 currency code korus knows.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(currencies())
    ... def test(code):
    ...     assert quantity(1, code).units is not None
    >>> test()
    """
    return st.sampled_from(_CURRENCIES)


def scales() -> st.SearchStrategy[str | None]:
    """No scale, or one of korus's scale words.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(scales())
    ... def test(scale):
    ...     assert scale in (None, "thousand", "million", "billion", "trillion")
    >>> test()
    """
    return st.sampled_from([None, *SCALES])


def periods(*, annual_only: bool = False) -> st.SearchStrategy[Period]:
    """Years from 1950 to 2100, and (unless ``annual_only``) quarters and months of them.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(periods(annual_only=True))
    ... def test(period):
    ...     assert period.frequency is Frequency.ANNUAL
    >>> test()
    """
    years = st.integers(1950, 2100)
    annual = years.map(Period)
    if annual_only:
        return annual
    quarterly = st.builds(lambda y, q: Period(y, quarter=q), years, st.integers(1, 4))
    monthly = st.builds(lambda y, m: Period(y, month=m), years, st.integers(1, 12))
    return st.one_of(annual, quarterly, monthly)


def products() -> st.SearchStrategy[Product]:
    """HS chapters, headings and subheadings (codes that korus accepts).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(products())
    ... def test(product):
    ...     assert Product.parse(str(product)) == product
    >>> test()
    """
    chapters = st.sampled_from(sorted(hs_chapters()))
    suffix = st.sampled_from(["", "01", "0110", "90", "9000"])
    return st.builds(lambda c, s: Product(Classification.HS, c + s), chapters, suffix)


def scopes() -> st.SearchStrategy[Scope]:
    """A coverage (goods, services, both) or an HS product.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(scopes())
    ... def test(scope):
    ...     assert scope_contains(Coverage.GOODS_AND_SERVICES, scope)
    >>> test()
    """
    return st.one_of(st.sampled_from(list(Coverage)), products())


def amounts(
    currency: str | st.SearchStrategy[str] | None = None,
    *,
    scale: str | st.SearchStrategy[str | None] | None = None,
    max_value: Decimal = Decimal("1e12"),
    places: int = 2,
) -> st.SearchStrategy[Quantity]:
    """Non-negative exact amounts of money.

    :param currency: a code, a strategy of codes, or None for any currency.
    :param scale: a scale word, a strategy of them, or None for plain units.
    :param max_value: the largest magnitude, before the scale word: the default 10**12 keeps
        sums and conversions of generated amounts within the 38 digits korus holds.
    :param places: the decimal places of the magnitude.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(amounts("USD", scale="billion"))
    ... def test(amount):
    ...     assert amount.units == quantity(1, "billion USD").units and amount.magnitude >= 0
    >>> test()
    """
    codes = currencies() if currency is None else _strategy(currency)
    scale_words = _strategy(scale)
    numbers = st.decimals(
        min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False
    )
    return st.builds(lambda m, s, c: money(m, s, c), numbers, scale_words, codes)


def _strategy(value: Any) -> st.SearchStrategy[Any]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


_ECONOMIES: st.SearchStrategy[Economy] = st.sampled_from(_COUNTRIES).map(Economy)


@st.composite
def _two_economies(draw: st.DrawFn) -> tuple[Economy, Economy]:
    reporter = draw(_ECONOMIES)
    partner = draw(_ECONOMIES.filter(lambda e: e != reporter))
    return reporter, partner


def bases(*, parts: bool = True) -> st.SearchStrategy[Basis]:
    """Any basis of measurement: each field stated or not (and, unless ``parts`` is false,
    parts: one mode of transport, the dutiable goods).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(bases(parts=False))
    ... def test(basis):
    ...     assert not basis.is_part and basis.whole == basis
    >>> test()
    """

    def optional(kind: Any) -> st.SearchStrategy[Any]:
        return st.none() | st.sampled_from(list(kind))

    return st.builds(
        Basis,
        valuation=optional(Valuation),
        system=optional(TradeSystem),
        statistical_basis=optional(StatisticalBasis),
        edition=optional(HSEdition),
        mode=st.sampled_from(list(TransportMode)) if parts else st.just(TransportMode.ALL),
        treatment=st.sampled_from(list(Treatment)) if parts else st.just(Treatment.ALL),
    )


def trade_flows(
    *,
    currency: str | st.SearchStrategy[str] = "USD",
    directions: st.SearchStrategy[Direction] | None = None,
    basis: Basis | st.SearchStrategy[Basis] = Basis(),  # noqa: B008 - immutable
) -> st.SearchStrategy[TradeFlow]:
    """Trade flows between two different economies, in one currency and on a basis not
    stated by default (``basis=bases()`` draws any).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(trade_flows(basis=bases()))
    ... def test(flow):
    ...     assert flow.reporter != flow.partner
    >>> test()
    """
    direction = directions or st.sampled_from([Direction.EXPORT, Direction.IMPORT])
    return st.builds(
        lambda pair, d, s, p, v, b: TradeFlow(pair[0], pair[1], d, s, p, v, basis=b),
        _two_economies(),
        direction,
        scopes(),
        periods(),
        amounts(currency, scale=scales()),
        basis if isinstance(basis, st.SearchStrategy) else st.just(basis),
    )


def balances(*, currency: str | st.SearchStrategy[str] = "USD") -> st.SearchStrategy[Balance]:
    """Balances between two different economies, exports and imports in one currency.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(balances())
    ... def test(b):
    ...     assert b.two_way == b.exports + b.imports
    >>> test()
    """

    # The strategies are built once, not in every draw: building them is most of the cost.
    pairs, codes, any_scope, any_period = _two_economies(), _strategy(currency), scopes(), periods()
    by_currency: dict[str, st.SearchStrategy[Quantity]] = {}

    @st.composite
    def build(draw: st.DrawFn) -> Balance:
        reporter, partner = draw(pairs)
        code = draw(codes)
        if code not in by_currency:
            by_currency[code] = amounts(code, scale=scales())
        value = by_currency[code]
        return Balance(
            reporter, partner, draw(any_scope), draw(any_period), draw(value), draw(value)
        )

    return build()


def exchange_rates(
    base: str | st.SearchStrategy[str] | None = None,
    quote: str | st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[ExchangeRate]:
    """Positive exchange rates with up to 6 decimals, for a period or a day.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(exchange_rates(base="USD", quote="KRW"))
    ... def test(rate):
    ...     assert rate.rate > 0
    >>> test()
    """

    bases = currencies() if base is None else _strategy(base)
    quotes = currencies() if quote is None else _strategy(quote)
    rates = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("100000"), places=6)
    years = periods(annual_only=True)

    @st.composite
    def build(draw: st.DrawFn) -> ExchangeRate:
        b = draw(bases)
        q = draw(quotes.filter(lambda c: c != b))
        return ExchangeRate(b, q, draw(rates), on=draw(years), source="hypothesis")

    return build()
