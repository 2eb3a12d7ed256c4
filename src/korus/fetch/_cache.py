"""Responses kept on disk, each beside what was asked, when, and the hash of its bytes, so that
an analysis re-runs on the bytes it first ran on."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import pathlib
import re
import tempfile
import urllib.parse
from typing import Any, Final

import attrs

from korus._errors import FetchError, InvalidTypeError, InvalidValueError
from korus._validate import instance_of

_FORMAT: Final = "korus-cache-1"
_KEY: Final = re.compile(r"[0-9a-f]{64}")


def _params(value: Any) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, dict) else value
    try:
        pairs = tuple(sorted((str(k), str(v)) for k, v in items))
    except (TypeError, ValueError):
        raise InvalidTypeError("params", value, "must be pairs of names and values") from None
    return pairs


@attrs.frozen(cache_hash=True)
class Request:
    """What was asked of a source: the URL and its query's parameters, sorted. A key is never
    part of it (it is sent beside the request, never stored or logged).

    >>> request = Request("https://comtradeapi.un.org/public/v1/preview/C/A/HS", {"reporterCode": "842", "period": "2022"})
    >>> str(request)
    'https://comtradeapi.un.org/public/v1/preview/C/A/HS?period=2022&reporterCode=842'
    >>> request.key[:12]
    '22745dfc8789'
    """

    url: str = attrs.field(validator=instance_of(str, "url"))
    params: tuple[tuple[str, str], ...] = attrs.field(converter=_params)

    @property
    def key(self) -> str:
        """The request's name in a cache: the SHA-256 of its URL and parameters."""
        text = json.dumps([self.url, self.params], separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def __str__(self) -> str:
        return f"{self.url}?{urllib.parse.urlencode(self.params)}" if self.params else self.url


def _utc(value: datetime.datetime) -> datetime.datetime:
    if not isinstance(value, datetime.datetime) or value.utcoffset() is None:
        raise InvalidValueError("retrieved", value, "must be a datetime with a time zone")
    return value.astimezone(datetime.UTC)


@attrs.frozen(cache_hash=True)
class CacheEntry:
    """One response kept in a :class:`Cache`: the request, when it was retrieved, the SHA-256
    and size of its bytes, its content type, and the source's release of the data where the
    source states one."""

    request: Request = attrs.field(validator=instance_of(Request, "request"))
    retrieved: datetime.datetime = attrs.field(converter=_utc)
    sha256: str = attrs.field(validator=instance_of(str, "sha256"))
    size: int = attrs.field(validator=instance_of(int, "size"))
    content_type: str = attrs.field(validator=instance_of(str, "content_type"))
    released: str | None = attrs.field(
        default=None, validator=instance_of(str, "released", optional=True)
    )

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON, as the cache and a pin file store it."""
        return {
            "format": _FORMAT,
            "url": self.request.url,
            "params": [list(p) for p in self.request.params],
            "retrieved": self.retrieved.isoformat(),
            "sha256": self.sha256,
            "size": self.size,
            "content_type": self.content_type,
            "released": self.released,
        }

    @classmethod
    def from_json(cls, document: Any, where: str) -> CacheEntry:
        """An entry as :meth:`to_json` wrote it; a :class:`~korus.FetchError` naming ``where``
        for anything else."""
        try:
            if document["format"] != _FORMAT:
                raise ValueError(document["format"])
            return cls(
                Request(document["url"], [tuple(p) for p in document["params"]]),
                datetime.datetime.fromisoformat(document["retrieved"]),
                document["sha256"],
                document["size"],
                document["content_type"],
                document["released"],
            )
        except (KeyError, TypeError, ValueError) as error:
            raise FetchError(
                "cache", where, f"is not an entry of a korus cache ({error})"
            ) from None


class Cache:
    """A folder of responses, one file of bytes and one of its :class:`CacheEntry` each, named
    by the request's key. A response is written whole before its entry, so an interrupted
    download leaves no entry, and is fetched again; an entry whose bytes no longer have its
    hash is refused, never read.

    :param offline: read from the cache only: a request it does not hold is an error, not a
        download.
    :param pinned: a pin file (:meth:`pin`): only the responses it names, with its hashes, are
        read; implies ``offline``.

    >>> import tempfile
    >>> cache = Cache(tempfile.mkdtemp())
    >>> request = Request("https://api.census.gov/data/timeseries/intltrade/exports/hs", {"get": "ALL_VAL_MO"})
    >>> entry = cache.put(request, b'[["ALL_VAL_MO"]]', "application/json")
    >>> cache.get(request) == (entry, b'[["ALL_VAL_MO"]]')
    True
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        offline: bool = False,
        pinned: str | os.PathLike[str] | None = None,
    ) -> None:
        if not isinstance(directory, str | os.PathLike):
            raise InvalidTypeError("directory", directory, "must be a path")
        self.directory = pathlib.Path(directory)
        self.pins: dict[str, str] | None = None
        if pinned is not None:
            self.pins = {e.request.key: e.sha256 for e in _read_pins(pinned)}
        self.offline = bool(offline) or pinned is not None

    def __repr__(self) -> str:
        return f"Cache({str(self.directory)!r}, offline={self.offline})"

    def _paths(self, request: Request) -> tuple[pathlib.Path, pathlib.Path]:
        key = request.key
        return self.directory / f"{key}.body", self.directory / f"{key}.json"

    def get(self, request: Request) -> tuple[CacheEntry, bytes] | None:
        """The entry and bytes kept for ``request``, checked against their hash; None if the
        cache holds none (an error if the cache is offline, or pinned and the pin names none)."""
        body_path, entry_path = self._paths(request)
        if self.pins is not None and request.key not in self.pins:
            raise FetchError("request", str(request), "is not among the pinned responses")
        try:
            document = json.loads(entry_path.read_bytes())
        except FileNotFoundError:
            if self.offline:
                raise FetchError(
                    "request", str(request), f"is not in the cache {self.directory} (offline)"
                ) from None
            return None
        except ValueError:
            raise FetchError("cache", str(entry_path), "is not JSON") from None
        entry = CacheEntry.from_json(document, str(entry_path))
        try:
            body = body_path.read_bytes()
        except FileNotFoundError:
            raise FetchError("cache", str(body_path), "is missing beside its entry") from None
        digest = hashlib.sha256(body).hexdigest()
        expected = entry.sha256 if self.pins is None else self.pins[request.key]
        if digest != entry.sha256 or digest != expected:
            raise FetchError(
                "cache",
                str(body_path),
                f"has SHA-256 {digest}, not the {expected} it was kept with",
            )
        return entry, body

    def put(
        self,
        request: Request,
        body: bytes,
        content_type: str,
        *,
        retrieved: datetime.datetime | None = None,
        released: str | None = None,
    ) -> CacheEntry:
        """Keep ``body`` as the answer to ``request``: the bytes first, then the entry, each
        written whole (a reader never sees half of either)."""
        if self.offline:
            raise FetchError("cache", str(self.directory), "is offline: nothing is written to it")
        entry = CacheEntry(
            request,
            retrieved or datetime.datetime.now(datetime.UTC),
            hashlib.sha256(body).hexdigest(),
            len(body),
            content_type,
            released,
        )
        self.directory.mkdir(parents=True, exist_ok=True)
        body_path, entry_path = self._paths(request)
        _write_whole(body_path, body)
        _write_whole(entry_path, json.dumps(entry.to_json(), indent=1).encode())
        return entry

    def entries(self) -> tuple[CacheEntry, ...]:
        """Every entry the cache holds, oldest first."""
        found = [
            CacheEntry.from_json(json.loads(path.read_bytes()), str(path))
            for path in sorted(self.directory.glob("*.json"))
            if _KEY.fullmatch(path.stem)  # a pin file kept beside the entries is none of them
        ]
        return tuple(sorted(found, key=lambda e: (e.retrieved, e.request.key)))

    def pin(
        self, path: str | os.PathLike[str], entries: tuple[CacheEntry, ...] | None = None
    ) -> pathlib.Path:
        """Write a pin file naming ``entries`` (by default every entry) with their hashes: ship
        it and the cache beside an analysis, and ``Cache(folder, pinned=path)`` reads exactly
        those bytes again, offline."""
        chosen = self.entries() if entries is None else entries
        target = pathlib.Path(path)
        document = {"format": _FORMAT, "entries": [e.to_json() for e in chosen]}
        _write_whole(target, json.dumps(document, indent=1).encode())
        return target


def _read_pins(path: str | os.PathLike[str]) -> tuple[CacheEntry, ...]:
    try:
        document = json.loads(pathlib.Path(path).read_bytes())
        return tuple(CacheEntry.from_json(e, str(path)) for e in document["entries"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise FetchError("pinned", str(path), f"is not a korus pin file ({error})") from None


def _write_whole(path: pathlib.Path, data: bytes) -> None:
    # A file is renamed into place: another process, or a later run after an interruption,
    # sees the old file or the new one, never a part.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise
