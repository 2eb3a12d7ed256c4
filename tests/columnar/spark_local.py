"""One local Spark session for the columnar tests."""

import functools
import logging

from pyspark.sql import SparkSession


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
