"""Data as figures: flows read from a source (a Comtrade file, a Census response) indexed like
published figures, so claims are checked against the data themselves."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from korus._basis import check_sides
from korus._calc import balance
from korus._errors import MismatchError
from korus._figures import Figure
from korus._model import Direction, Provenance, TradeFlow, check_flow
from korus._period import Frequency
from korus._product import Coverage
from korus._units import currency_of, scale_of
from korus._validate import items
from korus.claims._published import FigureMeasure, PublishedFigure

_MEASURES = {Direction.EXPORT: FigureMeasure.EXPORTS, Direction.IMPORT: FigureMeasure.IMPORTS}


def figures_from_flows(flows: Iterable[TradeFlow]) -> tuple[PublishedFigure, ...]:
    """Annual export and import flows as figures to check claims against, each exact to the
    digits its source printed (a value printed to the dollar allows half a dollar either way).

    The flows must make one balance wherever a claim could set exports against imports: one
    basis for each reporter and direction, and export and import bases that pair (FOB exports
    with CIF imports are refused, as :func:`korus.balance` refuses them).

    :raises MismatchError: for a part (re-exports, one mode of transport), a period shorter than
        a year, a flow given twice, or bases that do not combine.

    >>> x = TradeFlow.of("USA", "CHN", "export", "goods", 2022, "153837022415 USD", valuation="FOB")
    >>> m = TradeFlow.of("USA", "CHN", "import", "goods", 2022, "536732471721 USD", valuation="FOB")
    >>> results = check_claims(
    ...     [Claim("deficit", "USA", "CHN", 2022, "deficit", text="$382.9 billion", scope="goods")],
    ...     figures_from_flows([x, m]),
    ... )
    >>> print(results[0].verdict.value, "-", results[0].explanation)
    consistent - printed 382.9 billion USD (382.85 to 382.95 billion USD); data give 382.8954 to 382.8954 billion USD (536732471721 − 153837022415): consistent within rounding
    """
    given = [check_flow(f, f"flows[{i}]") for i, f in enumerate(items(flows, "flows"))]
    figures: dict[tuple[object, ...], PublishedFigure] = {}
    pairs: dict[tuple[object, ...], dict[Direction, TradeFlow]] = {}
    for index, flow in enumerate(given):
        if flow.is_part or flow.direction not in _MEASURES:
            raise MismatchError(
                f"flows[{index}]",
                flow.direction if flow.direction.is_part else flow.basis,
                "is a part of exports or imports; claims are about the whole",
            )
        if flow.period.frequency is not Frequency.ANNUAL:
            raise MismatchError(
                f"flows[{index}].period", flow.period, "is not a year; claims are about years"
            )
        scope = flow.scope.value if isinstance(flow.scope, Coverage) else str(flow.scope)
        key = (flow.reporter, flow.partner, flow.period.year, scope, flow.direction)
        if key in figures:
            raise MismatchError(f"flows[{index}]", flow, "repeats a flow already given")
        figures[key] = PublishedFigure(
            ".".join(
                (
                    "data",
                    flow.reporter.code,
                    flow.partner.code,
                    str(flow.period),
                    scope,
                    _MEASURES[flow.direction].value,
                )
            ),
            flow.reporter,
            flow.partner,
            flow.period.year,
            scope,
            _MEASURES[flow.direction],
            _figure(flow),
        )
        pairs.setdefault(key[:4], {})[flow.direction] = flow
    check_sides(
        ((f.reporter.code, f.direction.value, None, f.basis) for f in given),
        "balance",
        "figures checked together",
    )
    for pair in pairs.values():
        if len(pair) == 2:
            balance(pair[Direction.EXPORT], pair[Direction.IMPORT])
    return tuple(figures.values())


def _figure(flow: TradeFlow) -> Figure:
    magnitude = Decimal(flow.value.magnitude)
    exponent = magnitude.as_tuple().exponent
    assert isinstance(exponent, int)
    step = Decimal(1).scaleb(min(exponent, 0))
    scale = scale_of(flow.value)
    unit = f"{scale} {currency_of(flow.value)}" if scale else currency_of(flow.value)
    provenance = flow.provenance or Provenance("data")
    return Figure(magnitude, unit, step, provenance=provenance)
