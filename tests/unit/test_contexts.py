"""korus's answers do not depend on the caller's decimal context, and korus leaves it as it
found it: the same results, no exception and no flag set, under hostile contexts, on the scalar
and the columnar paths, and in threads with different contexts at once."""

import decimal
import pathlib
import threading

import pytest

import korus
from korus import columnar
from korus.claims import check_claims, load_claims
from korus.readers import read_census, read_comtrade
from korus.testing import write_sample_files

CLAIMS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "examples" / "seed-claims.toml"
HOSTILE = {
    "low precision": decimal.Context(prec=5),
    "Inexact trapped": decimal.Context(traps=[decimal.Inexact, decimal.Rounded]),
    "small Emax": decimal.Context(Emax=6, Emin=-6),
    "ROUND_FLOOR": decimal.Context(prec=12, rounding=decimal.ROUND_FLOOR),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return write_sample_files(tmp_path_factory.mktemp("samples"))


def answers(files):
    data = read_comtrade(files.comtrade_csv)
    census = read_census(files.census_json, "CNT_VAL_YR")
    claims = load_claims(CLAIMS)
    goods = korus.Balance.of(
        "USA", "KOR", "goods", 2016, exports="$42.3 billion", imports="$69.9 billion"
    )
    flows = [
        korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "123456789.123 USD"),
        korus.TradeFlow.of("USA", "KOR", "import", "goods", 2016, "987654321.987 USD"),
    ]
    table = columnar.from_flows(flows)
    return {
        "world": [(str(c.difference), c.consistent) for c in data.world_check()],
        "checks": [(c.total_of, c.consistent) for c in data.checks()],
        "mirror": str(data.mirror("DEU", "CHN", valuation=None).ratio),
        "census": [(c.total_of, c.consistent) for c in census.checks()],
        "claims": [(r.claim.id, r.verdict, r.explanation) for r in check_claims(claims)],
        "balance": (str(goods.net), str(goods.two_way)),
        "share": str(korus.share(korus.parse_amount("$42.3 billion"), korus.parse_amount("$1,453,721 million"))),
        "change": str(korus.percent_change(korus.parse_amount("-28.35 billion USD"), korus.parse_amount("-27.7 billion USD"))),
        "table": columnar.to_flows(table) == tuple(flows),
        "balances": columnar.balances(table).rows(),
        "streamed": [str(r.flow.value) for r in korus.readers.iter_comtrade(files.comtrade_csv)][:5],
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_callers_context_changes_no_answer_and_is_left_as_it_was(files, name):
    expected = answers(files)
    with decimal.localcontext(HOSTILE[name]) as context:
        context.clear_flags()
        before = (context.prec, context.rounding, context.Emax, dict(context.traps))
        assert answers(files) == expected
        assert [flag.__name__ for flag, raised in context.flags.items() if raised] == []
        assert (context.prec, context.rounding, context.Emax, dict(context.traps)) == before


def test_threads_with_different_contexts_get_the_same_answers(files):
    expected = answers(files)
    results = {}

    def work(name):
        with decimal.localcontext(HOSTILE[name]):
            results[name] = answers(files)

    threads = [threading.Thread(target=work, args=(name,)) for name in HOSTILE]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == dict.fromkeys(HOSTILE, expected)
