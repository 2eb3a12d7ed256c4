"""korus records as DataFrames and back: exact decimals, bases and provenance kept, nothing
dropped; and `korus read --output`, whose table reads back to the same flows."""

import datetime
from decimal import Decimal

import attrs
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import korus
from korus import columnar
from korus._cli import main
from korus.claims import check_claims, published_figures
from korus.readers import read_census, read_comtrade, sample_file
from korus.testing import balances, trade_flows

PROVENANCES = st.none() | st.builds(
    korus.Provenance,
    st.sampled_from(["USTR", "USITC", "U.S. Census Bureau"]),
    document=st.none() | st.just("U.S.-Korea Trade Facts"),
    released=st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)),
)
FLOWS = st.lists(
    st.builds(lambda f, p: attrs.evolve(f, provenance=p), trade_flows(), PROVENANCES),
    min_size=1,
    max_size=8,
)


@given(FLOWS)
def test_flows_to_polars_and_back_are_the_same_flows(flows):
    frame = columnar.to_polars(flows)
    assert isinstance(frame["value"].dtype, pl.Decimal)
    assert columnar.to_flows(frame) == tuple(flows)


@given(FLOWS)
def test_flows_to_pandas_and_back_are_the_same_flows(flows):
    frame = columnar.to_pandas(flows)
    assert str(frame["value"].dtype).startswith("decimal128")  # exact, never float
    assert columnar.to_flows(frame) == tuple(flows)


@given(st.lists(balances(), min_size=1, max_size=5))
def test_balances_to_a_table_and_back_are_the_same_balances(items):
    frame = columnar.to_polars(items)
    assert frame["balance"].to_list() == [Decimal(b.net.m_as("USD")) for b in items]
    assert columnar.to_balances(frame) == tuple(items)
    assert columnar.to_balances(columnar.to_pandas(items)) == tuple(items)


def test_every_record_of_a_read_becomes_a_row_with_its_exact_value():
    data = read_comtrade(sample_file("comtrade_csv"))
    frame = columnar.to_polars(data.flows)
    assert frame.height == len(data.flows)
    kor = frame.filter((pl.col("reporter") == "USA") & (pl.col("partner") == "KOR"))
    assert kor.filter(pl.col("direction") == "export")["value"].item() == Decimal("71469488662")
    assert set(kor["valuation"].to_list()) == {"CIF", "FOB"}
    census = read_census(sample_file("census_json"), "CNT_VAL_YR")
    assert columnar.to_polars(census.breakdowns).height == len(census.breakdowns)
    rejected = [korus.readers.RejectedRow(5, "flowCode", "Q", "is not M, X, RM or RX")]
    assert columnar.to_polars(rejected).row(0) == (5, "flowCode", "Q", "is not M, X, RM or RX")


def test_checks_and_published_figures_become_tables():
    checks = check_claims([korus.claims.Claim("c", "USA", "KOR", 2016, "deficit",
                                              text="$27.7 billion", scope="goods")])  # fmt: skip
    assert columnar.to_polars(checks).select("id", "verdict").row(0) == ("c", "revised")
    figures = columnar.to_polars(published_figures())
    assert figures.filter(pl.col("key") == "ustr16.goods.deficit")["value"].item() == Decimal(
        "27.7"
    )


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([], "must not be empty"),
        (["text"], "is not a record korus writes"),
        (
            [
                korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$1 billion"),
                korus.readers.RejectedRow(1, "a", "b", "c"),
            ],
            "a table holds one kind",
        ),
    ],
)
def test_what_cannot_be_a_table_is_refused(records, message):
    with pytest.raises(korus.KorusError, match=message):
        columnar.to_polars(records)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_korus_read_writes_what_it_read_and_it_reads_back(tmp_path, suffix, capsys):
    out = tmp_path / f"flows{suffix}"
    assert main(["read", str(sample_file("comtrade_csv")), "--output", str(out)]) == 0
    capsys.readouterr()
    table = pl.read_parquet(out) if suffix == ".parquet" else pl.read_csv(out, infer_schema=False)
    data = read_comtrade(sample_file("comtrade_csv"))
    assert table.height == data.rows  # every record, each in its kind
    flows = table.filter(pl.col("kind") == "flow")
    scale = None if suffix == ".parquet" else 3  # a CSV holds text: the scale is stated
    assert columnar.to_flows(flows, scale=scale) == tuple(r.flow for r in data.flows)


def test_a_pandas_table_with_polars_but_no_pyarrow_is_told_what_to_install(monkeypatch):
    import builtins

    real = builtins.__import__

    def without_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("no pyarrow", name="pyarrow")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pyarrow)
    with pytest.raises(korus.KorusError, match="korus-trade\\[polars\\]"):
        columnar.to_pandas([korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$1")])


def test_the_scalar_and_table_paths_agree_on_a_partner_with_one_side():
    # The sample's USA has imports from North Korea and no exports to it, as the real file has.
    table = columnar.comtrade_table(sample_file("comtrade_csv"), valuation="FOB")
    table = table.filter(pl.col("reporter") == "USA")
    data = read_comtrade(sample_file("comtrade_csv"))
    flows = [r.on("FOB") for r in data.flows if r.flow.reporter.code == "USA"]
    rows = columnar.balances(table).filter(pl.col("partner") != "WLD")  # the world: a total
    complete = rows.filter(pl.col("balance").is_not_null())
    scalar = korus.balances(flows, unpaired="omit")
    assert sorted(complete.select("partner", "balance").rows()) == sorted(
        (b.partner.code, b.net.m_as("USD")) for b in scalar
    )
    one_sided = rows.filter(pl.col("balance").is_null())["partner"].to_list()
    assert one_sided == ["PRK"]
    with pytest.raises(korus.MismatchError, match=r"^flows='PRK \(exports"):
        korus.balances(flows)
    ranked = columnar.rank_partners(table)
    assert ranked.sort("rank")["partner"].to_list() == [
        r.key.code for r in korus.rank_partners(flows)
    ]


def test_long_values_are_kept_exactly_or_refused_never_rounded():
    # 27 digits: a table holds them exactly, both ways.
    kept = korus.TradeFlow.of(
        "USA", "KOR", "export", "goods", 2016, "1234567890123456789012345.67 USD"
    )
    assert columnar.to_flows(columnar.from_flows([kept])) == (kept,)
    assert columnar.to_flows(columnar.to_polars([kept])) == (kept,)
    # 31 digits: more than a table's 28. It was rounded to ...567.9 (normalize() rounds to the
    # context's 28 digits before the decimals were counted); now refused.
    long = korus.TradeFlow.of(
        "USA", "KOR", "export", "goods", 2016, "123456789012345678901234567.8919 USD"
    )
    with pytest.raises(korus.InvalidValueError, match="more than 28 digits"):
        columnar.from_flows([long])
    with pytest.raises(korus.InvalidValueError, match="more than 28 digits"):
        columnar.to_polars([long])


def test_a_column_whose_values_need_more_than_38_digits_together_is_refused_by_name():
    # Each value fits; at the decimals the other needs, the large one would not.
    large = korus.Balance.of(
        "USA", "KOR", "goods", 2016, exports="100000000000000000000000000000 USD", imports="1 USD"
    )
    fine = korus.Balance.of(
        "USA", "JPN", "goods", 2016, exports="0.0000000001 USD", imports="1 USD"
    )
    with pytest.raises(korus.InvalidValueError, match=r"^exports=.*more than the 38"):
        columnar.to_polars([large, fine])
