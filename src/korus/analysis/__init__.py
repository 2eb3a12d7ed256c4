"""Analysis beyond balances: the mirror decomposition, and trade indices from exact shares.

Why do A's exports to B differ from B's imports from A? :func:`decompose_mirror` splits the gap
into valuation (CIF - FOB, from the importer's own figures where it reports both), re-exports
through named third economies and a residual, which sum to the gap exactly. How concentrated,
how specialised is the trade? :func:`hhi` and :func:`concentration` (Herfindahl-Hirschman),
:func:`rca` (Balassa), :func:`trade_intensity` and :func:`complementarity` compute each index
from the amounts in one exact step, and from printed figures return the range their rounding
allows.

>>> from korus import analysis, parse_amount
>>> print(analysis.hhi({"CHN": parse_amount("$1"), "JPN": parse_amount("$1"), "MEX": parse_amount("$1")}))
3333.3333 points
>>> analysis.hhi({"CHN": parse_amount("$1"), "JPN": parse_amount("$1"), "MEX": parse_amount("$1")}).low
Fraction(10000, 3)
"""

from korus._public import publish as _publish
from korus.analysis._indices import (
    ConcentrationBy,
    HHIUnit,
    complementarity,
    concentration,
    hhi,
    rca,
    trade_intensity,
)
from korus.analysis._mirror import (
    ComponentKind,
    MirrorComponent,
    MirrorDecomposition,
    decompose_mirror,
)

__all__ = [
    "ComponentKind",
    "ConcentrationBy",
    "HHIUnit",
    "MirrorComponent",
    "MirrorDecomposition",
    "complementarity",
    "concentration",
    "decompose_mirror",
    "hhi",
    "rca",
    "trade_intensity",
]

_publish(globals(), __all__, "korus.analysis")
