"""korus.fetch against a UN Comtrade API served by the tests themselves on 127.0.0.1: the answers
in the API's format (korus.testing's writer), its cap, and the faults real clients meet (429
with Retry-After, 500 then success, a body cut short, a wrong content type, a count above the
records, a timeout, an empty answer, a bad key). No test touches the network."""

import contextlib
import datetime
import http.server
import json
import logging
import subprocess
import sys
import threading
import urllib.parse

import pytest
import stamina
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import korus
from korus import fetch
from korus.testing import ComtradeRow, comtrade_api_json

#: The API's world: four reporters, five partners, three years, both flows.
REPORTERS = ("842", "410", "156", "392")
PARTNERS = ("0", "842", "410", "156", "392", "276")
UNIVERSE = tuple(
    ComtradeRow(r, p, f, y, **({"cif": v} if f == "M" else {"fob": v}))
    for y in (2020, 2021, 2022)
    for r in REPORTERS
    for p in PARTNERS
    if r != p
    for f, v in (("M", f"{int(r) * 7 + int(p) + y}"), ("X", f"{int(r) * 5 + int(p) + y}"))
)
KEY = "secret-key-0123"


class Api(http.server.ThreadingHTTPServer):
    """The Comtrade API, as far as korus uses it: filters, a cap, faults queued by a test."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.faults = []  # (status, headers, body) served before any real answer
        self.requests = []
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, path, params, headers):
        with self.lock:
            self.requests.append((path, params, headers))
            if self.faults:
                return self.faults.pop(0)
        if path.startswith("/data/timeseries/intltrade/"):
            return _census(path, params)
        keyed = path.startswith("/data/v1/")
        if keyed and headers.get("Ocp-Apim-Subscription-Key") != KEY:
            body = {"statusCode": 401, "message": "Access denied due to invalid subscription key."}
            return 401, {"Content-Type": "application/json"}, json.dumps(body).encode()
        if "/getDA/" in path:  # when each reporter's data for each period were last released
            data = [
                {
                    "reporterCode": int(r),
                    "period": p,
                    "lastReleased": f"{int(p) + 1}-06-30T00:00:00",
                }
                for r in params["reporterCode"].split(",")
                for p in params["period"].split(",")
            ]
            body = json.dumps({"count": len(data), "data": data, "error": ""}).encode()
            return 200, {"Content-Type": "application/json"}, body
        wanted = {
            name: set(params[name].split(",")) if name in params else None
            for name in ("reporterCode", "partnerCode", "period", "flowCode", "cmdCode")
        }
        rows = [
            row
            for row in UNIVERSE
            if row.reporter in wanted["reporterCode"]
            and (wanted["partnerCode"] is None or row.partner in wanted["partnerCode"])
            and str(row.year) in wanted["period"]
            and row.flow in wanted["flowCode"]
            and row.cmd in wanted["cmdCode"]
        ]
        cap = min(int(params.get("maxRecords", 500)), 500 if not keyed else 250_000)
        body = comtrade_api_json(rows[:cap], count=len(rows))
        return 200, {"Content-Type": "application/json; charset=utf-8"}, body


#: The Census API's world: exports of two HS chapters to four countries, the EU and the world,
#: whose total is the countries' sum.
_COUNTRIES = {"5800": "SOUTH KOREA", "5700": "CHINA", "1220": "CANADA", "5880": "JAPAN"}
CENSUS = tuple(
    row
    for chapter in ("10", "87")
    for row in (
        *((c, n, chapter, f"{int(c) * 10 + int(chapter)}") for c, n in _COUNTRIES.items()),
        ("0003", "EUROPEAN UNION", chapter, "777"),
        (
            "-",
            "TOTAL FOR ALL COUNTRIES",
            chapter,
            f"{sum(int(c) * 10 + int(chapter) for c in _COUNTRIES)}",
        ),
    )
)
CENSUS_KEY = "census-key-42"


def _census(path, params):
    """The Census API's answer: the `get` columns, then each predicate's, a row per match."""
    if params.get("key") not in (None, CENSUS_KEY):
        return 200, {"Content-Type": "text/html"}, b"<html><title>Invalid Key</title></html>"
    get = params["get"].split(",")
    if any(v not in ("CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "E_COMMODITY") for v in get):
        return 400, {"Content-Type": "text/plain"}, f"error: unknown variable '{get[-1]}'".encode()
    predicates = [(k, v) for k, v in params.items() if k not in ("get", "key") and "*" not in k]
    header = get + [k for k, _ in predicates if k not in get]
    rows = []
    for code, name, chapter, value in CENSUS:
        # A predicate given several times is any of its values.
        if code not in params.get("CTY_CODE*", [code]) or chapter not in params.get(
            "E_COMMODITY*", [chapter]
        ):
            continue
        fields = {"CTY_CODE": code, "CTY_NAME": name, "ALL_VAL_MO": value, "E_COMMODITY": chapter}
        fields |= {"time": params["time"], "COMM_LVL": params["COMM_LVL"]}
        rows.append([fields[c] for c in header])
    if not rows:
        return 204, {}, b""
    lines = ",\n".join(json.dumps(r) for r in [header, *rows])
    return 200, {"Content-Type": "application/json;charset=utf-8"}, f"[{lines}]".encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(parsed.query))
        # Each name's every value too, under "name*": the Census API's repeated predicates.
        params |= {f"{k}*": v for k, v in urllib.parse.parse_qs(parsed.query).items()}
        status, headers, body = self.server.answer(parsed.path, params, dict(self.headers))
        if status == "hang":
            self.server.release.wait(5)
            return
        self.send_response(status)
        length = headers.pop("Content-Length", len(body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # the tests print nothing
        pass


@pytest.fixture(scope="module")
def api():
    server = Api()
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fresh(api, monkeypatch):
    api.faults.clear()
    api.requests.clear()
    for name in (*fetch.KEY_VARIABLES, *fetch.CENSUS_KEY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KORUS_KEYS_FILE", "/nonexistent/korus/keys.toml")  # not the user's
    # Retries without their waits (stamina's own switch for tests); Retry-After is still read.
    stamina.set_testing(True, attempts=3)
    yield
    stamina.set_testing(False)


def client():
    return fetch.Client(timeout=2.0, attempts=3)


def expected(query):
    """The records the whole universe holds for ``query``, as (reporter, partner, flow, year)."""
    return sorted(
        (r.reporter, r.partner, r.flow, r.year)
        for r in UNIVERSE
        if korus.readers.comtrade_code(r.reporter).economy in query.reporters
        and (
            query.partners is None
            or korus.readers.comtrade_code(r.partner).economy in query.partners
        )
        and korus.Period(r.year) in query.periods
        and {"M": korus.Direction.IMPORT, "X": korus.Direction.EXPORT}[r.flow] in query.flows
    )


def got(fetched):
    codes = {e: c for c, s in korus.readers._crosswalk.comtrade_table().items() if (e := s.economy)}
    records = (*fetched.data.flows, *fetched.data.aggregates)
    return sorted(
        (
            codes[r.flow.reporter],
            "0" if r.flow.partner.code == "WLD" else codes[r.flow.partner],
            r.flow_code,
            r.flow.period.year,
        )
        for r in records
    )


def test_a_query_is_fetched_read_and_kept_with_its_provenance(api, tmp_path):
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR", "CHN"])
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert got(fetched) == expected(query)
    assert len(fetched.responses) == 1
    flow = fetched.data.flows[0].flow
    assert flow.provenance.publisher == "UN Comtrade"
    assert flow.provenance.url == str(fetched.responses[0].request)
    assert "retrieved" in flow.provenance.document
    assert flow.provenance.released == datetime.date(2023, 6, 30)
    assert fetched.releases.request.url.endswith("/public/v1/getDA/C/A/HS")
    path, params, _ = api.requests[1]
    assert path == "/public/v1/preview/C/A/HS"
    assert params["reporterCode"] == "842"
    assert params["partnerCode"] == "156,410"


def test_a_query_over_the_cap_is_split_until_no_answer_is_capped(api, tmp_path):
    query = fetch.ComtradeQuery(REPORTERS_ISO, [2020, 2021, 2022])
    cap = 40  # a smaller cap than the preview's, so that splitting goes deep
    fetched = _fetch_with_cap(api, query, tmp_path, cap)
    assert got(fetched) == expected(query)
    data = fetched.data
    assert data.rows == len(data.flows) + len(data.aggregates) + len(data.breakdowns)
    assert all(e.size > 0 for e in fetched.responses)
    assert len(api.requests) > len(fetched.responses)  # the capped answers were asked again


REPORTERS_ISO = ("USA", "KOR", "CHN", "JPN")


def _fetch_with_cap(api, query, folder, cap, **kwargs):
    original = fetch._comtrade.PREVIEW_CAP
    fetch._comtrade.PREVIEW_CAP = cap
    try:
        return fetch.fetch_comtrade(
            query, fetch.Cache(folder), client=client(), base_url=api.url, **kwargs
        )
    finally:
        fetch._comtrade.PREVIEW_CAP = original


def test_a_cached_answer_is_read_again_byte_for_byte_without_a_server(api, tmp_path):
    query = fetch.ComtradeQuery(["USA"], [2021, 2022], partners=["KOR"])
    first = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    asked = len(api.requests)
    offline = fetch.Cache(tmp_path, offline=True)
    again = fetch.fetch_comtrade(query, offline, base_url=api.url)
    assert len(api.requests) == asked  # the server was not asked again
    assert again == first
    assert [e.sha256 for e in again.responses] == [e.sha256 for e in first.responses]


def test_a_pinned_cache_reads_exactly_the_pinned_bytes(api, tmp_path):
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    cache = fetch.Cache(tmp_path / "cache")
    first = fetch.fetch_comtrade(query, cache, client=client(), base_url=api.url)
    pin = cache.pin(tmp_path / "analysis.pin.json")
    pinned = fetch.Cache(tmp_path / "cache", pinned=pin)
    assert fetch.fetch_comtrade(query, pinned, base_url=api.url) == first
    # The kept bytes changed after pinning: refused, never read.
    body = tmp_path / "cache" / f"{first.responses[0].request.key}.body"
    body.write_bytes(body.read_bytes().replace(b"2022", b"2023", 1))
    with pytest.raises(korus.FetchError, match="SHA-256"):
        fetch.fetch_comtrade(query, pinned, base_url=api.url)
    # Another query is not among the pinned answers.
    other = fetch.ComtradeQuery(["USA"], [2021], partners=["KOR"])
    with pytest.raises(korus.FetchError, match="not among the pinned"):
        fetch.fetch_comtrade(other, pinned, base_url=api.url)


def test_offline_a_request_the_cache_lacks_is_an_error(tmp_path):
    query = fetch.ComtradeQuery(["USA"], [2022])
    with pytest.raises(korus.FetchError, match="offline"):
        fetch.fetch_comtrade(query, fetch.Cache(tmp_path, offline=True))


def _json(body, status=200, **headers):
    return status, {"Content-Type": "application/json", **headers}, json.dumps(body).encode()


def test_a_rate_limit_is_waited_out_as_the_server_asks(api, tmp_path, monkeypatch, capsys):
    waits = []
    monkeypatch.setattr(fetch._http, "_backoff", _recording(waits))
    api.faults.append(
        _json({"statusCode": 429, "message": "Rate limit"}, 429, **{"Retry-After": "1"})
    )
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert got(fetched) == expected(query)
    assert waits == [1.0]
    assert len(api.requests) == 3  # the releases twice (a 429, then the answer), the data
    assert capsys.readouterr() == ("", "")  # a retry is logged, never printed


def _recording(waits):
    original = fetch._http._backoff

    def backoff(error):
        decision = original(error)
        waits.append(decision)
        return decision

    return backoff


def test_a_retry_after_beyond_reason_is_an_error_not_a_wait(api, tmp_path):
    api.faults.append(_json({"message": "maintenance"}, 503, **{"Retry-After": "86400"}))
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    with pytest.raises(korus.FetchError, match="asks to wait 86400 s"):
        fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)


def test_a_server_error_then_success_is_retried(api, tmp_path):
    api.faults.append(_json({"message": "boom"}, 500))
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert got(fetched) == expected(query)


def test_faults_past_every_attempt_are_an_error_and_nothing_is_kept(api, tmp_path):
    api.faults.extend([_json({"message": "boom"}, 502)] * 3)
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    with pytest.raises(korus.FetchError, match=r"answered 502 \(boom\) 3 times"):
        fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert list(tmp_path.iterdir()) == []


def test_a_body_cut_short_is_retried(api, tmp_path):
    whole = comtrade_api_json([UNIVERSE[0]])
    cut = (200, {"Content-Type": "application/json", "Content-Length": len(whole)}, whole[:50])
    api.faults.append(cut)
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert got(fetched) == expected(query)


def test_a_wrong_content_type_is_an_error_naming_it(api, tmp_path):
    api.faults.append((200, {"Content-Type": "text/html"}, b"<html>Service maintenance</html>"))
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    with pytest.raises(korus.FetchError, match="text/html, not application/json"):
        fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)


def test_a_count_above_the_records_is_never_taken_as_complete(api, tmp_path):
    # One record, a count of two: the answer was cut, and a query of one value each cannot
    # be split to get the rest.
    api.faults.extend(
        [(200, {"Content-Type": "application/json"}, comtrade_api_json([UNIVERSE[0]], count=2))]
    )
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"], flows=["import"])
    with pytest.raises(korus.FetchError, match="capped and cannot be split"):
        fetch.fetch_comtrade(
            query, fetch.Cache(tmp_path), client=client(), base_url=api.url, releases=False
        )


def test_a_timeout_is_retried_then_an_error(api, tmp_path):
    api.faults.extend([("hang", {}, b"")] * 3)
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    quick = fetch.Client(timeout=0.2, attempts=3)
    with pytest.raises(korus.FetchError, match="ReadTimeout"):
        fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=quick, base_url=api.url)
    assert len(api.requests) == 3


def test_an_empty_answer_is_an_empty_read(api, tmp_path):
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["DEU"], flows=["re-export"])
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert fetched.data.rows == 0
    assert len(fetched.responses) == 1


def test_a_bad_key_is_the_apis_own_refusal_and_the_key_is_nowhere(api, tmp_path, caplog):
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    caplog.set_level(logging.DEBUG, logger="korus.fetch")
    with pytest.raises(korus.FetchError, match="refused \\(401\\): Access denied") as raised:
        fetch.fetch_comtrade(
            query, fetch.Cache(tmp_path), key="wrong-key", client=client(), base_url=api.url
        )
    assert "wrong-key" not in str(raised.value)
    assert "wrong-key" not in caplog.text


def test_a_key_from_the_environment_asks_the_keyed_endpoint(api, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("COMTRADE_PRIMARY", KEY)
    caplog.set_level(logging.DEBUG, logger="korus.fetch")
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert got(fetched) == expected(query)
    assert [r[0] for r in api.requests] == ["/data/v1/getDA/C/A/HS", "/data/v1/get/C/A/HS"]
    kept = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert KEY.encode() not in kept
    assert KEY not in caplog.text


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"reporters": ["XXX"], "periods": [2022]}, "reporters"),
        ({"reporters": [999], "periods": [2022]}, "reporters"),
        ({"reporters": [], "periods": [2022]}, "reporters"),
        ({"reporters": ["USA"], "periods": ["2022-Q1"]}, "periods"),
        ({"reporters": ["USA"], "periods": [2022, "2022-03"]}, "periods"),
        ({"reporters": ["USA"], "periods": [2022], "flows": ["domestic export"]}, "flows"),
        ({"reporters": ["USA"], "periods": [2022], "products": ["8"]}, "code"),
        ({"reporters": ["USA"], "periods": [2022], "classification": "SITC"}, "classification"),
    ],
)
def test_a_bad_query_is_refused_before_any_request(api, arguments, field):
    with pytest.raises(korus.KorusError) as raised:
        fetch.ComtradeQuery(**arguments)
    assert raised.value.field == field
    assert api.requests == []


class _Interrupted(Exception):
    pass


_WHOLE = []


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 30))
def test_an_interrupted_download_resumes_to_the_uninterrupted_result(api, tmp_path_factory, stop):
    query = fetch.ComtradeQuery(REPORTERS_ISO, [2021, 2022])
    if not _WHOLE:  # the uninterrupted download, once: the server's answers do not change
        _WHOLE.append(_fetch_with_cap(api, query, tmp_path_factory.mktemp("whole"), 40))
    whole = _WHOLE[0]
    folder = tmp_path_factory.mktemp("resumed")
    answered = []

    def progress(done, remaining):
        answered.append(done)
        if len(answered) == stop:
            raise _Interrupted

    with contextlib.suppress(_Interrupted):
        _fetch_with_cap(api, query, folder, 40, progress=progress)
    resumed = _fetch_with_cap(api, query, folder, 40)
    # The same answers, in the same order, read to the same records; only the times they were
    # retrieved (in their provenance) tell the two downloads apart.
    assert [e.sha256 for e in resumed.responses] == [e.sha256 for e in whole.responses]
    assert [e.request for e in resumed.responses] == [e.request for e in whole.responses]
    assert _untimed(resumed.data) == _untimed(whole.data)
    assert resumed.data.rows == whole.data.rows


def _untimed(data):
    return [
        (
            r.line,
            r.flow.reporter,
            r.flow.partner,
            r.flow.direction,
            r.flow.period,
            r.flow.value,
            r.flow.provenance.url,
        )
        for r in (*data.flows, *data.aggregates, *data.breakdowns)
    ]


def census(query, folder, api, **kwargs):
    return fetch.fetch_census(
        query, fetch.Cache(folder), client=client(), base_url=api.url, **kwargs
    )


def test_a_census_query_is_fetched_read_and_kept(api, tmp_path):
    query = fetch.CensusQuery("export", "ALL_VAL_MO", "2024-12", products=["10"])
    fetched = census(query, tmp_path, api, key=CENSUS_KEY)
    data = fetched.data
    assert len(data.flows) == 4  # the four countries; the EU and the world total are aggregates
    assert len(data.aggregates) == 2
    korea = data.find("5800")
    assert korea.flow.value == korus.quantity("58010", "USD")
    assert korea.flow.provenance.url == str(fetched.response.request)
    assert "retrieved" in korea.flow.provenance.document
    assert [check.consistent for check in data.checks()] == [True]  # the world, its countries
    path, params, _ = api.requests[0]
    assert path == "/data/timeseries/intltrade/exports/hs"
    assert params["key"] == CENSUS_KEY
    kept = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert CENSUS_KEY.encode() not in kept
    # Again: from the cache, not the server.
    again = fetch.fetch_census(query, fetch.Cache(tmp_path, offline=True), base_url=api.url)
    assert again == fetched
    assert len(api.requests) == 1


def test_a_census_query_for_one_country_asks_it_as_a_predicate(api, tmp_path):
    query = fetch.CensusQuery("export", "ALL_VAL_MO", "2024-12", countries=["KOR"], products=["87"])
    data = census(query, tmp_path, api).data
    assert [r.country.code for r in data.flows] == ["5800"]
    assert api.requests[0][1]["CTY_CODE"] == "5800"
    assert "CTY_CODE" not in api.requests[0][1]["get"].split(",")


def test_a_census_answer_of_no_rows_is_read_as_no_rows(api, tmp_path):
    query = fetch.CensusQuery("export", "ALL_VAL_MO", "2024-12", countries=["KOR"], products=["01"])
    assert census(query, tmp_path / "204", api).data.rows == 0  # the API's 204 No Content
    header = b'[["CTY_NAME","ALL_VAL_MO","time","COMM_LVL","E_COMMODITY","CTY_CODE"]]'
    api.faults.append((200, {"Content-Type": "application/json"}, header))
    assert census(query, tmp_path / "header", api).data.rows == 0


def test_an_invalid_census_key_is_an_error_not_a_page_read_as_data(api, tmp_path):
    query = fetch.CensusQuery("export", "ALL_VAL_MO", "2024-12", products=["10"])
    with pytest.raises(korus.FetchError, match=r"text/html.*Invalid Key") as raised:
        census(query, tmp_path, api, key="not-the-key")
    assert "not-the-key" not in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_a_census_refusal_carries_the_apis_message(api, tmp_path):
    api.faults.append(
        (400, {"Content-Type": "text/plain"}, b"error: unknown predicate variable: 'X'")
    )
    query = fetch.CensusQuery("export", "ALL_VAL_MO", "2024-12", products=["10"])
    with pytest.raises(korus.FetchError, match="refused \\(400\\): error: unknown predicate"):
        census(query, tmp_path, api)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (("export", "ALL_WGT_MO", "2024-12"), "value"),
        (("export", "GEN_VAL_MO", "2024-12"), "value"),
        (("export", "ALL_VAL_MO", "2024"), "period"),
        (("export", "ALL_VAL_YR", "2024-03"), "period"),
        (("re-export", "ALL_VAL_MO", "2024-12"), "direction"),
    ],
)
def test_a_bad_census_query_is_refused_before_any_request(api, arguments, field):
    with pytest.raises(korus.KorusError) as raised:
        fetch.CensusQuery(*arguments)
    assert raised.value.field == field
    assert api.requests == []


def test_a_census_country_korus_cannot_name_is_refused(api):
    with pytest.raises(korus.KorusError) as raised:
        fetch.CensusQuery("import", "GEN_VAL_MO", "2024-03", countries=["XXX"])
    assert raised.value.field == "countries"


def test_the_command_fetches_keeps_pins_and_reads_offline(api, tmp_path, capsys):
    from korus._cli import main

    cache = tmp_path / "cache"
    arguments = ["fetch", "comtrade", "--reporter", "USA", "--period", "2022", "--partner", "KOR"]
    arguments += ["--cache", str(cache), "--api", api.url, "--format", "json"]
    assert (
        main(
            [
                *arguments,
                "--pin",
                str(tmp_path / "pin.json"),
                "--output",
                str(tmp_path / "flows.csv"),
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == report["flows"] == 2
    assert len(report["answers"]) == 2  # the data, and when they were released
    assert (tmp_path / "flows.csv").read_text().count("\n") == 3  # a header, two flows
    asked = len(api.requests)
    assert main([*arguments, "--pinned", str(tmp_path / "pin.json")]) == 0
    assert json.loads(capsys.readouterr().out)["answers"] == report["answers"]
    assert len(api.requests) == asked
    # Retries are not printed (Python prints stamina's warnings bare where no logging is set
    # up, as in a command): the outcome is. In a process of its own, as a user runs it.
    api.faults.append(_json({"message": "boom"}, 500))
    other = [a if a != str(cache) else str(tmp_path / "other") for a in arguments]
    done = subprocess.run(
        [sys.executable, "-m", "korus", *other], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert len(api.requests) == asked + 3  # the releases (500, then answered), the data
    # Offline, a query the cache lacks is an error on stderr, status 2.
    other = [a if a != "2022" else "2021" for a in arguments]
    assert main([*other, "--offline"]) == 2
    assert "offline" in capsys.readouterr().err


def test_the_command_fetches_from_the_census_bureau(api, tmp_path, capsys):
    from korus._cli import main

    arguments = ["fetch", "census", "--direction", "export", "--value", "ALL_VAL_MO"]
    arguments += [
        "--period",
        "2024-12",
        "--product",
        "10",
        "--cache",
        str(tmp_path),
        "--api",
        api.url,
    ]
    assert main(arguments) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "1 answer in " + str(tmp_path)
    assert "6 rows, 4 flows, 2 aggregates, 0 breakdowns, 0 rejected" in out
    assert "1 of 1 totals equal their parts" in out


def test_fetched_flows_carry_their_release_into_claims_checked_as_of_a_day(api, tmp_path):
    from korus.claims import Claim, check_claims, figures_from_flows

    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"], flows=["export"])
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    figures = figures_from_flows(r.flow for r in fetched.data.flows)
    claim = Claim("x", "USA", "KOR", 2022, "exports", text="$6,642", scope="goods")
    # Released 2023-06-30: not yet published on New Year's Day 2023, published by July.
    before = check_claims([claim], figures, as_of=datetime.date(2023, 1, 1))[0]
    after = check_claims([claim], figures, as_of=datetime.date(2023, 7, 1))[0]
    assert before.verdict is korus.VerdictKind.UNDECIDABLE
    assert after.verdict is korus.VerdictKind.CONSISTENT


def test_keys_come_from_a_keys_file_readable_by_its_owner_alone(api, tmp_path, monkeypatch):
    keys = tmp_path / "keys.toml"
    keys.write_text(f'[keys]\ncomtrade = "{KEY}"\ncensus = "{CENSUS_KEY}"\n')
    keys.chmod(0o600)
    monkeypatch.setenv("KORUS_KEYS_FILE", str(keys))
    assert (fetch.comtrade_key(), fetch.census_key()) == (KEY, CENSUS_KEY)
    monkeypatch.setenv("CENSUS_API_KEY", "from-the-environment")
    assert fetch.census_key() == "from-the-environment"  # the environment first
    assert fetch.census_key("given") == "given"  # the caller before both
    keys.chmod(0o644)
    with pytest.raises(korus.FetchError, match="can be read by others"):
        fetch.comtrade_key()


def test_answers_that_repeat_a_record_are_refused_not_merged(api, tmp_path):
    # The whole query capped (a count of two, one record), then each half answered with the
    # same record: merged, it would be counted twice.
    record = UNIVERSE[0]
    answers = [
        comtrade_api_json([record], count=2),
        comtrade_api_json([record]),
        comtrade_api_json([record]),
    ]
    api.faults.extend((200, {"Content-Type": "application/json"}, body) for body in answers)
    query = fetch.ComtradeQuery(["USA"], [2021, 2022], partners=["KOR"], flows=["import"])
    with pytest.raises(korus.FetchError, match="repeats a record"):
        fetch.fetch_comtrade(
            query, fetch.Cache(tmp_path), client=client(), base_url=api.url, releases=False
        )


def test_several_census_countries_are_asked_as_repeated_predicates(api, tmp_path):
    query = fetch.CensusQuery(
        "export", "ALL_VAL_MO", "2024-12", countries=["KOR", "JPN"], products=["10", "87"]
    )
    data = census(query, tmp_path, api, key=CENSUS_KEY).data
    assert sorted((r.country.code, str(r.scope)) for r in data.flows) == [
        ("5800", "HS:10"), ("5800", "HS:87"), ("5880", "HS:10"), ("5880", "HS:87"),
    ]  # fmt: skip
    asked = api.requests[0][1]
    assert (asked["CTY_CODE*"], asked["E_COMMODITY*"]) == (["5800", "5880"], ["10", "87"])


def test_a_redirect_is_refused_so_a_key_goes_nowhere_else(api, tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_PRIMARY", KEY)
    api.faults.append((301, {"Location": "http://elsewhere.example/data"}, b""))
    query = fetch.ComtradeQuery(["USA"], [2022], partners=["KOR"])
    with pytest.raises(korus.FetchError, match=r"redirected \(301\) to http://elsewhere\.example"):
        fetch.fetch_comtrade(query, fetch.Cache(tmp_path), client=client(), base_url=api.url)
    assert len(api.requests) == 1


def test_an_api_message_that_echoes_the_key_is_told_without_it(api, tmp_path):
    echo = f"error: the key {CENSUS_KEY} may not ask for UNKNOWN".encode()
    api.faults.append((400, {"Content-Type": "text/plain"}, echo))
    query = fetch.CensusQuery("export", "ALL_VAL_MO", "2024-12", products=["10"])
    with pytest.raises(korus.FetchError, match="the key \\*\\*\\* may not") as raised:
        census(query, tmp_path, api, key=CENSUS_KEY)
    assert CENSUS_KEY not in str(raised.value)
