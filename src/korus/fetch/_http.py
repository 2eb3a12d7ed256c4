"""One GET of a source's API: retried with backoff on transient faults (stamina), waiting as
long as a 429 or 503 asks (``Retry-After``), with a timeout; a refusal or a fault past every
retry is a :class:`~korus.FetchError` with the API's own message. Keys travel in headers or
parameters given apart from the :class:`Request`, so they are never stored, logged or put in
an error."""

from __future__ import annotations

import datetime
import email.utils
import json
import logging
from collections.abc import Mapping
from typing import Any, Final

import attrs
import httpx
import stamina

from korus._errors import FetchError
from korus.fetch._cache import Cache, CacheEntry, Request

_LOG: Final = logging.getLogger("korus.fetch")
#: Past this, a server's Retry-After is an outage, not a rate limit: korus says so.
MAX_RETRY_AFTER: Final = 120.0


@attrs.frozen
class Answer:
    """A source's answer: its bytes, content type and when it came."""

    body: bytes
    content_type: str
    retrieved: datetime.datetime


class _Transient(Exception):
    """A status worth another try (429, 5xx), with the wait the server asked for."""

    def __init__(self, status: int, message: str, wait: float | None) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message
        self.wait = wait


def _backoff(error: Exception) -> bool | float:
    if isinstance(error, _Transient):
        return True if error.wait is None else error.wait
    return isinstance(error, httpx.TransportError)  # timeouts, resets, answers cut short


def _retry_after(response: httpx.Response) -> float | None:
    text = response.headers.get("Retry-After")
    if text is None:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        seconds = (when - datetime.datetime.now(datetime.UTC)).total_seconds()
    return max(0.0, seconds)


def _message(response: httpx.Response) -> str:
    """The API's own words: a JSON ``message`` or ``error``, else the start of its text."""
    text = response.text[:500]
    try:
        document = json.loads(text)
    except ValueError:
        return " ".join(text.split())[:200] or response.reason_phrase
    if isinstance(document, dict):
        for name in ("message", "error", "errorMessage"):
            if isinstance(document.get(name), str) and document[name]:
                return str(document[name])[:200]
    return " ".join(text.split())[:200]


@attrs.define
class Client:
    """How korus talks to a source: an httpx client, the attempts and the time it allows.

    :param timeout: seconds to wait for a connection and for each read.
    :param attempts: tries of one request, the first included.
    :param patience: seconds all tries of one request may take, waits included.
    :param transport: an httpx transport (tests serve answers through one).
    """

    timeout: float = 60.0
    attempts: int = 5
    patience: float = 600.0
    transport: httpx.BaseTransport | None = None

    def get(
        self,
        request: Request,
        *,
        secret_params: Mapping[str, str] | None = None,
        secret_headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] = ("application/json",),
    ) -> Answer:
        """The answer to ``request``; :class:`~korus.FetchError` for a refusal (4xx, with the
        API's message), for faults past every attempt, or for an answer of another type."""
        # Pairs, not a dict: the Census API takes a predicate several times (CTY_CODE=...&...).
        params = httpx.QueryParams([*request.params, *(secret_params or {}).items()])
        tries = 0
        # Redirects are not followed: a key in a header would go along to wherever they point.
        with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
            try:
                for attempt in stamina.retry_context(
                    on=_backoff,
                    attempts=self.attempts,
                    timeout=self.patience,
                    wait_initial=0.5,
                    wait_max=30.0,
                ):
                    with attempt:
                        tries = attempt.num
                        if attempt.num > 1:
                            _LOG.info("try %d of %s", attempt.num, request)
                        response = client.get(
                            request.url, params=params, headers=dict(secret_headers or {})
                        )
                        answer = self._judged(request, response, accept, secret_params)
            except _Transient as error:
                raise FetchError(
                    "request",
                    str(request),
                    f"answered {error.status} ({error.message}) {_times(tries)}",
                ) from None
            except httpx.TransportError as error:
                raise FetchError(
                    "request",
                    str(request),
                    f"failed {_times(tries)}: {type(error).__name__} "
                    f"{_without(str(error), secret_params)}",
                ) from None
        _LOG.info("fetched %s: %d bytes", request, len(answer.body))
        return answer

    @staticmethod
    def _judged(
        request: Request,
        response: httpx.Response,
        accept: tuple[str, ...],
        secrets: Mapping[str, str] | None,
    ) -> Answer:
        status = response.status_code
        message = _without(_message(response), secrets)  # an API may echo what it was sent
        if status == 429 or status >= 500:
            wait = _retry_after(response)
            if wait is not None and wait > MAX_RETRY_AFTER:
                raise FetchError(
                    "request",
                    str(request),
                    f"answered {status} and asks to wait {wait:.0f} s: try again later",
                )
            raise _Transient(status, message, wait)
        if status >= 400:
            raise FetchError("request", str(request), f"was refused ({status}): {message}")
        if 300 <= status < 400:
            where = _without(response.headers.get("Location", "nowhere said"), secrets)
            raise FetchError(
                "request", str(request), f"is redirected ({status}) to {where}: ask that address"
            )
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if status == 204:
            kind = accept[0]  # no content: the caller says what an empty answer means
        elif kind not in accept:
            raise FetchError(
                "request",
                str(request),
                f"answered {kind or 'no content type'}, not {' or '.join(accept)}: {message}",
            )
        return Answer(response.content, kind, datetime.datetime.now(datetime.UTC))


def _times(tries: int) -> str:
    return "once" if tries == 1 else f"{tries} times"


def _without(text: str, secrets: Mapping[str, Any] | None) -> str:
    # httpx names the URL in some errors, and a key in a query would be in it.
    for value in (secrets or {}).values():
        if value:
            text = text.replace(str(value), "***")
    return text


def kept_or_fetched(
    cache: Cache,
    client: Client,
    request: Request,
    *,
    secret_params: Mapping[str, str] | None = None,
    secret_headers: Mapping[str, str] | None = None,
) -> tuple[CacheEntry, bytes]:
    """The answer to ``request``: the cache's, where it keeps one, else the source's, kept."""
    kept = cache.get(request)
    if kept is not None:
        return kept
    got = client.get(request, secret_params=secret_params, secret_headers=secret_headers)
    return cache.put(request, got.body, got.content_type, retrieved=got.retrieved), got.body
