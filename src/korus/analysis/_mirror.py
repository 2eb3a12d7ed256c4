"""The mirror decomposition: why one economy's exports to another differ from the other's
imports from it, split into named, exact components that sum to the gap.

The gap is the importer's imports from the exporter less the exporter's exports to the
importer, each as its reporter published it. What the data measure is taken out of it, each
step exact and sourced (UN IMTS 2010, paras 4.1-4.9 on valuation and 6.25-6.27 on the country of
origin; the reconciliation studies of the US Census Bureau and its partners work the same way):

- **valuation**: the importer's value as reported (usually CIF, with freight and insurance)
  less its value at the exporter's valuation (usually FOB): from the importer's own FOB value
  where it reports one, no model involved; else from a sourced
  :class:`korus.ValuationAdjustment` the caller supplies; else not separated (it stays in the
  residual, and a note says so);
- **re-exports** through each named third economy: what it re-exported to the importer of goods
  from the exporter, as it reported them (Comtrade's RX rows with the exporter as second
  partner). The importer counts them as from the exporter (the origin); the exporter counted
  them as exports to the third economy;
- **timing**, where asked (``lag`` months): goods shipped in one month arrive in a later one,
  so the importer's period holds exports of months before it. From the exporter's monthly
  reports: its exports over the importer's months moved back by the lag, less its exports over
  the importer's months themselves;
- the **residual**: everything the data do not measure: attribution beyond the named
  re-exports, goods in transit beyond the lag asked, confidential trade, errors. Differences in
  the two sides' bases of measurement (trade system, HS edition) are named in the notes: they
  are in the residual, unmeasured.

The components and the residual sum to the gap exactly, always: a decomposition that did not
is refused when it is made.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from korus._adjustment import ValuationAdjustment
from korus._basis import Valuation, differing_fields
from korus._economy import Economy
from korus._enum import KorusEnum
from korus._errors import InvalidTypeError, InvalidValueError, KorusError, MismatchError
from korus._model import Direction, TradeFlow, check_flow, coerce_economy, coerce_period
from korus._period import Period
from korus._product import Coverage, Scope, coerce_scope
from korus._units import Quantity, common_unit, exact, in_unit, money
from korus._validate import instance_of
from korus._validate import items as as_list
from korus.readers import ComtradeData, ComtradeRecord, comtrade_code


class ComponentKind(KorusEnum):
    """What a component of a mirror gap measures."""

    VALUATION = "valuation"
    RE_EXPORTS = "re-exports"
    TIMING = "timing"


@attrs.frozen
class MirrorComponent:
    """One measured part of a mirror gap, with how it was measured.

    >>> c = MirrorComponent(ComponentKind.VALUATION, quantity(5, "USD"), "CIF - FOB")
    >>> c.kind, str(c.value)
    (ComponentKind.VALUATION, '5 USD')
    """

    kind: ComponentKind = attrs.field(validator=instance_of(ComponentKind, "kind"))
    value: Quantity = attrs.field(validator=instance_of(Quantity, "value"))
    #: How the value was measured, in words: whose figures, which rate and its source.
    explanation: str = attrs.field(validator=instance_of(str, "explanation"))
    #: The third economy the goods went through (re-exports only).
    via: Economy | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(Economy, "via", optional=True)
    )


@attrs.frozen
class MirrorDecomposition:
    """A mirror gap split into named components and a residual, which sum to it exactly.

    >>> from korus.readers import read_comtrade
    >>> d = decompose_mirror(read_comtrade(SAMPLE), "CHN", "USA")
    >>> [(c.kind.value, str(c.value)) for c in d.components]
    [('valuation', '38955619451 USD')]
    >>> str(d.gap), str(d.residual)
    ('-7068018875 USD', '-46023638326 USD')
    """

    #: The importer's imports from the exporter, as it reported them.
    imports: TradeFlow = attrs.field(validator=instance_of(TradeFlow, "imports"))
    #: The exporter's exports to the importer, as it reported them.
    exports: TradeFlow = attrs.field(validator=instance_of(TradeFlow, "exports"))
    #: Imports less exports, each as reported.
    gap: Quantity = attrs.field(validator=instance_of(Quantity, "gap"))
    components: tuple[MirrorComponent, ...] = attrs.field(
        validator=instance_of(tuple, "components")
    )
    #: The gap less every component: what the data do not measure.
    residual: Quantity = attrs.field(validator=instance_of(Quantity, "residual"))
    #: What the residual holds that is named but not measured (differing bases, a valuation
    #: not separated).
    notes: tuple[str, ...] = attrs.field(default=(), validator=instance_of(tuple, "notes"))

    def __attrs_post_init__(self) -> None:
        m, x = self.imports, self.exports
        if m.direction is not Direction.IMPORT or x.direction is not Direction.EXPORT:
            raise MismatchError("imports", m.direction, "must be imports, set against exports")
        if (m.reporter, m.partner) != (x.partner, x.reporter):
            raise MismatchError(
                "exports.reporter", x.reporter, f"is not the partner of the imports ({m.partner})"
            )
        for field in ("period", "scope"):
            if getattr(m, field) != getattr(x, field):
                raise MismatchError(
                    f"exports.{field}", getattr(x, field), "differs from the imports'"
                )
        for index, component in enumerate(self.components):
            if not isinstance(component, MirrorComponent):
                raise InvalidTypeError(
                    f"components[{index}]", component, "must be a MirrorComponent"
                )
        amounts = [m.value, x.value, self.gap, self.residual, *(c.value for c in self.components)]
        scale, currency = common_unit(amounts)
        values = [in_unit(a, scale, currency) for a in amounts]
        imports, exports, gap, residual, *parts = values
        with exact():
            if gap != imports - exports:
                raise InvalidValueError("gap", self.gap, "is not the imports less the exports")
            if sum(parts, Decimal(0)) + residual != gap:
                raise InvalidValueError(
                    "residual", self.residual, "and the components do not sum to the gap"
                )

    @property
    def exporter(self) -> Economy:
        """The economy whose exports are compared."""
        return self.exports.reporter

    @property
    def importer(self) -> Economy:
        """The economy whose imports are compared."""
        return self.imports.reporter

    @property
    def period(self) -> Period:
        """The period both reports cover."""
        return self.imports.period

    def rows(self) -> tuple[tuple[str, Quantity], ...]:
        """The decomposition as labelled rows: both reports, the gap, each component, the
        residual (what ``korus mirror`` prints)."""
        m, x = self.imports, self.exports
        rows = [
            (f"{m.reporter.code} imports from {m.partner.code}{_valued(m)}", m.value),
            (f"{x.reporter.code} exports to {x.partner.code}{_valued(x)}", x.value),
            ("gap (imports - exports)", self.gap),
        ]
        rows += [(f"  {c.kind.value}: {c.explanation}", c.value) for c in self.components]
        rows.append(("  residual: not measured by the data", self.residual))
        return tuple(rows)


def _valued(flow: TradeFlow) -> str:
    return f" ({flow.valuation.value})" if flow.valuation is not None else ""


@attrs.frozen
class _Entry:
    """A flow as the data hold it, with the other valuation a Comtrade record may give."""

    flow: TradeFlow
    values: dict[Valuation, Quantity]
    breakdown: str | None


def _entries(data: Any) -> list[_Entry]:
    if isinstance(data, ComtradeData):
        items: list[Any] = [*data.flows, *data.aggregates, *data.breakdowns]
    else:
        items = as_list(data, "data")
    entries = []
    for index, item in enumerate(items):
        if isinstance(item, ComtradeRecord):
            values = {
                v: q
                for v, q in ((Valuation.CIF, item.cif), (Valuation.FOB, item.fob))
                if q is not None
            }
            entries.append(_Entry(item.flow, values, item.breakdown))
        else:
            flow = check_flow(item, f"data[{index}]")
            valuation = flow.valuation
            entries.append(_Entry(flow, {valuation: flow.value} if valuation else {}, None))
    return entries


def _side(
    entries: list[_Entry], reporter: Economy, partner: Economy, direction: Direction, scope: Scope
) -> dict[Period, _Entry]:
    """The whole flows (no breakdown, no part basis) of one reporter to one partner, by period."""
    found: dict[Period, _Entry] = {}
    for entry in entries:
        f = entry.flow
        if (
            entry.breakdown is None
            and not f.basis.is_part
            and (f.reporter, f.partner, f.direction, f.scope)
            == (reporter, partner, direction, scope)
        ):
            earlier = found.get(f.period)
            if earlier is not None:
                # One import at two valuations (CIF and FOB) is one report with two values;
                # anything else given twice is two reports, and korus does not choose.
                e = earlier.flow
                one_flow = e.replace(value=f.value, basis=e.basis.replace(valuation=f.valuation))
                if (
                    direction is not Direction.IMPORT
                    or one_flow != f
                    or {e.valuation, f.valuation} != {Valuation.CIF, Valuation.FOB}
                    or len(earlier.values) + len(entry.values) != 2
                ):
                    raise MismatchError(
                        "data",
                        f"{reporter.code} {direction.value}s, {partner.code}, {f.period}",
                        "appear twice: korus does not choose between them",
                    )
                reported = earlier if e.valuation is Valuation.CIF else entry
                found[f.period] = _Entry(reported.flow, earlier.values | entry.values, None)
            else:
                found[f.period] = entry
    return found


def _origin(breakdown: str | None) -> Economy | None:
    """The second partner (the origin) a Comtrade breakdown row names, if that is all it names."""
    if breakdown is None or "," in breakdown or not breakdown.startswith("partner2Code "):
        return None
    try:
        return comtrade_code(breakdown.partition(" ")[2]).economy
    except KorusError:
        return None


def decompose_mirror(
    data: ComtradeData | Iterable[ComtradeRecord | TradeFlow],
    exporter: Economy | str,
    importer: Economy | str,
    *,
    period: Period | int | str | None = None,
    scope: Scope | str = Coverage.GOODS,
    via: Iterable[Economy | str] = (),
    adjustment: ValuationAdjustment | None = None,
    lag: int = 0,
) -> MirrorDecomposition:
    """Split the gap between ``importer``'s imports from ``exporter`` and ``exporter``'s
    exports to ``importer`` into valuation, re-exports through each economy in ``via``, and
    a residual, exactly.

    ``data`` is what :func:`korus.readers.read_comtrade` returns, or flows and Comtrade records.
    ``period`` may be left out where the data hold both sides for one period only.
    ``adjustment`` is used only where the importer reports no value at the exporter's
    valuation. ``lag`` (months, 0 to 12) asks for the timing component, from the exporter's
    monthly exports to the importer, which the data must then hold for every month needed.

    >>> from korus.readers import read_comtrade
    >>> d = decompose_mirror(read_comtrade(SAMPLE), "CHN", "DEU")
    >>> [(label.strip(), str(value)) for label, value in d.rows()][:3]
    [('DEU imports from CHN (CIF)', '206642208248.492 USD'), ('CHN exports to DEU (FOB)', '116226631561 USD'), ('gap (imports - exports)', '90415576687.492 USD')]
    >>> d.notes[0]
    "DEU's imports are CIF and it reports no FOB value: freight and insurance stay in the residual (give a sourced ValuationAdjustment to estimate them)"

    :raises MismatchError: when either side, or the re-exports through an economy in ``via``,
        are not in the data, or the period is not given and the data hold several.
    """
    entries = _entries(data)
    x_code, m_code = coerce_economy(exporter, "exporter"), coerce_economy(importer, "importer")
    if x_code == m_code:
        raise InvalidValueError(
            "importer", importer, "is the exporter: a mirror needs two economies"
        )
    wanted_scope = coerce_scope(scope)
    if adjustment is not None and not isinstance(adjustment, ValuationAdjustment):
        raise InvalidTypeError("adjustment", adjustment, "must be a ValuationAdjustment or None")
    if not isinstance(lag, int) or isinstance(lag, bool):
        raise InvalidTypeError("lag", lag, f"must be an int of months, not {type(lag).__name__}")
    if not 0 <= lag <= 12:
        raise InvalidValueError("lag", lag, "must be from 0 to 12 months")
    # One economy may be named alone; named twice, its re-exports would be counted twice.
    thirds = [
        coerce_economy(t, "via")
        for t in ([via] if isinstance(via, str | Economy) else as_list(via, "via"))
    ]
    if len(set(thirds)) < len(thirds):
        raise InvalidValueError(
            "via", via, "names an economy twice: its re-exports would count twice"
        )
    imports_by_period = _side(entries, m_code, x_code, Direction.IMPORT, wanted_scope)
    exports_by_period = _side(entries, x_code, m_code, Direction.EXPORT, wanted_scope)
    both = sorted(set(imports_by_period) & set(exports_by_period))
    if period is None:
        if len(both) != 1:
            raise MismatchError(
                "period",
                None,
                f"must be given: the data hold both sides for {len(both)} periods "
                f"({', '.join(str(p) for p in both) or 'none'})",
            )
        chosen = both[0]
    else:
        chosen = coerce_period(period)
    imports = imports_by_period.get(chosen)
    if imports is None:
        raise MismatchError(
            "importer", m_code.code, f"has no imports from {x_code.code} in {chosen} in the data"
        )
    exports = exports_by_period.get(chosen)
    if exports is None:
        raise MismatchError(
            "exporter", x_code.code, f"has no exports to {m_code.code} in {chosen} in the data"
        )
    m, x = imports.flow, exports.flow
    components: list[MirrorComponent] = []
    notes: list[str] = []
    valuation = _valuation(imports, x, adjustment, notes)
    if valuation is not None:
        components.append(valuation)
    for third in thirds:
        components.append(_re_exports(entries, third, x, m))
    if lag:
        components.append(_timing(entries, x, lag))
    for field in differing_fields(x.basis, m.basis, ("valuation",)):
        notes.append(
            f"the two reports differ in {field.replace('_', ' ')} ({x.reporter.code}: "
            f"{getattr(x.basis, field)}, {m.reporter.code}: {getattr(m.basis, field)}): "
            "the difference is in the residual, unmeasured"
        )
    amounts = [m.value, x.value, *(c.value for c in components)]
    scale, currency = common_unit(amounts)
    m_value, x_value, *parts = [in_unit(a, scale, currency) for a in amounts]
    with exact():
        gap = m_value - x_value
        residual = gap - sum(parts, Decimal(0))
    return MirrorDecomposition(
        m,
        x,
        money(gap, scale, currency),
        tuple(components),
        money(residual, scale, currency),
        tuple(notes),
    )


def _valuation(
    imports: _Entry,
    exports: TradeFlow,
    adjustment: ValuationAdjustment | None,
    notes: list[str],
) -> MirrorComponent | None:
    m = imports.flow
    reported, wanted = m.valuation, exports.valuation
    who = m.reporter.code
    if reported is None or wanted is None:
        notes.append(
            "a valuation is not stated on both sides: whatever freight and insurance the gap "
            "holds stays in the residual"
        )
        return None
    if reported is wanted:
        return MirrorComponent(
            ComponentKind.VALUATION,
            _difference(m.value, m.value),
            f"none: both sides are valued {wanted.value}",
        )
    at_wanted = imports.values.get(wanted)
    if at_wanted is not None:
        return MirrorComponent(
            ComponentKind.VALUATION,
            _difference(m.value, at_wanted),
            f"{reported.value} - {wanted.value}, as {who} reported them",
        )
    if adjustment is not None:
        if (adjustment.source_valuation, adjustment.target_valuation) != (reported, wanted):
            raise MismatchError(
                "adjustment",
                adjustment,
                f"converts {adjustment.source_valuation.value} to "
                f"{adjustment.target_valuation.value}, not {reported.value} to {wanted.value}",
            )
        estimated = adjustment.apply(m).value
        return MirrorComponent(
            ComponentKind.VALUATION,
            _difference(m.value, estimated),
            f"{reported.value} - {wanted.value}, estimated at {wanted.value} = "
            f"{adjustment.factor} x {reported.value} ({adjustment.source})",
        )
    notes.append(
        f"{who}'s imports are {reported.value} and it reports no {wanted.value} value: freight "
        "and insurance stay in the residual (give a sourced ValuationAdjustment to estimate them)"
    )
    return None


def _difference(a: Quantity, b: Quantity) -> Quantity:
    scale, currency = common_unit([a, b])
    with exact():
        value = in_unit(a, scale, currency) - in_unit(b, scale, currency)
    return money(value, scale, currency)


def _re_exports(
    entries: list[_Entry], third: Economy, exports: TradeFlow, imports: TradeFlow
) -> MirrorComponent:
    exporter, importer = exports.reporter, imports.reporter
    if third in (exporter, importer):
        raise InvalidValueError("via", third.code, "must be a third economy, not one of the two")
    found = [
        e.flow
        for e in entries
        if e.flow.reporter == third
        and e.flow.direction is Direction.RE_EXPORT
        and e.flow.partner == importer
        and e.flow.period == imports.period
        and e.flow.scope == imports.scope
        and not e.flow.basis.is_part
        and _origin(e.breakdown) == exporter
    ]
    if not found:
        raise MismatchError(
            "via",
            third.code,
            f"the data hold no re-exports by {third.code} to {importer.code} of goods from "
            f"{exporter.code} in {imports.period} (Comtrade's RX rows with {exporter.code} as "
            "the second partner)",
        )
    if len(found) > 1:
        raise MismatchError(
            "via", third.code, "its re-exports appear twice: korus does not choose between them"
        )
    flow = found[0]
    return MirrorComponent(
        ComponentKind.RE_EXPORTS,
        flow.value,
        f"{third.code}'s re-exports to {importer.code} of goods from {exporter.code}, as "
        f"{third.code} reported them",
        via=third,
    )


def _more(count: int) -> str:
    return f" and {count} more month{'s' * (count != 1)}" if count else ""


def _timing(entries: list[_Entry], exports: TradeFlow, lag: int) -> MirrorComponent:
    exporter, importer = exports.reporter, exports.partner
    monthly = {
        entry.flow.period: entry.flow.value
        for entry in entries
        if entry.breakdown is None
        and not entry.flow.basis.is_part
        and entry.flow.period.month is not None
        and (entry.flow.reporter, entry.flow.partner, entry.flow.direction, entry.flow.scope)
        == (exporter, importer, Direction.EXPORT, exports.scope)
    }
    months = list(exports.period.months())
    earlier = list(months)
    for _ in range(lag):
        earlier = [month.previous() for month in earlier]
    needed = sorted(set(months) | set(earlier))
    missing = [month for month in needed if month not in monthly]
    if missing:
        raise MismatchError(
            "lag",
            lag,
            f"needs {exporter.code}'s monthly exports to {importer.code} for {missing[0]}"
            f"{_more(len(missing) - 1)}, which the "
            "data do not hold",
        )
    amounts = [monthly[month] for month in needed]
    scale, currency = common_unit([*amounts, exports.value])
    with exact():
        shifted = sum((in_unit(monthly[p], scale, currency) for p in earlier), Decimal(0))
        own = sum((in_unit(monthly[p], scale, currency) for p in months), Decimal(0))
        value = shifted - own
    return MirrorComponent(
        ComponentKind.TIMING,
        money(value, scale, currency),
        f"{exporter.code}'s exports of {earlier[0]} to {earlier[-1]} less those of "
        f"{months[0]} to {months[-1]} (a lag of {lag} month{'s' * (lag != 1)}), from its "
        "monthly reports",
    )
