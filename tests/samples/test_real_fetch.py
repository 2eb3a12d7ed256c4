"""korus.fetch on real recorded answers: the Comtrade API response comtradr recorded and the
Census API response of the samples, served by the test itself on 127.0.0.1 as the APIs served
them, fetched, kept and read to exactly what reading the files gives."""

import http.server
import threading

import httpx
import pytest
from real_files import CENSUS_PORTS, COMTRADE_API

from korus import fetch
from korus.readers import read_census, read_comtrade_json


@pytest.fixture(scope="module")
def served():
    """An API that answers every request with the recorded answer for its path."""
    answers = {
        "/public/v1/preview/C/A/HS": COMTRADE_API.read_bytes(),
        "/data/timeseries/intltrade/exports/porths": CENSUS_PORTS.read_bytes(),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = answers.get(self.path.split("?")[0])
            if body is None:  # no recorded answer: the API's own refusal of an unknown path
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _records(data):
    return [
        (r.line, r.flow.reporter, r.flow.partner, r.flow.direction, r.flow.value)
        for r in data.flows
    ]


def test_the_recorded_comtrade_answer_is_fetched_to_the_files_records(served, tmp_path):
    query = fetch.ComtradeQuery(["CHN"], [2010], partners=["ARG", "DEU"])
    # The recording holds the data alone, not when they were released.
    fetched = fetch.fetch_comtrade(query, fetch.Cache(tmp_path), base_url=served, releases=False)
    direct = read_comtrade_json(COMTRADE_API)
    assert fetched.data.rows == direct.rows == 4
    assert _records(fetched.data) == _records(direct)
    assert fetched.responses[0].size == COMTRADE_API.stat().st_size
    offline = fetch.fetch_comtrade(
        query, fetch.Cache(tmp_path, offline=True), base_url=served, releases=False
    )
    assert offline.responses == fetched.responses


def test_the_recorded_census_answer_is_fetched_to_the_files_records(served, tmp_path):
    query = fetch.CensusQuery("export", "CNT_VAL_YR", "2024-12", products=["10"], dataset="porths")
    fetched = fetch.fetch_census(query, fetch.Cache(tmp_path), base_url=served)
    direct = read_census(CENSUS_PORTS, "CNT_VAL_YR")
    assert (
        (fetched.data.rows, len(fetched.data.flows))
        == (direct.rows, len(direct.flows))
        == (2365, 168)
    )
    assert _records(fetched.data) == _records(direct)
    assert fetched.data.find("5800").flow.value == direct.find("5800").flow.value
    assert httpx.URL(fetched.data.find("5800").flow.provenance.url).params["time"] == "2024-12"
