"""Exchange rates: the only way korus converts an amount from one currency to another, explicit
and dated, so a converted figure always says which rate on which day or period made it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, overload

import attrs

from korus._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MismatchError,
    UnknownCodeError,
)
from korus._model import TradeFlow
from korus._period import Period
from korus._units import (
    CURRENCIES,
    RATIO_CONTEXT,
    Quantity,
    check_amount,
    currency_of,
    exact,
    money,
    scale_of,
    to_decimal,
)
from korus._validate import source_text


def _check_currency(instance: object, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            attribute.name, value, f"must be an ISO 4217 code str, not {type(value).__name__}"
        )
    if value not in CURRENCIES:
        raise UnknownCodeError(attribute.name, value, "is not an ISO 4217 currency code")


def _rate(value: Any) -> Decimal:
    return to_decimal(value, "rate")


def _check_rate(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise InvalidValueError("rate", value, "must be positive")


def _check_on(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date | Period):
        raise InvalidTypeError(
            "on",
            value,
            "must be a datetime.date (a rate on a day) or a Period (an average over it), "
            f"not {type(value).__name__}",
        )


@attrs.frozen(cache_hash=True)
class ExchangeRate:
    """How many units of ``quote`` one unit of ``base`` bought, on a day or over a period.

    Conversion between currencies happens only through such a rate, explicitly, never
    through a registry-wide pint context (which would race between threads).

    >>> rate = ExchangeRate("USD", "KRW", "1160.5", on=Period(2016), source="an annual average")
    >>> rate.convert(parse_amount("$42.3 billion"))
    quantity('49089.15', 'billion KRW')
    """

    base: str = attrs.field(validator=_check_currency)
    quote: str = attrs.field(validator=_check_currency)
    rate: Decimal = attrs.field(converter=_rate, validator=_check_rate)
    on: datetime.date | Period = attrs.field(kw_only=True, validator=_check_on)
    source: str = attrs.field(kw_only=True, validator=source_text)

    def __attrs_post_init__(self) -> None:
        if self.base == self.quote:
            raise InvalidValueError("quote", self.quote, "must differ from the base currency")

    def inverse(self) -> ExchangeRate:
        """The rate the other way round, ``1 / rate`` rounded to 28 significant digits.

        >>> ExchangeRate("USD", "KRW", "1250", on=Period(2016), source="example").inverse().rate
        Decimal('0.0008')
        """
        inverted = RATIO_CONTEXT.divide(Decimal(1), self.rate)
        return ExchangeRate(
            self.quote, self.base, inverted.normalize(RATIO_CONTEXT), on=self.on, source=self.source
        )

    def applies_to(self, period: Period) -> bool:
        """Whether the rate may value flows of ``period``: a rate for that very period, or a
        rate on a day inside it."""
        if not isinstance(period, Period):
            raise InvalidTypeError(
                "period", period, f"must be a Period, not {type(period).__name__}"
            )
        if isinstance(self.on, Period):
            return self.on == period
        return period.contains(self.on)

    @overload
    def convert(self, value: Quantity) -> Quantity: ...

    @overload
    def convert(self, value: TradeFlow) -> TradeFlow: ...

    def convert(self, value: Quantity | TradeFlow) -> Quantity | TradeFlow:
        """An amount in ``base`` (any scale) in ``quote``, same scale, exactly; or a flow
        with its value converted, if the rate applies to the flow's period.

        :raises CurrencyMismatchError: when the amount is not in ``base``.
        :raises MismatchError: when the rate does not apply to the flow's period.
        """
        if isinstance(value, TradeFlow):
            if not self.applies_to(value.period):
                raise MismatchError(
                    "rate.on",
                    self.on,
                    f"the rate does not apply to a flow of period {value.period}: it values "
                    "flows of that very period, or of a period containing that day",
                )
            return attrs.evolve(value, value=self.convert(value.value))
        amount = check_amount(value, "value", negative=True)
        currency = currency_of(amount)
        if currency != self.base:
            raise CurrencyMismatchError(
                "value", amount, f"is in {currency}, but this rate converts {self.base}"
            )
        with exact():
            converted = Decimal(amount.magnitude) * self.rate
        return money(converted, scale_of(amount), self.quote, "converted")
