"""One local Spark session for the columnar tests, and tables in it."""

import functools
import logging

import pyarrow as pa
from pyspark.sql import SparkSession

KEYS = ("reporter", "partner", "direction", "scope", "period", "currency")


@functools.cache
def spark_session():
    # Two cores and two shuffle partitions: the tables are small, and Spark's default of 200
    # partitions would spend the suite's time on empty tasks.
    session = (
        SparkSession.builder.master("local[2]")
        .appName("korus-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.ansi.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("OFF")
    # PySpark logs each refused query (a KorusError to the caller) as an error of its own.
    for name in ("DataFrameQueryContextLogger", "SQLQueryContextLogger"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return session


def spark_table(rows, precision, scale, session=None):
    # Through Arrow, as a user's Arrow or Polars table reaches Spark: a table made from Python
    # rows is scanned as pickled rows, and every job of a plan over it cost a fifth more.
    schema = pa.schema(
        [*((k, pa.string()) for k in KEYS), ("value", pa.decimal128(precision, scale))]
    )
    return (session or spark_session()).createDataFrame(pa.Table.from_pylist(rows, schema=schema))
