"""Tables come in whatever users hold, and go back out in the same kind."""

from decimal import Decimal

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyspark.sql import DataFrame as SparkDataFrame
from pyspark.sql.types import DecimalType

import korus
from korus import TradeFlow, columnar
from korus.testing import ComtradeRow, comtrade_legacy_csv

FLOWS = (
    TradeFlow.of("USA", "KOR", "export", "goods", 2016, "42300000000.25 USD"),
    TradeFlow.of("USA", "KOR", "import", "goods", 2016, "69900000000.50 USD"),
)
EXPECTED = (Decimal("42300000000.25"), Decimal("69900000000.50"), Decimal("-27600000000.25"))


def first_balance(result):
    if isinstance(result, pl.DataFrame):
        row = result.row(0, named=True)
    elif isinstance(result, pd.DataFrame):
        row = result.iloc[0].to_dict()
    elif isinstance(result, pa.Table):
        row = result.to_pylist()[0]
    elif isinstance(result, SparkDataFrame):
        row = result.first().asDict()
    else:
        row = dict(zip(result.columns, result.limit(1).fetchall()[0], strict=True))
    return row["exports"], row["imports"], row["balance"]


@pytest.fixture
def polars_table():
    return columnar.from_flows(FLOWS)


def test_polars_in_polars_out(polars_table):
    result = columnar.balances(polars_table)
    assert isinstance(result, pl.DataFrame)
    assert first_balance(result) == EXPECTED
    assert result.schema["balance"] == pl.Decimal(38, 2)


def test_lazy_frames_are_collected_streaming(polars_table):
    assert first_balance(columnar.balances(polars_table.lazy())) == EXPECTED


def test_arrow_in_arrow_out(polars_table):
    result = columnar.balances(polars_table.to_arrow())
    assert isinstance(result, pa.Table)
    assert result.schema.field("balance").type == pa.decimal128(38, 2)
    assert first_balance(result) == EXPECTED


def test_pandas_in_pandas_out(polars_table, spark):
    frame = polars_table.to_pandas(use_pyarrow_extension_array=True)
    for engine in ("polars", "duckdb", "spark"):
        result = columnar.balances(frame, engine=engine)
        assert isinstance(result, pd.DataFrame)
        assert first_balance(result) == EXPECTED


def test_duckdb_in_duckdb_out():
    relation = columnar.from_flows(FLOWS, engine="duckdb")
    result = columnar.balances(relation)
    assert isinstance(result, duckdb.DuckDBPyRelation)
    assert first_balance(result) == EXPECTED
    assert str(dict(zip(result.columns, result.types, strict=True))["balance"]) == "DECIMAL(38,2)"


def test_spark_in_spark_out(spark):
    frame = columnar.from_flows(FLOWS, engine="spark")
    result = columnar.balances(frame)
    assert isinstance(result, SparkDataFrame)
    assert first_balance(result) == EXPECTED
    assert result.schema["balance"].dataType == DecimalType(38, 2)
    assert columnar.to_flows(frame) == FLOWS


def test_spark_engine_on_other_tables_returns_them_in_kind(polars_table, spark):
    result = columnar.balances(polars_table, engine="spark")
    assert isinstance(result, pl.DataFrame)
    assert result.schema["balance"] == pl.Decimal(38, 2)
    assert first_balance(result) == EXPECTED


def test_spark_without_ansi_mode_is_refused(spark):
    # Without ANSI mode Spark turns an overflow into a null: a wrong "missing", not an error.
    frame = columnar.from_flows(FLOWS, engine="spark")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    try:
        with pytest.raises(korus.InvalidValueError) as caught:
            columnar.balances(frame)
    finally:
        spark.conf.set("spark.sql.ansi.enabled", "true")
    assert caught.value.field == "spark.sql.ansi.enabled"


def test_parquet_and_csv_paths(tmp_path, polars_table, spark):
    parquet, csv = tmp_path / "flows.parquet", tmp_path / "flows.csv"
    polars_table.write_parquet(parquet)
    polars_table.write_csv(csv)
    for engine in ("polars", "duckdb", "spark"):
        assert first_balance(columnar.balances(parquet, engine=engine)) == EXPECTED
        assert first_balance(columnar.balances(str(csv), engine=engine, scale=2)) == EXPECTED
        with pytest.raises(korus.InvalidValueError) as caught:
            columnar.balances(csv, engine=engine)  # text values need a stated scale
        assert caught.value.field == "scale"
        # Text with more decimals than the stated scale: refused, where a cast would round it.
        with pytest.raises(korus.InvalidValueError, match="never rounds") as caught:
            columnar.balances(str(csv), engine=engine, scale=0)
        assert caught.value.field == "scale"


def test_a_scale_that_would_round_is_refused():
    with pytest.raises(korus.InvalidValueError):
        columnar.from_flows(FLOWS, scale=1)
    with pytest.raises(korus.KorusError):
        columnar.balances(columnar.from_flows(FLOWS), scale=1)


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: columnar.balances([1, 2]), korus.InvalidTypeError, "table"),
        (lambda: columnar.balances("flows.xlsx"), korus.InvalidValueError, "table"),
        (lambda: columnar.balances("no/such.parquet"), korus.InvalidValueError, "table"),
        (lambda: columnar.balances(pl.DataFrame({"a": [1]})), korus.InvalidValueError, "table"),
        (
            lambda: columnar.rank_partners(columnar.from_flows(FLOWS), by="size"),
            korus.InvalidValueError,
            "by",
        ),
        (
            lambda: columnar.balances(columnar.from_flows(FLOWS), engine="pandas"),
            korus.InvalidValueError,
            "engine",
        ),
        (lambda: columnar.from_flows([1]), korus.InvalidTypeError, "flows[0]"),
        (lambda: columnar.from_flows(FLOWS, scale=-1), korus.InvalidValueError, "scale"),
    ],
)
def test_bad_arguments(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_missing_values_stay_missing():
    table = pl.DataFrame(
        {
            "reporter": ["USA", "USA"],
            "partner": ["KOR", "KOR"],
            "direction": ["export", "import"],
            "scope": ["goods", "goods"],
            "period": ["2016", "2016"],
            "currency": ["USD", "USD"],
            "value": [Decimal("1.00"), None],
        },
        schema_overrides={"value": pl.Decimal(28, 2)},
    )
    row = columnar.balances(table).row(0, named=True)
    assert (row["exports"], row["imports"], row["balance"], row["two_way_trade"]) == (
        Decimal("1.00"),
        None,
        None,
        None,
    )
    with pytest.raises(korus.InvalidValueError):
        columnar.to_flows(table)


OPERATIONS = [
    columnar.balances,
    columnar.shares,
    columnar.changes,
    columnar.share_changes,
    columnar.mirror,
    columnar.validate,
    columnar.rank_partners,
    lambda table, **kw: columnar.top_products(table, 3, **kw),
    lambda table, **kw: columnar.to_flows(table),
]
NOT_TABLES = (
    st.none()
    | st.integers()
    | st.text(max_size=20)
    | st.binary(max_size=20)
    | st.lists(st.integers(), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)
)


@given(
    table=NOT_TABLES,
    operation=st.sampled_from(OPERATIONS),
    engine=st.sampled_from(["polars", "duckdb", "spark", None]),
)
def test_anything_that_is_no_table_gives_a_korus_error(spark, table, operation, engine):
    with pytest.raises(korus.KorusError):
        operation(table, engine=engine)


def test_files_straight_into_tables_leave_out_breakdowns(tmp_path):
    usa = ComtradeRow("842", "0", "M", 2016, primary_value="2826080850", cmd="01")
    by_air = ComtradeRow("842", "0", "M", 2016, primary_value="826080850", cmd="01", mot="1000")
    path = tmp_path / "legacy.csv"
    path.write_bytes(comtrade_legacy_csv([usa, by_air]))
    assert korus.readers.read_comtrade(path).breakdowns[0].breakdown == "motCode 1000"
    table = columnar.comtrade_table(path)
    assert table.height == 1
    assert table["value"].item() == Decimal("2826080850")
