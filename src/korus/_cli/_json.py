"""The korus command's output as data: JSON documents whose shape is fixed by the schemas in
``korus/data/schemas`` (one per command, versioned), with every number a decimal string and
nothing that depends on ``--locale`` outside the ``display`` fields."""

from __future__ import annotations

import datetime
import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from korus._figures import Figure, Range, Verdict
from korus._model import Provenance
from korus.claims import ClaimCheck, PublishedFigure

#: The version of the documents' shape; it changes only when a field changes meaning or goes.
SCHEMA_VERSION: Final = 1

_INEXACT: Final = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


def number(value: Fraction | Decimal) -> str:
    """A number as a decimal string: exactly where it has a finite decimal form, otherwise to
    28 significant digits (a share of 1/3)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        # Exact: scaled by the power of ten the denominator divides.
        places = 0
        while (10**places) % value.denominator:
            places += 1
        # From text, which Decimal reads exactly whatever the context's precision.
        exact = Decimal(f"{value.numerator * (10**places // value.denominator)}E-{places}")
        return format(exact, "f")
    with decimal.localcontext(_INEXACT):
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")


def range_of(allowed: Range | None) -> dict[str, str] | None:
    if allowed is None:
        return None
    return {"low": number(allowed.low), "high": number(allowed.high), "unit": allowed.unit}


def figure_of(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {
        "value": number(figure.value),
        "unit": figure.unit,
        "rounded_to": number(figure.step),
        "range": range_of(figure.range),
    }


def source_of(provenance: Provenance | None, key: str | None = None) -> dict[str, Any] | None:
    if provenance is None:
        return None
    released = provenance.released
    return {
        "key": key,
        "publisher": provenance.publisher,
        "document": provenance.document,
        "url": provenance.url,
        "released": released.isoformat() if isinstance(released, datetime.date) else None,
    }


def published_source(figure: PublishedFigure) -> dict[str, Any] | None:
    found = source_of(figure.figure.provenance, figure.key)
    if found is not None and figure.released is not None:
        found["released"] = figure.released.isoformat()
    return found


def check_result(result: ClaimCheck) -> dict[str, Any]:
    detail: Verdict | None = result.detail
    return {
        "claim": None if result.claim is None else result.claim.id,
        "verdict": None if result.verdict is None else result.verdict.value,
        "rejected": result.rejected,
        "scope": result.scope,
        "route": None if detail is None else detail.route,
        "printed": None if detail is None else figure_of(detail.figure),
        "data": None if detail is None else range_of(detail.computed),
        "excess": None if detail is None or detail.excess is None else number(detail.excess),
        "sources": [] if detail is None else list(detail.sources),
        "explanation": result.explanation,
        "error": result.error,
    }


def check_document(
    results: list[ClaimCheck], counts: dict[str, int], note: str | None, as_of: Any, version: str
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "korus_version": version,
        "as_of": None if as_of is None else as_of.isoformat(),
        "data": note,
        "results": [check_result(r) for r in results],
        "summary": counts,
    }
