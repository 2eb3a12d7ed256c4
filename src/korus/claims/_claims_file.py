"""Files of claims (TOML or JSON, a list of ``[[claim]]`` tables), read into claims; a claim korus
cannot use is kept as a rejected check that says why, so one bad claim never hides the rest."""

from __future__ import annotations

import json
import pathlib
import tomllib
from typing import Any, Final

from korus._errors import InvalidTypeError, InvalidValueError, KorusError, ParseError
from korus._validate import items
from korus.claims._claims import Claim, ClaimCheck
from korus.claims._published import _read_text

MAX_CLAIMS: Final = 100_000


def _claims_from(entries: Any, name: str) -> list[ClaimCheck | Claim]:
    result: list[ClaimCheck | Claim] = []
    for index, entry in enumerate(items(entries, "claims")[: MAX_CLAIMS + 1]):
        if index == MAX_CLAIMS:
            raise InvalidValueError("claims", name, f"has more than {MAX_CLAIMS} claims")
        label = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            if not isinstance(entry, dict):
                raise InvalidTypeError("claim", entry, "must be a table of fields")
            unknown = set(entry) - {
                "id",
                "reporter",
                "partner",
                "year",
                "scope",
                "measure",
                "text",
                "products",
                "change",
                "since",
                "base",
            }
            if unknown:
                raise InvalidValueError("claim", sorted(unknown), "has fields korus does not know")
            for field in ("reporter", "partner", "year", "measure"):
                if field not in entry:
                    raise InvalidValueError(field, None, "is missing")
            result.append(
                Claim(
                    str(label),
                    entry["reporter"],
                    entry["partner"],
                    entry["year"],
                    entry["measure"],
                    text=entry.get("text"),
                    scope=entry.get("scope"),
                    products=entry.get("products"),
                    change=entry.get("change"),
                    since=entry.get("since"),
                    base=entry.get("base"),
                )
            )
        except KorusError as error:
            result.append(
                ClaimCheck(None, None, f"claim {label}: {error}", error=f"claim {label}: {error}")
            )
    return result


def load_claims(path: str | pathlib.Path) -> list[Claim | ClaimCheck]:
    r"""Read a claims file (TOML with ``[[claim]]`` tables, or JSON with a ``"claims"`` list).

    Each claim that cannot be read comes back as a rejected :class:`ClaimCheck` naming the
    claim and the field, in its place: nothing is skipped.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "claims.toml"
    >>> _ = path.write_text('[[claim]]\nid = "d"\nreporter = "USA"\npartner = "KOR"\nyear = 2016\nmeasure = "deficit"\nscope = "goods"\ntext = "$27.7 billion"\n')
    >>> [c.id for c in load_claims(path)]
    ['d']
    """
    text, name = _read_text(path, "file")
    file = pathlib.Path(name)
    if file.suffix.lower() == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ParseError(
                "file", str(file), f"is not valid JSON: {error.msg} at line {error.lineno}"
            ) from None
        except (ValueError, RecursionError) as error:
            # An int past Python's digit limit; nesting deeper than the parser goes.
            raise ParseError(
                "file", str(file), f"holds what korus does not read: {error}"[:200]
            ) from None
        entries = document.get("claims") if isinstance(document, dict) else None
    else:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ParseError("file", str(file), f"is not valid TOML: {error}") from None
        except (ValueError, RecursionError) as error:
            raise ParseError(
                "file", str(file), f"holds what korus does not read: {error}"[:200]
            ) from None
        entries = document.get("claim")
    if not isinstance(entries, list):
        raise ParseError(
            "file", str(file), 'has no list of claims ([[claim]] in TOML, "claims" in JSON)'
        )
    return _claims_from(entries, str(file))
