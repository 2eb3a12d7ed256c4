"""Valuation adjustments: the only way korus moves a flow from one valuation to another when
its source holds just one, explicit and sourced, like an exchange rate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from korus._basis import Valuation
from korus._errors import InvalidValueError, MismatchError
from korus._model import TradeFlow, check_flow
from korus._period import Period
from korus._units import exact, money, scale_of, to_decimal
from korus._validate import instance_of, source_text


def _factor(value: Any) -> Decimal:
    return to_decimal(value, "factor")


def _check_factor(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise InvalidValueError("factor", value, "must be positive")


@attrs.frozen(cache_hash=True)
class ValuationAdjustment:
    """A factor that takes values at one valuation to another: ``to = factor × from``.

    Where a record holds both values (Comtrade's ``cifvalue`` and ``fobvalue``), take the other
    one it holds (:meth:`korus.readers.ComtradeRecord.on`); where it holds one, this is the
    explicit, sourced estimate that stands in for the other. It applies to flows of its
    ``period`` only, or to flows of any period where it has none.

    >>> ratio = ValuationAdjustment(
    ...     Valuation.CIF, Valuation.FOB, "0.95", source="an assumed freight and insurance of 5 %"
    ... )
    >>> ratio.apply(TradeFlow.of("USA", "KOR", "import", "goods", 2022, "$100 billion", valuation="CIF")).value
    quantity('95.00', 'billion USD')
    """

    source_valuation: Valuation = attrs.field(validator=instance_of(Valuation, "source_valuation"))
    target_valuation: Valuation = attrs.field(validator=instance_of(Valuation, "target_valuation"))
    factor: Decimal = attrs.field(converter=_factor, validator=_check_factor)
    source: str = attrs.field(kw_only=True, validator=source_text)
    period: Period | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(Period, "period", optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.source_valuation is self.target_valuation:
            raise InvalidValueError(
                "target_valuation", self.target_valuation, "must differ from the source valuation"
            )

    def apply(self, flow: TradeFlow) -> TradeFlow:
        """The flow valued at ``target_valuation``: its value times the factor, exactly, at its
        scale; every other field kept.

        :raises MismatchError: when the flow is not valued at ``source_valuation``, or is of
            another period than the adjustment's.
        """
        check_flow(flow, "flow")
        if flow.valuation is not self.source_valuation:
            raise MismatchError(
                "flow.basis.valuation",
                flow.valuation,
                f"is not {self.source_valuation.value}, the valuation this adjustment converts",
            )
        if self.period is not None and flow.period != self.period:
            raise MismatchError(
                "flow.period", flow.period, f"differs from the adjustment's period {self.period}"
            )
        with exact():
            value = Decimal(flow.value.magnitude) * self.factor
        return attrs.evolve(
            flow,
            value=money(value, scale_of(flow.value), flow.currency),
            basis=flow.basis.replace(valuation=self.target_valuation),
        )
