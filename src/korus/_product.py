"""What was traded: goods, services, both, or a product under a classification."""

from __future__ import annotations

import functools
from typing import Any, Final, TypeAlias

import attrs

from korus._enum import KorusEnum
from korus._errors import InvalidTypeError, InvalidValueError, ParseError, UnknownCodeError
from korus._tables import table_rows


class Coverage(KorusEnum):
    """The broad coverage of a flow: all goods, all services, or both together.

    >>> Coverage.coerce("goods", "scope")
    Coverage.GOODS
    """

    GOODS = "goods"
    SERVICES = "services"
    GOODS_AND_SERVICES = "goods_and_services"


class Classification(KorusEnum):
    """A product classification korus can validate codes of.

    - ``HS``: the Harmonized System: 2-digit chapters, 4-digit headings, 6-digit subheadings.
    - ``USITC``: the sectors of the USITC's "Shifts in U.S. Merchandise Trade" (named, not
      numbered).
    """

    HS = "HS"
    USITC = "USITC"


USITC_SECTORS: Final[tuple[str, ...]] = (
    "Agricultural products",
    "Forest products",
    "Chemicals and related products",
    "Energy-related products",
    "Textiles and apparel",
    "Footwear",
    "Minerals and metals",
    "Machinery",
    "Transportation equipment",
    "Electronic products",
    "Miscellaneous manufactures",
    "Special provisions",
)


@functools.cache
def hs_chapters() -> dict[str, str]:
    """HS chapter code -> title, read once from the package data."""
    return {row["chapter"]: row["title"] for row in table_rows("hs_chapters.csv")}


class ProductLevel(KorusEnum):
    """How fine a product is: an HS chapter (2 digits), heading (4) or subheading (6), or a
    USITC sector.

    >>> Product("HS", "8703").level
    ProductLevel.HEADING
    """

    CHAPTER = "chapter"
    HEADING = "heading"
    SUBHEADING = "subheading"
    SECTOR = "sector"


_HS_LEVELS: Final = {2: ProductLevel.CHAPTER, 4: ProductLevel.HEADING, 6: ProductLevel.SUBHEADING}

#: The chapters the HS leaves to national use (WCO, HS Nomenclature, General Rules; the US
#: Harmonized Tariff Schedule's chapters 98 and 99; UN Comtrade files unspecified trade in 99).
#: They hold real trade, count in every total, and mean different things in different countries.
NATIONAL_CHAPTERS: Final = {
    "98": "Special classification provisions (reserved for national use)",
    "99": "Temporary legislation and special transactions (reserved for national use)",
}


def _check_code(instance: Product, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            "code",
            value,
            f"must be a str (codes keep their leading zeros), not {type(value).__name__}",
        )
    if instance.classification is Classification.HS:
        if len(value) not in _HS_LEVELS or not value.isascii() or not value.isdigit():
            raise InvalidValueError(
                "code", value, "an HS code has 2, 4 or 6 digits, as a str, e.g. '84' or '8471'"
            )
        if value[:2] not in hs_chapters() and value[:2] not in NATIONAL_CHAPTERS:
            raise UnknownCodeError("code", value, f"HS chapter {value[:2]} does not exist")
    elif value not in USITC_SECTORS:
        raise UnknownCodeError(
            "code", value, f"is not a USITC sector; the sectors are {', '.join(USITC_SECTORS)}"
        )


def _classification(value: Any) -> Classification:
    return Classification.coerce(value, "classification")


@attrs.frozen(repr=False, cache_hash=True)
class Product:
    """A product, or group of products, under a classification.

    HS codes are strings: ``"0101"`` is a heading, and would lose its meaning as ``101``.

    >>> machinery = Product("HS", "84")
    >>> machinery
    Product(Classification.HS, '84')
    >>> machinery.level, machinery.title
    (ProductLevel.CHAPTER, 'Nuclear reactors, boilers, machinery and mechanical appliances; parts thereof')
    >>> machinery.contains(Product("HS", "847130"))
    True
    """

    classification: Classification = attrs.field(converter=_classification)
    code: str = attrs.field(validator=_check_code)

    @classmethod
    def parse(cls, text: str) -> Product:
        """Read ``"HS:84"`` or ``"USITC:Machinery"``.

        >>> Product.parse("HS:8703")
        Product(Classification.HS, '8703')
        """
        if not isinstance(text, str):
            raise InvalidTypeError("product", text, f"must be a str, not {type(text).__name__}")
        scheme, sep, code = text.partition(":")
        if not sep or len(text) > 100:
            raise ParseError("product", text, "must read 'CLASSIFICATION:CODE', e.g. 'HS:84'")
        return cls(Classification.coerce(scheme.strip(), "product"), code.strip())

    @property
    def level(self) -> ProductLevel:
        """A chapter, heading or subheading for HS; a sector for USITC."""
        if self.classification is Classification.HS:
            return _HS_LEVELS[len(self.code)]
        return ProductLevel.SECTOR

    @property
    def title(self) -> str | None:
        """The legal title of an HS chapter, the name of a sector; None where korus has none."""
        if self.classification is Classification.HS:
            if len(self.code) != 2:
                return None
            return NATIONAL_CHAPTERS.get(self.code) or hs_chapters()[self.code]
        return self.code

    @property
    def is_national(self) -> bool:
        """Whether the product is in chapter 98 or 99, which the HS leaves to national use:
        its codes mean what the reporter says (US special provisions, Comtrade's unspecified
        goods), so the same code from two reporters need not be the same goods.

        >>> Product("HS", "98").is_national, Product("HS", "98").title
        (True, 'Special classification provisions (reserved for national use)')
        """
        return self.classification is Classification.HS and self.code[:2] in NATIONAL_CHAPTERS

    @property
    def coverage(self) -> Coverage:
        """Products are goods."""
        return Coverage.GOODS

    def contains(self, other: Product) -> bool:
        """Whether ``other`` is this product or a part of it (HS 84 contains HS 8471)."""
        if not isinstance(other, Product):
            raise InvalidTypeError("other", other, f"must be a Product, not {type(other).__name__}")
        if other.classification is not self.classification:
            return False
        if self.classification is Classification.HS:
            return other.code.startswith(self.code)
        return other.code == self.code

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Product):
            return NotImplemented
        return (self.classification.value, self.code) < (other.classification.value, other.code)

    def __repr__(self) -> str:
        return f"Product(Classification.{self.classification.name}, {self.code!r})"

    def __str__(self) -> str:
        return f"{self.classification.value}:{self.code}"


#: What a flow covers: a broad :class:`Coverage` or one :class:`Product`.
Scope: TypeAlias = Coverage | Product


def scope_text(scope: Scope) -> str:
    """A scope as text: ``goods`` for a coverage, ``HS:84`` for a product (what
    :func:`coerce_scope` reads back)."""
    return str(scope) if isinstance(scope, Product) else str(scope.value)


def check_scope(value: Any, field: str = "scope") -> Scope:
    """``value`` if it is a Coverage or a Product."""
    if isinstance(value, Coverage | Product):
        return value
    raise InvalidTypeError(
        field, value, f"must be a Coverage or a Product, not {type(value).__name__}"
    )


def coerce_scope(value: Any, field: str = "scope") -> Scope:
    """A scope from a Coverage, a Product, ``"goods"`` or ``"HS:84"``."""
    if isinstance(value, str) and ":" in value:
        return Product.parse(value)
    if isinstance(value, Product):
        return value
    return Coverage.coerce(value, field)


def scope_contains(outer: Scope, inner: Scope) -> bool:
    """Whether ``inner`` is the same as, or part of, ``outer``.

    Goods and services contains goods, services and every product; goods contains every product.

    >>> scope_contains(Coverage.GOODS, Product("HS", "88"))
    True
    >>> scope_contains(Coverage.SERVICES, Coverage.GOODS)
    False
    """
    check_scope(outer, "outer")
    check_scope(inner, "inner")
    if outer == inner or outer is Coverage.GOODS_AND_SERVICES:
        return True
    if isinstance(outer, Product):
        return isinstance(inner, Product) and outer.contains(inner)
    return outer is Coverage.GOODS and isinstance(inner, Product)
