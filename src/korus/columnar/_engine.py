"""What an engine of korus.columnar provides: one typed interface, implemented by the Polars
plans and by the SQL plans (DuckDB, Spark), and held to the same results by the conformance
suite (tests/columnar/test_conformance.py)."""

from __future__ import annotations

from typing import Any, Protocol


class Engine(Protocol):
    """A table engine: how a table comes in and goes out, and every calculation."""

    def source(self, table: Any, kind: str) -> Any:
        """The user's table (of a kind korus.columnar._kind names) as the engine's frame."""

    def prepare(self, frame: Any, scale: int | None, *, check: bool = True) -> tuple[Any, int]:
        """The frame with korus's column types and the scale of its values, checked unless
        the calculation judges the table in its own pass."""

    def deliver(self, result: Any, kind: str) -> Any:
        """A result in the kind of table the user gave."""

    def from_chunks(self, chunks: list[list[dict[str, Any]]], scale: int) -> Any:
        """A table of the engine from rows of korus's columns, in chunks."""

    def from_arrow(self, table: Any) -> Any:
        """A table of the engine from an Arrow table of korus's columns."""

    def result_of(self, frame: Any, table: Any) -> Any:
        """An Arrow table as a result of a calculation over ``frame``, where ``frame`` lives."""

    def rows(self, frame: Any) -> list[dict[str, Any]]:
        """The rows of a prepared frame."""

    def validated(self, frame: Any, s: int) -> Any:
        """The prepared frame itself, as a result."""

    def bases(self, frame: Any, partners: bool) -> list[dict[str, Any]]:
        """The distinct reporters, directions (and partners) with the basis columns of a
        prepared frame; none where it has no basis column."""

    def grouped(
        self,
        frame: Any,
        keys: tuple[str, ...],
        fields: tuple[str, ...],
        where: tuple[tuple[str, str], ...] = (),
    ) -> list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """Each group of rows by ``keys`` (of the rows whose columns equal the texts in
        ``where``): its key, and its rows' ``fields``. For the indices, whose exact arithmetic
        (squares of 28-digit values) no engine's decimals hold."""

    def balances(self, frame: Any, s: int, *, currencies: list[str] | None = None) -> Any: ...

    def totals(self, frame: Any, s: int) -> Any: ...

    def shares(self, frame: Any, s: int) -> Any: ...

    def changes(self, frame: Any, s: int) -> Any: ...

    def share_changes(self, frame: Any, s: int) -> Any: ...

    def rank_partners(self, frame: Any, s: int, by: str) -> Any: ...

    def mirror(self, frame: Any, s: int) -> Any: ...

    def decompose_mirror(self, frame: Any, s: int) -> Any: ...

    def top_products(self, frame: Any, s: int, n: int) -> Any: ...
