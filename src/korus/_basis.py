"""How a figure was measured: its basis, and the one rule of which bases combine.

A trade figure is a value *and* a way of measuring it. UN IMTS 2010 (*International
Merchandise Trade Statistics: Concepts and Definitions 2010*, chapters V and VI) and the US
Census Bureau's definitions name the choices that change the number: where the goods are valued
(FOB, FAS, CIF, customs value), which trade system the reporter uses (general or special: US
"general imports" and "imports for consumption"), the statistical basis (Census basis or
balance-of-payments basis), the mode of transport (all modes, or one mode: a part), the tariff
treatment (all goods, or the dutiable ones: a part) and the edition of the Harmonized System the
product codes are from. A :class:`Basis` holds them; ``None`` is "not stated", an honest value
(a figure from a news story) that matches only itself, never a guess.

The rule, written once here and applied by every calculation:

- flows that are added, ranked, compared over time or divided by one another are on the *same*
  basis (:func:`check_same`);
- a balance (exports − imports) or two-way trade pairs an export basis with an import basis that
  differ at most in valuation, and then only between valuations on the same side of the
  freight: FOB, FAS and the US customs value exclude international freight and insurance, CIF
  includes them (:func:`check_balanceable`). The US Census basis — FAS exports, general imports
  at customs value — is such a pair; FOB exports against CIF imports is not;
- a part (one mode of transport, the dutiable part) never enters a balance or a total with its
  whole; its share of the whole is fine (:func:`check_part_of`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from korus._enum import KorusEnum
from korus._errors import MismatchError
from korus._validate import instance_of


class Valuation(KorusEnum):
    """Where a flow was valued (IMTS 2010, paras 4.1-4.9).

    - ``FOB``, free on board: at the exporter's border, the usual basis of exports.
    - ``CIF``, cost, insurance and freight: at the importer's border, the usual basis of imports.
    - ``CUSTOMS``: the US customs value of imports (the transaction value, without freight,
      insurance or US import duties: Census, "Guide to Foreign Trade Statistics").
    - ``FAS``, free alongside ship: at the exporter's port before loading, the basis of US
      export statistics.
    """

    FOB = "FOB"
    CIF = "CIF"
    CUSTOMS = "customs"
    FAS = "FAS"

    @property
    def includes_freight(self) -> bool:
        """Whether the value includes international freight and insurance (CIF only)."""
        return self is Valuation.CIF


class TradeSystem(KorusEnum):
    """Which goods entering a country count as its imports (IMTS 2010, paras 2.5-2.19).

    - ``GENERAL``: all goods entering the economic territory, into free circulation or into
      customs warehouses and free zones (US "general imports").
    - ``SPECIAL``: goods entering free circulation only, including those withdrawn from
      warehouses (US "imports for consumption" follow it).
    """

    GENERAL = "general"
    SPECIAL = "special"


class StatisticalBasis(KorusEnum):
    """Which accounts a figure belongs to.

    - ``CENSUS``: goods as customs records them (the US Census basis).
    - ``BOP``: the balance-of-payments basis, adjusted for coverage, timing and valuation to
      change of ownership; services are always on it (BEA).
    """

    CENSUS = "Census"
    BOP = "BoP"


class TransportMode(KorusEnum):
    """By which mode goods crossed the border: ``ALL`` modes (the whole), or one (a part)."""

    ALL = "all"
    AIR = "air"
    VESSEL = "vessel"
    CONTAINERIZED_VESSEL = "containerized vessel"


class Treatment(KorusEnum):
    """Which goods by tariff treatment: ``ALL`` (the whole), or ``DUTIABLE`` ones (a part: the
    US "dutiable value" of imports)."""

    ALL = "all"
    DUTIABLE = "dutiable"


class HSEdition(KorusEnum):
    """An edition of the Harmonized System; values are UN Comtrade's codes (H0-H6).

    Codes are revised between editions (HS 2022 moved 351 subheadings), so codes of two editions
    are not summed or compared as the same products.
    """

    HS1992 = "H0"
    HS1996 = "H1"
    HS2002 = "H2"
    HS2007 = "H3"
    HS2012 = "H4"
    HS2017 = "H5"
    HS2022 = "H6"


_FIELDS = ("valuation", "system", "statistical_basis", "edition", "mode", "treatment")


@attrs.frozen(cache_hash=True, repr=False)
class Basis:
    """How a flow's value was measured, as far as its source says.

    Every field but ``mode`` and ``treatment`` defaults to ``None``, "not stated": a figure
    from a news story states none of them, and matches only figures that state none. ``mode``
    and ``treatment`` default to the whole (all modes, all goods); another value makes the flow
    a part.

    >>> Basis(valuation=Valuation.CIF, edition=HSEdition.HS2022)
    Basis(valuation=Valuation.CIF, edition=HSEdition.HS2022)
    >>> str(Basis(valuation=Valuation.FAS, system=TradeSystem.GENERAL, mode=TransportMode.AIR))
    'FAS, general trade system, air only'
    >>> Basis().is_part, Basis(mode=TransportMode.AIR).is_part
    (False, True)
    """

    valuation: Valuation | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(Valuation, "valuation", optional=True)
    )
    system: TradeSystem | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(TradeSystem, "system", optional=True)
    )
    statistical_basis: StatisticalBasis | None = attrs.field(
        default=None,
        kw_only=True,
        validator=instance_of(StatisticalBasis, "statistical_basis", optional=True),
    )
    edition: HSEdition | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(HSEdition, "edition", optional=True)
    )
    mode: TransportMode = attrs.field(
        default=TransportMode.ALL, kw_only=True, validator=instance_of(TransportMode, "mode")
    )
    treatment: Treatment = attrs.field(
        default=Treatment.ALL, kw_only=True, validator=instance_of(Treatment, "treatment")
    )

    @classmethod
    def of(
        cls,
        *,
        valuation: Valuation | str | None = None,
        system: TradeSystem | str | None = None,
        statistical_basis: StatisticalBasis | str | None = None,
        edition: HSEdition | str | None = None,
        mode: TransportMode | str = TransportMode.ALL,
        treatment: Treatment | str = Treatment.ALL,
    ) -> Basis:
        """A basis from shorthands: ``Basis.of(valuation="FOB", edition="H6")``.

        >>> Basis.of(valuation="CIF", system="general")
        Basis(valuation=Valuation.CIF, system=TradeSystem.GENERAL)
        """
        return cls(
            valuation=None if valuation is None else Valuation.coerce(valuation, "valuation"),
            system=None if system is None else TradeSystem.coerce(system, "system"),
            statistical_basis=(
                None
                if statistical_basis is None
                else StatisticalBasis.coerce(statistical_basis, "statistical_basis")
            ),
            edition=None if edition is None else HSEdition.coerce(edition, "edition"),
            mode=TransportMode.coerce(mode, "mode"),
            treatment=Treatment.coerce(treatment, "treatment"),
        )

    @property
    def is_part(self) -> bool:
        """Whether the flow is a part of a whole: one mode of transport, or dutiable goods."""
        return self.mode is not TransportMode.ALL or self.treatment is not Treatment.ALL

    @property
    def whole(self) -> Basis:
        """The basis of the whole this basis is a part of (itself, for a whole)."""
        return attrs.evolve(self, mode=TransportMode.ALL, treatment=Treatment.ALL)

    def replace(self, **changes: Any) -> Basis:
        """A copy with some fields changed (validated like a new basis)."""
        return attrs.evolve(self, **changes)

    def __repr__(self) -> str:
        default = Basis()
        stated = [
            f"{name}={getattr(self, name)!r}"
            for name in _FIELDS
            if getattr(self, name) != getattr(default, name)
        ]
        return f"Basis({', '.join(stated)})"

    def __str__(self) -> str:
        words = []
        if self.valuation is not None:
            words.append(self.valuation.value)
        if self.system is not None:
            words.append(f"{self.system.value} trade system")
        if self.statistical_basis is not None:
            words.append(f"{self.statistical_basis.value} basis")
        if self.edition is not None:
            words.append(f"HS {self.edition.name[2:]}")
        if self.mode is not TransportMode.ALL:
            words.append(f"{self.mode.value} only")
        if self.treatment is not Treatment.ALL:
            words.append(f"{self.treatment.value} goods only")
        return ", ".join(words) if words else "basis not stated"


#: What to tell a user whose flows are on two bases.
_CHOOSE = (
    "choose one basis: filter the flows, take the other value a record holds "
    "(ComtradeRecord.on), or convert one with an explicit ValuationAdjustment"
)


def check_same(
    first: Basis,
    other: Basis,
    field: str,
    first_name: str,
    what: str,
    ignore: tuple[str, ...] = (),
) -> None:
    """Refuse ``other`` unless it is ``first`` (but for the fields in ``ignore``): ``what``
    ("a total") takes one basis."""
    differing = differing_fields(first, other, ignore)
    if differing:
        raise MismatchError(
            f"{field}.{differing[0]}",
            getattr(other, differing[0]),
            f"is measured as {other} but {first_name} as {first} (they differ in "
            f"{', '.join(differing)}): {what} takes flows on one basis; {_CHOOSE}",
        )


def differing_fields(first: Basis, other: Basis, ignore: tuple[str, ...] = ()) -> list[str]:
    return [
        name
        for name in _FIELDS
        if name not in ignore and getattr(other, name) != getattr(first, name)
    ]


def check_balanceable(exports: Basis, imports: Basis) -> None:
    """Refuse an export basis and an import basis that do not make one balance.

    Neither may be a part; they must agree in everything but valuation, and their valuations
    must both be stated or both not, on the same side of the freight.
    """
    for side, basis in (("exports", exports), ("imports", imports)):
        if basis.is_part:
            part = "mode" if basis.mode is not TransportMode.ALL else "treatment"
            raise MismatchError(
                f"{side}.basis.{part}",
                getattr(basis, part),
                f"is a part ({basis}): a balance takes the whole of the {side}, and a part "
                "is never added to or set against a whole",
            )
    x, m = exports.valuation, imports.valuation
    if (x is None) != (m is None):
        raise MismatchError(
            "imports.basis.valuation",
            m,
            f"is {_valued(m)} but the exports are {_valued(x)}: whether the two values are "
            "on one side of the freight cannot be told; state the valuation of both or of "
            f"neither ({_CHOOSE})",
        )
    if x is not None and m is not None and x.includes_freight != m.includes_freight:
        raise MismatchError(
            "imports.basis.valuation",
            m,
            f"is {_valued(m)} but the exports are {_valued(x)}: a balance of a value with "
            "freight and insurance against one without mixes two measures; "
            f"{_CHOOSE}",
        )
    check_same(exports, imports, "imports.basis", "the exports", "a balance", ("valuation",))


def _valued(valuation: Valuation | None) -> str:
    if valuation is None:
        return "valued on a basis not stated"
    return f"valued {valuation.value}" + (
        " (with freight and insurance)"
        if valuation.includes_freight
        else " (without freight and insurance)"
    )


def check_part_of(part: Basis, whole: Basis) -> None:
    """Refuse a part whose basis is not that of the whole or of a part of it."""
    if whole.is_part and part != whole:
        raise MismatchError(
            "whole.basis",
            str(whole),
            "is itself a part; a share is of a whole, or of the very same part",
        )
    check_same(whole, part.whole, "part.basis", "the whole", "a share")


def check_sides(
    entries: Iterable[tuple[str, str, str | None, Basis]],
    pairing: str | None,
    what: str,
    ignore: tuple[str, ...] = (),
) -> None:
    """Refuse a collection of flows a calculation over all of them cannot combine.

    ``entries`` are (reporter, direction, partner, basis), directions as their values
    (``"export"``). Each reporter's flows of one direction are on one basis; where ``pairing``
    is ``"balance"``, each reporter's export and import bases make a balance; where it is
    ``"mirror"``, each exporter's exports and its partner's imports do (partners given).
    The fields in ``ignore`` may differ (the valuation, for a calculation that sets one
    valuation against another).
    """
    rows = sorted(entries, key=lambda e: (e[0], e[1], str(e[2]), repr(e[3])))
    sides: dict[tuple[str, str], Basis] = {}
    mirrored: set[tuple[str, str]] = set()
    for reporter, direction, partner, basis in rows:
        first = sides.setdefault((reporter, direction), basis)
        differing = differing_fields(first, basis, ignore)
        if differing:
            raise MismatchError(
                f"basis.{differing[0]}",
                getattr(basis, differing[0]),
                f"{reporter}'s {direction} flows are measured two ways ({first}; {basis}): "
                f"{what} takes one basis for each reporter and direction; {_CHOOSE}",
            )
        if pairing == "mirror" and direction == "export" and partner is not None:
            mirrored.add((reporter, partner))
    if pairing == "balance":
        for reporter, direction in sorted(sides):
            if direction == "export" and (reporter, "import") in sides:
                check_balanceable(sides[(reporter, "export")], sides[(reporter, "import")])
    elif pairing == "mirror":
        for exporter, importer in sorted(mirrored):
            if (importer, "import") in sides:
                check_balanceable(sides[(exporter, "export")], sides[(importer, "import")])
