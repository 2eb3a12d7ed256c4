"""What a UN Comtrade file reads into: a record a row (the flow, its CIF and FOB values as
reported, its flow code), and the whole file's records kept apart (flows, world totals,
breakdowns, rejected rows) with the checks of totals against their parts and the mirror
comparison."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import attrs

from korus._basis import Valuation
from korus._calc import ratio_percent
from korus._economy import Economy
from korus._errors import MismatchError
from korus._model import Direction, TradeFlow
from korus._product import Coverage, Product, ProductLevel
from korus._units import Quantity, money, quantity
from korus._validate import counting, instance_of
from korus.readers._comtrade_columns import _BREAKDOWN_TOTALS
from korus.readers._reading import (
    PartsCheck,
    RejectedRow,
    check_accounting,
    compare,
    parts_check,
    summary_repr,
)


@attrs.frozen
class ComtradeRecord:
    """One row read as a flow, with both valuations Comtrade gives and where it came from.

    ``flow.value`` is Comtrade's primary value: usually CIF for imports and FOB for exports;
    where the record holds only the other valuation, that one, and ``flow.valuation`` says
    which. ``cif`` and ``fob`` are the two valuations as reported, None where the row leaves them
    empty (missing, not zero).

    >>> record = read_comtrade(SAMPLE).find("USA", "KOR", "import")
    >>> record.line, record.cif, record.fob
    (57, quantity('120859256396', 'USD'), quantity('115325529001', 'USD'))
    """

    line: int = attrs.field(validator=counting("line", least=1))
    flow: TradeFlow = attrs.field(validator=instance_of(TradeFlow, "flow"))
    cif: Quantity | None = attrs.field(validator=instance_of(Quantity, "cif", optional=True))
    fob: Quantity | None = attrs.field(validator=instance_of(Quantity, "fob", optional=True))
    #: The row's own flow code (M, X, RM, RX): a country's imports from itself are read as
    #: re-imports, but Comtrade counts them in its world total of imports (M).
    flow_code: str = attrs.field(validator=instance_of(str, "flow_code"))
    #: Where the row is one part of a total broken down by customs procedure, mode of transport
    #: or second partner: which part (``"motCode 2100"``); None for the total itself.
    breakdown: str | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(str, "breakdown", optional=True)
    )

    def on(self, valuation: Valuation | str) -> TradeFlow:
        """The flow valued at ``valuation`` (FOB or CIF), exactly as the record holds it.

        Comtrade gives many imports both ways: the reporter's CIF value and a FOB value (its
        own, or Comtrade's estimate). A balance against FOB exports takes the FOB one.

        :raises MismatchError: when the record holds no value at that valuation (an empty
            column is missing, not zero, and korus does not estimate it: see
            :class:`korus.ValuationAdjustment`).

        >>> record = read_comtrade(SAMPLE).find("USA", "CHN", "import")
        >>> record.flow.valuation, record.on("FOB").valuation, str(record.on("FOB").value)
        (Valuation.CIF, Valuation.FOB, '536732471721 USD')
        """
        wanted = Valuation.coerce(valuation, "valuation")
        values = {Valuation.CIF: self.cif, Valuation.FOB: self.fob}
        if wanted not in values:
            raise MismatchError("valuation", wanted, "Comtrade gives values FOB and CIF only")
        value = values[wanted]
        if value is None:
            column = "cifvalue" if wanted is Valuation.CIF else "fobvalue"
            raise MismatchError(
                "valuation",
                wanted,
                f"the record on line {self.line} holds no {wanted.value} value ({column} is "
                "empty); korus does not estimate one (see ValuationAdjustment)",
            )
        if wanted is self.flow.valuation and value == self.flow.value:
            return self.flow
        return self.flow.replace(value=value, basis=self.flow.basis.replace(valuation=wanted))

    @property
    def is_aggregate(self) -> bool:
        """Whether the row is a world total (partner "World"), a check of its parts."""
        return self.flow.partner.is_aggregate

    @property
    def is_breakdown(self) -> bool:
        """Whether the row is one part of a total (by customs procedure, mode, second partner)."""
        return self.breakdown is not None


def _key(record: ComtradeRecord) -> tuple[Any, ...]:
    f = record.flow
    return (f.reporter, record.flow_code, f.partner, f.period)


@attrs.frozen
class WorldCheck:
    """A world total beside the sum of its partners.

    >>> check = read_comtrade(SAMPLE).world_check()[2]
    >>> check.total.reporter.code, str(check.difference), str(check.tolerance), check.consistent
    ('DEU', '-0.003 USD', '0.0550 USD', True)
    """

    total: TradeFlow = attrs.field(validator=instance_of(TradeFlow, "total"))
    partners: int = attrs.field(validator=counting("partners"))
    partners_sum: Quantity = attrs.field(validator=instance_of(Quantity, "partners_sum"))
    difference: Quantity = attrs.field(validator=instance_of(Quantity, "difference"))
    tolerance: Quantity = attrs.field(validator=instance_of(Quantity, "tolerance"))

    @property
    def consistent(self) -> bool:
        """Whether the total and the sum agree within the rounding of the printed values."""
        return bool(abs(self.difference.magnitude) <= self.tolerance.magnitude)


@attrs.frozen
class Mirror:
    """One flow seen from both sides: the importer's figure beside the exporter's.

    The two sides differ for many reasons besides error (UN IMTS 2010, paras 5.1-5.6 and 9.1-9.6;
    see :doc:`/explanation/measurement`): imports are attributed to the country of origin and
    exports to the country of last known destination, so goods re-exported through a third
    country (Hong Kong, the Netherlands) count as the origin's on one side and not the other;
    goods in transit at the year's end fall in two years; and imports are usually valued CIF,
    exports FOB. Germany's imports from China are 178 % of China's exports to Germany: freight
    cannot explain that, attribution can.

    >>> m = read_comtrade(SAMPLE).mirror("DEU", "CHN", valuation=None)
    >>> str(m.imports.flow.value), str(m.exports.flow.value), round(m.ratio.magnitude, 1)
    ('206642208248.492 USD', '116226631561 USD', Decimal('177.8'))
    >>> round(read_comtrade(SAMPLE).mirror("USA", "CHN").ratio.magnitude, 1)
    Decimal('92.1')
    """

    imports: ComtradeRecord = attrs.field(validator=instance_of(ComtradeRecord, "imports"))
    exports: ComtradeRecord = attrs.field(validator=instance_of(ComtradeRecord, "exports"))
    #: Imports minus exports, both at ``valuation`` (each as reported where it is None).
    gap: Quantity = attrs.field(validator=instance_of(Quantity, "gap"))
    #: Imports / exports, in percent (28 significant digits); None where the exports are zero.
    ratio: Quantity | None = attrs.field(validator=instance_of(Quantity, "ratio", optional=True))
    #: The valuation both sides are compared at; None where each is as reported.
    valuation: Valuation | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(Valuation, "valuation", optional=True)
    )


@attrs.frozen(repr=False)
class ComtradeData:
    """A Comtrade file read whole: flows; world totals and breakdowns (rows by customs
    procedure, mode of transport or second partner) kept apart as checks; rejected rows.

    >>> data = read_comtrade(SAMPLE)
    >>> data
    ComtradeData(source='.../comtradeplus_2022_TOTAL_CHN-DEU-USA.csv', rows=69, flows=<63 records>, aggregates=<6 records>, breakdowns=<0 records>, rejected=<0 records>)
    >>> parts = (data.flows, data.aggregates, data.breakdowns, data.rejected)
    >>> data.rows == sum(len(p) for p in parts)
    True
    """

    source: str = attrs.field(validator=instance_of(str, "source"))
    rows: int = attrs.field(validator=counting("rows"))
    flows: tuple[ComtradeRecord, ...] = attrs.field(validator=instance_of(tuple, "flows"))
    aggregates: tuple[ComtradeRecord, ...] = attrs.field(validator=instance_of(tuple, "aggregates"))
    rejected: tuple[RejectedRow, ...] = attrs.field(validator=instance_of(tuple, "rejected"))
    breakdowns: tuple[ComtradeRecord, ...] = attrs.field(
        default=(), kw_only=True, validator=instance_of(tuple, "breakdowns")
    )

    def __attrs_post_init__(self) -> None:
        kinds = dict.fromkeys(("flows", "aggregates", "breakdowns"), ComtradeRecord)
        check_accounting(self, kinds | {"rejected": RejectedRow})

    def __repr__(self) -> str:
        # A summary: a whole file's records would print as one line of megabytes.
        return summary_repr(self, ("flows", "aggregates", "breakdowns", "rejected"))

    def world_check(self) -> tuple[WorldCheck, ...]:
        """Each world total beside the exact sum of its partners, and whether they agree within
        the rounding of the printed values (half a unit of each value's last printed digit).
        A world total whose partners are not in the file is left out: there is nothing to
        check it against."""
        parts: dict[tuple[Any, ...], list[Decimal]] = defaultdict(list)
        for record in self.flows:
            f = record.flow
            parts[(f.reporter, record.flow_code, f.scope, f.period)].append(
                Decimal(f.value.magnitude)
            )
        checks = []
        for record in self.aggregates:
            f = record.flow
            values = parts.get((f.reporter, record.flow_code, f.scope, f.period))
            if values is None:
                continue  # the file holds the total alone: nothing to check it against
            summed, difference, tolerance = compare(
                Decimal(f.value.magnitude), values, rounded=True
            )
            assert tolerance is not None  # rounded values always have one
            checks.append(
                WorldCheck(
                    f,
                    len(values),
                    money(summed, None, "USD"),
                    money(difference, None, "USD"),
                    money(tolerance, None, "USD"),
                )
            )
        return tuple(checks)

    def checks(self) -> tuple[PartsCheck, ...]:
        """Each total beside the exact sum of its parts, within the rounding of the printed
        values: a total against its breakdown by customs procedure, by mode of transport or by
        second partner, and a TOTAL of all products against its HS chapters. Totals whose
        parts are not in the file are left out. (World totals: :meth:`world_check`.)"""
        parts: dict[tuple[Any, ...], list[Decimal]] = defaultdict(list)
        for record in self.breakdowns:
            assert record.breakdown is not None
            if "," not in record.breakdown:  # a part along one breakdown only
                dimension = record.breakdown.split()[0]
                parts[(*_key(record), record.flow.scope, dimension)].append(
                    Decimal(record.flow.value.magnitude)
                )
        totals = (*self.flows, *self.aggregates)
        for record in totals:
            scope = record.flow.scope
            if isinstance(scope, Product) and scope.level is ProductLevel.CHAPTER:
                parts[(*_key(record), Coverage.GOODS, "HS chapters")].append(
                    Decimal(record.flow.value.magnitude)
                )
        checks = []
        for record in totals:
            f = record.flow
            for dimension in (*_BREAKDOWN_TOTALS, "HS chapters"):
                values = parts.get((*_key(record), f.scope, dimension))
                if values is None:
                    continue
                label = f"{f.reporter.code} {record.flow_code} {f.partner.code}, {f.scope}, "
                label += f"{f.period}: {dimension}"
                checks.append(parts_check(label, f.value, values, rounded=True))
        return tuple(checks)

    def mirror(
        self, importer: str, exporter: str, *, valuation: Valuation | str | None = Valuation.FOB
    ) -> Mirror:
        """The importer's imports from the exporter beside the exporter's exports to it, both
        valued at ``valuation`` (FOB by default: the value exports are reported at, and which
        Comtrade gives for most imports too).

        ``valuation=None`` compares each side as reported (usually CIF imports with FOB
        exports), the classic mirror whose gap includes freight and insurance: chosen
        explicitly, never by default.

        :raises MismatchError: when either side is not in the data, or holds no value at
            ``valuation``.
        """
        imports = self.find(importer, exporter, "import")
        if imports is None:
            raise MismatchError("importer", importer, f"has no imports from {exporter} in the data")
        exports = self.find(exporter, importer, "export")
        if exports is None:
            raise MismatchError("exporter", exporter, f"has no exports to {importer} in the data")
        wanted = None if valuation is None else Valuation.coerce(valuation, "valuation")
        try:
            received = imports.flow if wanted is None else imports.on(wanted)
            shipped_flow = exports.flow if wanted is None else exports.on(wanted)
        except MismatchError as error:
            raise MismatchError(
                error.field,
                error.value,
                f"{error.reason}; pass valuation=None to compare each side as reported "
                "(a gap that then includes freight and insurance)",
            ) from None
        shipped = Decimal(shipped_flow.value.magnitude)
        ratio = (
            None  # of nothing shipped, no ratio: undefined, as korus.share says, not infinite
            if shipped == 0
            else quantity(ratio_percent(Decimal(received.value.magnitude), shipped), "percent")
        )
        return Mirror(
            imports, exports, received.value - shipped_flow.value, ratio, valuation=wanted
        )

    def find(self, reporter: str, partner: str, direction: str) -> ComtradeRecord | None:
        """The record of one flow, by codes and direction ("import", "export", ...)."""
        wanted = (Economy(reporter), Economy(partner), Direction.coerce(direction, "direction"))
        for record in (*self.flows, *self.aggregates):
            f = record.flow
            if (f.reporter, f.partner, f.direction) == wanted:
                return record
        return None
