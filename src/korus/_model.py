"""The trade records: flows between two economies and the balance between them."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

import attrs

from korus import _rules as rules
from korus._basis import Basis, Valuation, check_balanceable
from korus._economy import Economy
from korus._enum import KorusEnum
from korus._errors import CurrencyMismatchError, InvalidTypeError, InvalidValueError, KorusError
from korus._money import parse_amount
from korus._period import Period
from korus._product import Scope, check_scope, coerce_scope
from korus._public import context_free
from korus._units import (
    SCALES,
    Quantity,
    check_amount,
    combined,
    currency_of,
    exact,
    in_unit,
    money,
    scale_of,
)
from korus._validate import instance_of, optional_text, unchecked


class Direction(KorusEnum):
    """Which way goods or services went, seen from the reporter.

    Under the UN's *International Merchandise Trade Statistics: Concepts and Definitions 2010*
    (IMTS 2010, which UN Comtrade follows) and in US statistics, exports include re-exports —
    foreign goods exported in the same state as they were imported (the Census Bureau's
    "foreign exports"; total exports are domestic plus foreign exports) — and imports include
    re-imports; goods merely in transit are in neither. ``RE_EXPORT`` and ``RE_IMPORT`` are those
    parts, where a source records them apart (Comtrade's RX and RM rows), and
    ``DOMESTIC_EXPORT`` the other part of exports (Comtrade's DX, the Census Bureau's domestic
    exports): korus keeps them as flows of their own and never adds them to exports or imports,
    which already hold them. Domestic exports and re-exports add up to exports
    (:func:`korus.exports_from_parts`).
    """

    EXPORT = "export"
    IMPORT = "import"
    RE_EXPORT = "re-export"
    RE_IMPORT = "re-import"
    DOMESTIC_EXPORT = "domestic export"

    @property
    def whole(self) -> Direction:
        """The direction this one is a part of: exports for re-exports and domestic exports,
        imports for re-imports; itself for exports and imports.

        >>> Direction.RE_EXPORT.whole, Direction.IMPORT.whole
        (Direction.EXPORT, Direction.IMPORT)
        """
        if self in (Direction.RE_EXPORT, Direction.DOMESTIC_EXPORT):
            return Direction.EXPORT
        if self is Direction.RE_IMPORT:
            return Direction.IMPORT
        return self

    @property
    def is_part(self) -> bool:
        """Whether the direction is a part of exports or imports (re-exports, ...)."""
        return self.whole is not self


class BalancePosition(KorusEnum):
    """Whether exports exceed imports (surplus), fall short (deficit), or match."""

    SURPLUS = "surplus"
    DEFICIT = "deficit"
    EVEN = "even"


def _check_released(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (
        not isinstance(value, datetime.date) or isinstance(value, datetime.datetime)
    ):
        raise InvalidTypeError(
            "released", value, f"must be a datetime.date or None, not {type(value).__name__}"
        )


def _check_publisher(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        raise InvalidValueError("publisher", value, "a provenance needs its publisher")
    optional_text(instance, attribute, value)


@attrs.frozen(cache_hash=True)
class Provenance:
    """Where a figure comes from: who published it, in which document, where and when.

    >>> Provenance("USTR", document="U.S.-Korea Trade Facts (2016 data)")
    Provenance(publisher='USTR', document='U.S.-Korea Trade Facts (2016 data)', url=None, released=None)
    """

    publisher: str = attrs.field(validator=_check_publisher)
    document: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    url: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    released: datetime.date | None = attrs.field(
        default=None, kw_only=True, validator=_check_released
    )


def _check_value(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_amount(value, "value")


def _check_scope(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_scope(value)


@attrs.frozen(cache_hash=True)
class TradeFlow:
    """What one economy reports it exported to, or imported from, another in a period.

    The constructor takes korus values only; :meth:`of` reads the usual shorthands.
    The value is an amount of money (never negative, never a float) and keeps its currency
    and scale; the :class:`~korus.Basis` says how it was measured, as far as the source says.
    An economy trades with itself only in re-imports.

    >>> flow = TradeFlow.of("USA", "KOR", "export", "goods", 2016, "42.3 billion USD")
    >>> flow
    TradeFlow(reporter=Economy('USA'), partner=Economy('KOR'), direction=Direction.EXPORT, scope=Coverage.GOODS, period=Period(2016), value=quantity('42.3', 'billion USD'), basis=Basis(), provenance=None)
    >>> flow.value.m_as("USD")
    Decimal('42300000000.0')
    """

    reporter: Economy = attrs.field(validator=instance_of(Economy, "reporter"))
    partner: Economy = attrs.field(validator=instance_of(Economy, "partner"))
    direction: Direction = attrs.field(validator=instance_of(Direction, "direction"))
    scope: Scope = attrs.field(validator=_check_scope)
    period: Period = attrs.field(validator=instance_of(Period, "period"))
    value: Quantity = attrs.field(validator=_check_value)
    basis: Basis = attrs.field(factory=Basis, kw_only=True, validator=instance_of(Basis, "basis"))
    provenance: Provenance | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(Provenance, "provenance", optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.reporter == self.partner and self.direction is not Direction.RE_IMPORT:
            raise InvalidValueError(
                "partner",
                self.partner,
                "must differ from the reporter (an economy trades with itself only in re-imports)",
            )
        if self.reporter.is_aggregate or self.reporter.is_area:
            raise InvalidValueError(
                "reporter", self.reporter, "must be one economy, not an aggregate or an area"
            )

    @classmethod
    def of(
        cls,
        reporter: Economy | str,
        partner: Economy | str,
        direction: Direction | str,
        scope: Scope | str,
        period: Period | int | str,
        value: Quantity | str,
        *,
        valuation: Valuation | str | None = None,
        basis: Basis | None = None,
        provenance: Provenance | None = None,
    ) -> TradeFlow:
        """A flow from shorthands: codes, ``"export"``, ``"goods"`` or ``"HS:84"``, a year,
        and an amount as text (``"$42.3 billion"``, ``"42.3 billion USD"``); ``valuation`` is
        the shorthand of a basis that states the valuation alone.

        >>> TradeFlow.of("KOR", "USA", "import", "HS:88", "2016", "$5.2 billion").scope
        Product(Classification.HS, '88')
        >>> TradeFlow.of("USA", "CHN", "import", "goods", 2022, "$536.7 billion", valuation="FOB").basis
        Basis(valuation=Valuation.FOB)
        """
        if valuation is not None:
            if basis is not None:
                raise InvalidValueError(
                    "valuation", valuation, "is given twice: pass it in the basis alone"
                )
            basis = Basis(valuation=Valuation.coerce(valuation, "valuation"))
        return cls(
            coerce_economy(reporter, "reporter"),
            coerce_economy(partner, "partner"),
            Direction.coerce(direction, "direction"),
            coerce_scope(scope),
            coerce_period(period),
            parse_amount(value) if isinstance(value, str) else value,
            basis=Basis() if basis is None else basis,
            provenance=provenance,
        )

    @property
    def currency(self) -> str:
        """The ISO 4217 code of the value's currency."""
        return currency_of(self.value)

    @property
    def valuation(self) -> Valuation | None:
        """The valuation of the value (its basis's), None where not stated."""
        return self.basis.valuation

    @property
    def is_part(self) -> bool:
        """Whether the flow is a part of a whole: a re-export, domestic export or re-import, one
        mode of transport, or the dutiable goods. A part is never added to its whole."""
        return self.direction.is_part or self.basis.is_part

    def replace(self, **changes: Any) -> TradeFlow:
        """A copy with some fields changed (validated like a new flow)."""
        return attrs.evolve(self, **changes)


def coerce_economy(value: Any, field: str) -> Economy:
    if isinstance(value, Economy):
        return value
    if isinstance(value, str):
        try:
            return Economy(value)
        except KorusError as error:
            # A name, or a code in small letters, is no code; but it may be what a reader
            # meant, and saying so beats "three capital letters" alone.
            reason = error.reason
            with contextlib.suppress(KorusError):
                reason += f"; Economy.lookup({value!r}) finds {Economy.lookup(value)!r}"
            raise type(error)(field, value, reason) from None
    raise InvalidTypeError(
        field, value, f"must be an Economy or a code, not {type(value).__name__}"
    )


def coerce_period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Period(value)
    if isinstance(value, str):
        return Period.parse(value)
    raise InvalidTypeError(
        "period",
        value,
        f"must be a Period, a year or a str such as '2016-07', not {type(value).__name__}",
    )


def balance_of_flows(exports: TradeFlow, imports: TradeFlow) -> Balance:
    """The Balance of an export and an import flow that agree in reporter, partner, scope and
    period (the caller checked).

    Two TradeFlows hold checked values of a reporter that is one economy and a partner that is
    another: the Balance's own validators would judge them again. Where the two values are in
    one unit and the bases have made a balance before, the Balance is built without them, as
    the constructor would build it (a property test holds the two equal); anything else goes
    through the constructor, which says what is wrong.
    """
    x, m = exports.value, imports.value
    bases = (exports.basis, imports.basis)
    if (x._units is not m._units and x._units != m._units) or bases not in _BALANCEABLE:
        made = Balance(
            exports.reporter,
            exports.partner,
            exports.scope,
            exports.period,
            x,
            m,
            export_basis=bases[0],
            import_basis=bases[1],
        )
        _BALANCEABLE.add(bases)  # bounded: a basis is six codes of a few values each
        return made
    return unchecked(
        Balance,
        exports.reporter,
        exports.partner,
        exports.scope,
        exports.period,
        x,
        m,
        bases[0],
        bases[1],
    )


def _check_balance_amount(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_amount(value, attribute.name)


@attrs.frozen(cache_hash=True)
class Balance:
    """One reporter's exports to and imports from one partner, in one period and scope.

    The net balance is exports − imports: negative is a deficit. Publications print a deficit
    as a positive amount ("a deficit of $27.6 billion"): that is :attr:`size`, with
    :attr:`position` saying which it is.

    >>> b = Balance.of("USA", "KOR", "goods", 2016, exports="42.3 billion USD", imports="69.9 billion USD")
    >>> b.net, b.two_way, b.position, b.size
    (quantity('-27.6', 'billion USD'), quantity('112.2', 'billion USD'), BalancePosition.DEFICIT, quantity('27.6', 'billion USD'))
    >>> b.mirror().net
    quantity('27.6', 'billion USD')
    """

    reporter: Economy = attrs.field(validator=instance_of(Economy, "reporter"))
    partner: Economy = attrs.field(validator=instance_of(Economy, "partner"))
    scope: Scope = attrs.field(validator=_check_scope)
    period: Period = attrs.field(validator=instance_of(Period, "period"))
    exports: Quantity = attrs.field(validator=_check_balance_amount)
    imports: Quantity = attrs.field(validator=_check_balance_amount)
    export_basis: Basis = attrs.field(
        factory=Basis, kw_only=True, validator=instance_of(Basis, "export_basis")
    )
    import_basis: Basis = attrs.field(
        factory=Basis, kw_only=True, validator=instance_of(Basis, "import_basis")
    )

    def __attrs_post_init__(self) -> None:
        check_balanceable(self.export_basis, self.import_basis)
        if self.reporter == self.partner:
            raise InvalidValueError("partner", self.partner, "must differ from the reporter")
        if self.reporter.is_aggregate or self.reporter.is_area:
            raise InvalidValueError(
                "reporter", self.reporter, "must be one economy, not an aggregate or an area"
            )
        export_currency = currency_of(self.exports, "exports")
        import_currency = currency_of(self.imports, "imports")
        if export_currency != import_currency:
            raise CurrencyMismatchError(
                "imports",
                self.imports,
                f"is in {import_currency} but exports are in {export_currency}; "
                "convert one with an ExchangeRate first",
            )

    @classmethod
    def of(
        cls,
        reporter: Economy | str,
        partner: Economy | str,
        scope: Scope | str,
        period: Period | int | str,
        *,
        exports: Quantity | str,
        imports: Quantity | str,
        export_basis: Basis | None = None,
        import_basis: Basis | None = None,
    ) -> Balance:
        """A balance from shorthands, as :meth:`TradeFlow.of` reads them."""
        return cls(
            coerce_economy(reporter, "reporter"),
            coerce_economy(partner, "partner"),
            coerce_scope(scope),
            coerce_period(period),
            parse_amount(exports) if isinstance(exports, str) else exports,
            parse_amount(imports) if isinstance(imports, str) else imports,
            export_basis=Basis() if export_basis is None else export_basis,
            import_basis=Basis() if import_basis is None else import_basis,
        )

    @property
    def currency(self) -> str:
        """The ISO 4217 code of the balance's currency."""
        return currency_of(self.exports)

    @context_free
    def _combine(self, sign: int) -> Quantity:
        fast = combined(self.exports, self.imports, sign)
        # One unit, within the limits: the common case; else the general path converts to
        # the finer scale, or refuses a result beyond the limits by name.
        return fast if fast is not None else self._combine_general(sign)

    @context_free
    def _combine_general(self, sign: int) -> Quantity:
        scale = _finer(scale_of(self.exports), scale_of(self.imports))
        currency = self.currency
        exports = in_unit(self.exports, scale, currency)
        imports = in_unit(self.imports, scale, currency)
        with exact():
            total = rules.net(exports, imports) if sign < 0 else rules.two_way(exports, imports)
        return money(total, scale, currency, "net" if sign < 0 else "two_way")

    @property
    @context_free
    def net(self) -> Quantity:
        """Exports − imports, exactly: negative for a deficit."""
        return self._combine(-1)

    @property
    @context_free
    def two_way(self) -> Quantity:
        """Exports + imports, exactly: "two-way" or "bilateral" trade."""
        return self._combine(+1)

    @property
    def position(self) -> BalancePosition:
        """Surplus, deficit or even."""
        net = self.net.magnitude
        if net > 0:
            return BalancePosition.SURPLUS
        if net < 0:
            return BalancePosition.DEFICIT
        return BalancePosition.EVEN

    @property
    def size(self) -> Quantity:
        """The deficit or surplus as the positive amount publications print."""
        net = self.net
        return money(net.magnitude.copy_abs(), scale_of(net), self.currency)

    def mirror(self) -> Balance:
        """The same trade seen from the partner: exports and imports swap, the net negates.

        (A mirror built this way repeats the reporter's figures; the partner's *own* figures
        differ by valuation and timing, and are a separate balance.)
        """
        return Balance(
            self.partner,
            self.reporter,
            self.scope,
            self.period,
            self.imports,
            self.exports,
            export_basis=self.import_basis,
            import_basis=self.export_basis,
        )


def _finer(a: str | None, b: str | None) -> str | None:
    return a if SCALES.get(a or "", 0) <= SCALES.get(b or "", 0) else b


#: The pairs of bases korus has seen make a balance (check_balanceable passed).
_BALANCEABLE: set[tuple[Basis, Basis]] = set()


def check_flow(value: Any, field: str) -> TradeFlow:
    """``value`` if it is a TradeFlow."""
    if not isinstance(value, TradeFlow):
        raise InvalidTypeError(field, value, f"must be a TradeFlow, not {type(value).__name__}")
    return value


def check_balance(value: Any, field: str) -> Balance:
    """``value`` if it is a Balance."""
    if not isinstance(value, Balance):
        raise InvalidTypeError(field, value, f"must be a Balance, not {type(value).__name__}")
    return value
