"""One conformance suite, run against every engine: for hypothesis-generated tables, each
table calculation equals what korus's exact scalar API gives, value for value, nulls included,
and refuses (with the same KorusError) what the scalar API refuses."""

import decimal
import functools
import hashlib
import math
from collections import defaultdict
from decimal import Decimal

import duckdb
import polars as pl
import pyarrow as pa
import pycountry
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from spark_local import spark_session

import korus
import korus.analysis
import korus.testing
from korus import columnar

ENGINES = ["polars", "duckdb", "spark"]
# Each example runs a whole plan on an engine: a few hundred per calculation and engine in CI;
# fewer on Spark, where each plan is several jobs of a tenth of a second or more.
EXAMPLES = {"polars": 300, "duckdb": 300, "spark": 40}


def enough(engine, share=1.0):
    """Settings for a calculation's examples on an engine; ``share`` of them for a check whose
    every example runs several plans (a decomposition with its timing)."""
    examples = max(1, int(EXAMPLES[engine] * share))
    return settings(max_examples=min(settings.default.max_examples, examples))


SCALE = 2
KEYS = ("reporter", "partner", "direction", "scope", "period", "currency")
PRECISE = decimal.Context(prec=100)


def table_of(rows, engine, precision=28):
    schema = dict.fromkeys(KEYS, pl.String) | {"value": pl.Decimal(precision, SCALE)}
    if engine == "polars":
        return pl.DataFrame(rows, schema=schema, orient="row")
    arrow = pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [*((k, pa.string()) for k in KEYS), ("value", pa.decimal128(precision, SCALE))]
        ),
    )
    if engine == "spark":
        # Through Arrow, as a user's Arrow or Polars table reaches Spark: a table made from
        # Python rows is scanned as pickled rows, and each call over it cost 15-25 % more.
        return spark_session().createDataFrame(arrow)
    return duckdb.from_arrow(arrow)


def rows_of(result):
    if isinstance(result, pl.DataFrame):
        return result.to_dicts()
    if type(result).__module__.startswith("pyspark"):
        return [row.asDict() for row in result.collect()]
    return [dict(zip(result.columns, row, strict=True)) for row in result.fetchall()]


def amount(value):
    return Decimal(value).quantize(Decimal("0.01")) if value is not None else None


VALUES = st.none() | st.decimals(min_value=0, max_value=Decimal("9" * 14), places=SCALE)
ROWS = st.fixed_dictionaries(
    {
        "reporter": st.sampled_from(["USA", "KOR", "CHN"]),
        "partner": st.sampled_from(["USA", "KOR", "CHN", "JPN", "WLD"]),
        "direction": st.sampled_from(["export", "import", "export", "import", "re-export"]),
        "scope": st.sampled_from(["goods", "HS:84"]),
        "period": st.sampled_from(["2015", "2016", "2017"]),
        "currency": st.sampled_from(["USD"] * 9 + ["EUR"]),
        "value": VALUES,
    }
).filter(lambda r: r["reporter"] != r["partner"])
TABLES = st.lists(ROWS, max_size=25)


def outcome(function):
    """The rows a calculation gives, or the class of KorusError it raises."""
    try:
        return ("rows", sorted(function(), key=repr))
    except korus.KorusError as error:
        return ("error", type(error).__name__)


def flow(row):
    return korus.TradeFlow(
        korus.Economy(row["reporter"]),
        korus.Economy(row["partner"]),
        korus.Direction.coerce(row["direction"], "direction"),
        korus.Coverage.GOODS if row["scope"] == "goods" else korus.Product.parse(row["scope"]),
        korus.Period.parse(row["period"]),
        korus.quantity(row["value"], row["currency"]),
    )


def percent(numerator, denominator):
    """Exact ratio in percent, rounded half to even at columnar.RATIO_SCALE decimals."""
    exact = PRECISE.divide(PRECISE.multiply(Decimal(numerator), 100), Decimal(denominator))
    return exact.quantize(
        Decimal(1).scaleb(-columnar.RATIO_SCALE), rounding=decimal.ROUND_HALF_EVEN
    )


def close_to_scalar(value, scalar):
    # korus's scalar ratios carry 28 significant digits; the table's are rounded from exact.
    assert abs(value - scalar.magnitude) <= Decimal(1).scaleb(-columnar.RATIO_SCALE) / 2


def repeated(rows, key):
    seen = defaultdict(int)
    for row in rows:
        seen[key(row)] += 1
    return any(n > 1 for n in seen.values())


# ---------------------------------------------------------------------- the scalar references


def reference_balances(rows):
    rows = [r for r in rows if r["direction"] in ("export", "import")]
    if repeated(
        rows, lambda r: (r["reporter"], r["partner"], r["scope"], r["period"], r["direction"])
    ):
        raise korus.MismatchError("table", "", "repeats")
    groups = defaultdict(dict)
    for r in rows:
        groups[(r["reporter"], r["partner"], r["scope"], r["period"])][r["direction"]] = r
    if any(len({r["currency"] for r in g.values()}) > 1 for g in groups.values()):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for key, g in groups.items():
        x, m = g.get("export"), g.get("import")
        currency = next(iter(g.values()))["currency"]
        exports = amount(x["value"]) if x else None
        imports = amount(m["value"]) if m else None
        net = two_way = None
        if exports is not None and imports is not None:
            b = korus.balance(flow(x), flow(m))
            net, two_way = b.net.m_as(currency), b.two_way.m_as(currency)
        result.append((*key, currency, exports, imports, net, two_way))
    return result


def reference_totals(rows):
    group = lambda r: (r["reporter"], r["direction"], r["scope"], r["period"])  # noqa: E731
    parts = [r for r in rows if r["partner"] != "WLD"]
    if repeated(parts, lambda r: (*group(r), r["partner"])):
        raise korus.MismatchError("table", "", "repeats")
    groups = defaultdict(list)
    for r in parts:
        groups[group(r)].append(r)
    if any(len({r["currency"] for r in g}) > 1 for g in groups.values()):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for key, g in groups.items():
        currency = g[0]["currency"]
        value = None
        if all(r["value"] is not None for r in g):
            value = korus.total([flow(r) for r in g]).m_as(currency)
        result.append((*key, currency, len(g), value))
    return result


def reference_shares(rows):
    world = [r for r in rows if r["partner"] == "WLD"]
    if repeated(world, lambda r: (r["reporter"], r["direction"], r["scope"], r["period"])):
        raise korus.MismatchError("table", "", "two world totals")
    totals = {(r["reporter"], r["direction"], r["scope"], r["period"]): r for r in world}
    parts = [r for r in rows if r["partner"] != "WLD"]
    joined = [
        (p, totals.get((p["reporter"], p["direction"], p["scope"], p["period"]))) for p in parts
    ]
    if any(w is not None and w["currency"] != p["currency"] for p, w in joined):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for p, w in joined:
        whole = w["value"] if w else None
        if p["value"] is not None and whole is not None and p["value"] > whole and whole != 0:
            with pytest.raises(korus.MismatchError):
                korus.share(flow(p), flow(w))
            raise korus.MismatchError("value", "", "exceeds")
        share = None
        if p["value"] is not None and whole is not None and whole != 0:
            share = percent(p["value"], whole)
            close_to_scalar(share, korus.share(flow(p), flow(w)))
        elif p["value"] is not None and whole == 0:
            with pytest.raises(korus.UndefinedResultError):
                korus.share(flow(p), flow(w))
        result.append(
            (
                p["reporter"],
                p["partner"],
                p["direction"],
                p["scope"],
                p["period"],
                p["currency"],
                amount(p["value"]),
                amount(whole),
                share,
            )
        )
    return result


def reference_changes(rows):
    series = lambda r: (r["reporter"], r["partner"], r["direction"], r["scope"])  # noqa: E731
    if repeated(rows, lambda r: (*series(r), r["period"])):
        raise korus.MismatchError("table", "", "repeats")
    by_period = {(*series(r), r["period"]): r for r in rows}
    joined = [(r, by_period.get((*series(r), str(int(r["period"]) - 1)))) for r in rows]
    if any(p is not None and p["currency"] != r["currency"] for r, p in joined):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for r, p in joined:
        before = p["value"] if p else None
        change = None
        if r["value"] is not None and before is not None and before != 0:
            change = percent(r["value"] - before, before)
            close_to_scalar(change, korus.percent_change(flow(p), flow(r)))
        result.append(
            (
                *series(r),
                r["period"],
                p["period"] if p else None,
                r["currency"],
                amount(r["value"]),
                amount(before),
                change,
            )
        )
    return result


def reference_ranks(rows, by):
    if by in ("exports", "imports"):
        chosen = [r for r in rows if r["direction"] == by[:-1] and r["partner"] != "WLD"]
        if repeated(chosen, lambda r: (r["reporter"], r["partner"], r["scope"], r["period"])):
            raise korus.MismatchError("table", "", "repeats")
        entries = [
            (r["reporter"], r["scope"], r["period"], r["currency"], r["partner"], r["value"])
            for r in chosen
        ]
    else:
        position = {"two_way_trade": 8, "balance": 7}[by]
        balanced = reference_balances([r for r in rows if r["partner"] != "WLD"])
        entries = [(b[0], b[2], b[3], b[4], b[1], b[position]) for b in balanced]
    groups = defaultdict(list)
    for reporter, scope, period, currency, partner, value in entries:
        if value is not None:
            groups[(reporter, scope, period)].append((currency, partner, value))
    if any(len({c for c, _, _ in g}) > 1 for g in groups.values()):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for key, g in groups.items():
        currency = g[0][0]
        ranked = korus.rank({korus.Economy(p): korus.quantity(v, currency) for _, p, v in g})
        result.extend(
            (*key, currency, r.key.code, amount(r.value.magnitude), r.rank) for r in ranked
        )
    return result


def reference_mirror(rows):
    key = ("exporter", "importer", "scope", "period")
    exports = [
        dict(zip(key, (r["reporter"], r["partner"], r["scope"], r["period"]), strict=True)) | r
        for r in rows
        if r["direction"] == "export" and r["partner"] != "WLD"
    ]
    imports = [
        dict(zip(key, (r["partner"], r["reporter"], r["scope"], r["period"]), strict=True)) | r
        for r in rows
        if r["direction"] == "import" and r["partner"] != "WLD"
    ]
    for side in (exports, imports):
        if repeated(side, lambda r: tuple(r[k] for k in key)):
            raise korus.MismatchError("table", "", "repeats")
    x = {tuple(r[k] for k in key): r for r in exports}
    m = {tuple(r[k] for k in key): r for r in imports}
    if any(k in m and m[k]["currency"] != r["currency"] for k, r in x.items()):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for k in x.keys() | m.keys():
        e, i = x.get(k), m.get(k)
        ev, iv = (e["value"] if e else None), (i["value"] if i else None)
        gap = ratio = None
        if ev is not None and iv is not None:
            gap = amount(iv - ev)
            if ev != 0:
                ratio = percent(iv, ev)
        result.append((*k, (e or i)["currency"], amount(ev), amount(iv), gap, ratio))
    return result


def written(value, rounding):
    """An exact bound with columnar.RATIO_SCALE decimals: down, up or half to even."""
    scaled = value * 10**columnar.RATIO_SCALE
    whole = {"down": math.floor, "up": math.ceil, "even": round}[rounding](scaled)
    return Decimal(whole).scaleb(-columnar.RATIO_SCALE).quantize(Decimal("0.000001"))


CONCENTRATION_GROUPS = {
    "partner": (("reporter", "direction", "scope", "period"), "partner"),
    "product": (("reporter", "partner", "direction", "period"), "scope"),
}


def reference_concentration(rows, by):
    """Each group's index from korus.analysis.concentration, refusals in the table's order."""
    keys, item = CONCENTRATION_GROUPS[by]
    is_whole = (
        (lambda r: r["partner"] == "WLD") if by == "partner" else (lambda r: r["scope"] == "goods")
    )
    groups = defaultdict(list)
    for r in rows:
        groups[tuple(r[k] for k in keys)].append(r)
    result = []
    for key in sorted(groups, key=lambda k: tuple(map(str, k))):
        g = groups[key]
        if len({r["currency"] for r in g}) > 1:
            raise korus.CurrencyMismatchError("currency", "", "mixed")
        wholes, parts = [r for r in g if is_whole(r)], [r for r in g if not is_whole(r)]
        if len(wholes) > 1 or repeated(parts, lambda r: r[item]):
            raise korus.MismatchError("table", "", "repeats")
        low = high = None
        values = [r["value"] for r in g]
        if parts and None not in values:
            try:
                index = korus.analysis.concentration([flow(r) for r in g], by=by)
            except korus.UndefinedResultError:
                index = None
            if index is not None:
                if index.low == index.high:
                    low = high = written(index.low, "even")
                else:
                    low, high = written(index.low, "down"), written(index.high, "up")
        result.append((*key, g[0]["currency"], len(parts), low, high))
    return result


def reference_rca(rows):
    """Each reporter's advantage from korus.analysis.rca, the world being the table's
    reporters; refusals in the table's order."""
    exports = [r for r in rows if r["direction"] == "export" and r["partner"] == "WLD"]
    by_period = defaultdict(list)
    for r in exports:
        by_period[r["period"]].append(r)
    result = []
    for period in sorted(by_period):
        g = by_period[period]
        if len({r["currency"] for r in g}) > 1:
            raise korus.CurrencyMismatchError("currency", "", "mixed")
        if repeated(g, lambda r: (r["reporter"], r["scope"])):
            raise korus.MismatchError("table", "", "repeats")
        totals = {r["reporter"]: r["value"] for r in g if r["scope"] == "goods"}
        products = {(r["reporter"], r["scope"]): r["value"] for r in g if r["scope"] != "goods"}

        def summed(values):
            values = list(values)
            return None if None in values else sum(values, Decimal(0))

        world_total = summed(totals.values()) if totals else None
        for (reporter, scope), value in sorted(products.items()):
            total = totals.get(reporter)
            world = summed(v for (_, s), v in products.items() if s == scope)
            index = None
            if None not in (value, total, world, world_total):
                currency = g[0]["currency"]
                try:
                    exact = korus.analysis.rca(
                        *(korus.quantity(v, currency) for v in (value, total, world, world_total))
                    )
                    index = written(exact.low, "even")
                except korus.UndefinedResultError:
                    index = None
            elif value is not None and total is not None and value > total:
                raise korus.MismatchError("table", "", "exceeds")
            result.append(
                (reporter, scope, period, g[0]["currency"], amount(value), amount(total),
                 amount(world), amount(world_total), index)
            )  # fmt: skip
    return result


def reference_intensity(rows):
    """Each reporter's intensity with each partner from korus.analysis.trade_intensity, the
    world being the table's reporters; refusals in the table's order."""
    groups = defaultdict(list)
    for r in rows:
        groups[(r["scope"], r["period"])].append(r)
    result = []
    for key in sorted(groups):
        g = groups[key]
        if len({r["currency"] for r in g}) > 1:
            raise korus.CurrencyMismatchError("currency", "", "mixed")
        if repeated(g, lambda r: (r["reporter"], r["partner"], r["direction"])):
            raise korus.MismatchError("table", "", "repeats")
        currency = g[0]["currency"]
        flows_out = {
            r["reporter"]: r["value"]
            for r in g
            if (r["direction"], r["partner"]) == ("export", "WLD")
        }
        flows_in = {
            r["reporter"]: r["value"]
            for r in g
            if (r["direction"], r["partner"]) == ("import", "WLD")
        }
        to = {
            (r["reporter"], r["partner"]): r["value"]
            for r in g
            if r["direction"] == "export" and r["partner"] != "WLD"
        }
        world = (
            None
            if None in flows_in.values() or not flows_in
            else sum(flows_in.values(), Decimal(0))
        )
        for (reporter, partner), value in sorted(to.items()):
            total, imports = flows_out.get(reporter), flows_in.get(partner)
            index = None
            if None not in (value, total, imports, world):
                try:
                    exact = korus.analysis.trade_intensity(
                        *(korus.quantity(v, currency) for v in (value, total, imports, world))
                    )
                    index = written(exact.low, "even")
                except korus.UndefinedResultError:
                    index = None
            elif value is not None and total is not None and value > total:
                raise korus.MismatchError("table", "", "exceeds")
            result.append(
                (reporter, partner, *key, currency, amount(value), amount(total),
                 amount(imports), amount(world), index)
            )  # fmt: skip
    return result


def reference_complementarity(rows):
    """Each exporter-importer pair's complementarity from korus.analysis.complementarity, of
    their trade with the world by product; null where the scalar refuses the two mixes."""
    groups = defaultdict(list)
    for r in rows:
        if r["partner"] == "WLD" and r["scope"].startswith("HS:"):
            groups[r["period"]].append(r)
    result = []
    for period in sorted(groups):
        g = groups[period]
        if len({r["currency"] for r in g}) > 1:
            raise korus.CurrencyMismatchError("currency", "", "mixed")
        if repeated(g, lambda r: (r["reporter"], r["direction"], r["scope"])):
            raise korus.MismatchError("table", "", "repeats")
        currency = g[0]["currency"]
        mixes = defaultdict(dict)
        for r in g:
            mixes[(r["reporter"], r["direction"])][r["scope"]] = r["value"]
        for (exporter, side), x in sorted(mixes.items()):
            if side != "export":
                continue
            for (importer, other), m in sorted(mixes.items()):
                if other != "import" or importer == exporter:
                    continue
                index = None
                if None not in x.values() and None not in m.values():
                    try:
                        exact = korus.analysis.complementarity(
                            {k: korus.quantity(v, currency) for k, v in x.items()},
                            {k: korus.quantity(v, currency) for k, v in m.items()},
                        )
                        index = written(exact.low, "even")
                    except (korus.UndefinedResultError, korus.MismatchError):
                        index = None  # a mix of nothing, or products named on one side only
                result.append((exporter, importer, period, currency, len(x), index))
    return result


def reference_decomposition(rows):
    """The scalar decomposition of each pair whose two sides the table holds, with values;
    nulls where a side or a value is missing (as the table keeps such rows)."""
    exports = [r for r in rows if r["direction"] == "export" and r["partner"] != "WLD"]
    imports = [r for r in rows if r["direction"] == "import" and r["partner"] != "WLD"]
    x_key = lambda r: (r["reporter"], r["partner"], r["scope"], r["period"])  # noqa: E731
    m_key = lambda r: (r["partner"], r["reporter"], r["scope"], r["period"])  # noqa: E731
    if repeated(exports, x_key) or repeated(imports, m_key):
        raise korus.MismatchError("table", "", "repeats")
    x = {x_key(r): r for r in exports}
    m = {m_key(r): r for r in imports}
    if any(k in m and m[k]["currency"] != r["currency"] for k, r in x.items()):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for k in x.keys() | m.keys():
        e, i = x.get(k), m.get(k)
        gap = residual = None
        if e and i and e["value"] is not None and i["value"] is not None:
            d = korus.analysis.decompose_mirror(
                [flow(e), flow(i)], k[0], k[1], period=k[3], scope=k[2]
            )
            assert d.components == ()  # no valuation stated: nothing to separate
            gap, residual = amount(d.gap.magnitude), amount(d.residual.magnitude)
        result.append(
            (*k, (e or i)["currency"], amount(i and i["value"]), None, amount(e and e["value"]),
             None, gap, None, residual)
        )  # fmt: skip
    return result


def reference_share_changes(rows):
    current = reference_shares(rows)
    keys = lambda r: r[:4]  # noqa: E731  reporter, partner, direction, scope
    if repeated(current, lambda r: (*keys(r), r[4])):
        raise korus.MismatchError("table", "", "repeats")
    by_period = {(*keys(r), r[4]): r for r in current}
    result = []
    for r in current:
        p = by_period.get((*keys(r), str(int(r[4]) - 1)))
        share, before = r[8], (p[8] if p else None)
        change = None
        if share is not None and before is not None:
            change = korus.percentage_point_change(
                korus.quantity(before, "percent"), korus.quantity(share, "percent")
            ).magnitude
        result.append((*keys(r), r[4], p[4] if p else None, share, before, change))
    return result


COVERAGES = {"goods", "services", "goods_and_services"}


def reference_top(rows, n):
    group = lambda r: (r["reporter"], r["partner"], r["direction"], r["period"])  # noqa: E731
    products = [r for r in rows if r["scope"] not in COVERAGES]
    if repeated(products, lambda r: (*group(r), r["scope"])):
        raise korus.MismatchError("table", "", "repeats")
    scopes = defaultdict(set)
    for r in products:
        scopes[group(r)].add(r["scope"])
    for present in scopes.values():
        for scope in present:
            code = scope[3:]
            if any(f"HS:{code[:k]}" in present for k in (2, 4) if len(code) > k):
                raise korus.MismatchError("scope", scope, "nested")
    groups = defaultdict(list)
    for r in products:
        if r["value"] is not None:
            groups[group(r)].append(r)
    if any(len({r["currency"] for r in g}) > 1 for g in groups.values()):
        raise korus.CurrencyMismatchError("currency", "", "mixed")
    result = []
    for key, g in groups.items():
        for ranked in korus.top_products([flow(r) for r in g], n):
            result.append(
                (
                    *key,
                    g[0]["currency"],
                    str(ranked.key),
                    amount(ranked.value.magnitude),
                    ranked.rank,
                )
            )
    return result


# ---------------------------------------------------------------------- the suite


def as_tuples(result):
    return [tuple(row.values()) for row in rows_of(result)]


@pytest.fixture(params=ENGINES, scope="module")
def engine(request):
    if request.param == "spark":
        request.getfixturevalue("spark")
    return request.param


def test_balances(engine):
    @enough(engine)
    @given(rows=TABLES)
    @example(rows=[])
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.balances(table))) == outcome(
            lambda: reference_balances(rows)
        )

    check()


def _rows(*rows):
    return [
        {"reporter": r, "partner": p, "direction": d, "scope": "HS:84", "period": t,
         "currency": "USD", "value": Decimal(v)}
        for r, p, d, t, v in rows
    ]  # fmt: skip


ZERO_WORLD = _rows(
    ("USA", "KOR", "export", "2015", "0.01"), ("USA", "WLD", "export", "2015", "0.00")
)
# Ratios that fall exactly halfway between two values at RATIO_SCALE decimals, one a way: half
# to even keeps the even digit (0.000000, 100.000000, 0.000000 and 0.000002), where half up
# would not. 0.01 of 2,000,000.00 is 0.0000005 %.
SHARE_TIES = _rows(
    ("USA", "KOR", "export", "2015", "0.01"),
    ("USA", "WLD", "export", "2015", "2000000.00"),
    ("USA", "KOR", "export", "2016", "0.03"),
    ("USA", "WLD", "export", "2016", "2000000.00"),
)
CHANGE_TIES = _rows(
    ("USA", "KOR", "export", "2015", "2000000.00"),
    ("USA", "KOR", "export", "2016", "2000000.01"),
    ("USA", "KOR", "import", "2015", "2000000.01"),
    ("USA", "KOR", "import", "2016", "2000000.02"),
    ("USA", "JPN", "export", "2015", "2000000.00"),
    ("USA", "JPN", "export", "2016", "1999999.99"),
)
MIRROR_TIES = _rows(
    ("USA", "KOR", "export", "2015", "2000000.00"),
    ("KOR", "USA", "import", "2015", "2000000.01"),
    ("KOR", "USA", "export", "2015", "2000000.00"),
    ("USA", "KOR", "import", "2015", "1999999.99"),
)


def test_totals(engine):
    @enough(engine)
    @given(rows=TABLES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.totals(table))) == outcome(
            lambda: reference_totals(rows)
        )

    check()


# Every country pycountry knows but USA (the reporter of ROW): more partners than 64 bits hold.
COUNTRIES = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 != "USA")


@pytest.mark.parametrize(
    ("missing", "twice"),
    # (None, None): every partner once. Else one partner left out of the group and another
    # given twice, so the group has as many rows as there are partners: only the partners
    # themselves tell the repeat. At the edges of the bitmask's words, and at the last partner.
    [(None, None), (5, 0), (0, 63), (62, 64), (64, 127), (127, 128), (130, 192), (0, -1)],
)
def test_totals_tell_a_repeat_among_many_partners(engine, missing, twice):
    assert len(COUNTRIES) > 193  # partners in a fourth word, whatever pycountry adds
    exports = [p for i, p in enumerate(COUNTRIES) if i != missing]
    if twice is not None:
        exports.append(COUNTRIES[twice])
    rows = [
        ROW | {"partner": partner, "direction": direction, "value": Decimal(f"{i}.01")}
        for direction, partners in (("export", exports), ("import", COUNTRIES))
        for i, partner in enumerate(partners)
    ]
    expected = outcome(lambda: reference_totals(rows))
    assert expected[0] == ("rows" if twice is None else "error")
    assert outcome(lambda: as_tuples(columnar.totals(table_of(rows, engine)))) == expected


@pytest.mark.parametrize(("missing", "twice"), [(None, None), (62, 64), (0, -1)])
def test_totals_on_polars_number_partners_by_a_join_where_no_table_of_slots_serves(
    monkeypatch, missing, twice
):
    # Polars reads each row's partner bit from a table at the slot of the partner's hash;
    # where no size of table gives every partner a slot of its own (two partners of one
    # hash), it joins the partners' bits instead, with the same answers.
    from korus.columnar import _engine_polars

    monkeypatch.setattr(_engine_polars, "_slots", lambda hashes: None)
    test_totals_tell_a_repeat_among_many_partners("polars", missing, twice)


def test_a_table_of_slots_gives_every_hash_a_slot_of_its_own():
    from korus.columnar._engine_polars import _slots

    # 64-bit hashes of the codes, the same in every run (Python's own hash of a str is not).
    hashes = [int.from_bytes(hashlib.sha256(code.encode()).digest()[:8]) for code in COUNTRIES]
    size = _slots(hashes)
    assert size is not None
    assert len({h % size for h in hashes}) == len(hashes)
    assert _slots([7, 7]) is None  # two partners of one hash: no size serves
    assert _slots(list(range(513))) is None  # tables of more than 4 MB: the join instead
    assert _slots([5]) == 1


def test_shares(engine):
    @enough(engine)
    @given(rows=TABLES)
    @example(rows=[])
    @example(rows=ZERO_WORLD)  # a share of a zero total is undefined (null), not a part too large
    @example(rows=SHARE_TIES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.shares(table))) == outcome(
            lambda: reference_shares(rows)
        )

    check()


def test_changes(engine):
    @enough(engine)
    @given(rows=TABLES)
    @example(rows=CHANGE_TIES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.changes(table))) == outcome(
            lambda: reference_changes(rows)
        )

    check()


def test_rank_partners(engine):
    @enough(engine)
    @given(rows=TABLES, by=st.sampled_from(["exports", "imports", "two_way_trade", "balance"]))
    def check(rows, by):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.rank_partners(table, by=by))) == outcome(
            lambda: reference_ranks(rows, by)
        )

    check()


def test_mirror(engine):
    @enough(engine)
    @given(rows=TABLES)
    @example(rows=MIRROR_TIES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.mirror(table))) == outcome(
            lambda: reference_mirror(rows)
        )

    check()


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ({}, "table='USA KOR goods 2016': repeats a flow already given"),
        (
            {"reporter": "KOR", "partner": "USA", "direction": "import", "currency": "EUR"},
            "currency='USA KOR goods 2016': differs between the two sides",
        ),
    ],
)
def test_mirror_names_the_flow_it_refuses_alike_on_every_engine(engine, second, message):
    row = ROW | {"value": Decimal("1.00")}
    rows = [row, row | second]
    with pytest.raises(korus.KorusError) as caught:
        columnar.mirror(table_of(rows, engine))
    assert str(caught.value) == message


@pytest.mark.parametrize("by", ["partner", "product"])
def test_concentration(engine, by):
    @enough(engine)
    @given(rows=TABLES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.concentration(table, by=by))) == outcome(
            lambda: reference_concentration(rows, by)
        )

    check()


def test_rca(engine):
    @enough(engine)
    @given(rows=TABLES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.rca(table))) == outcome(
            lambda: reference_rca(rows)
        )

    check()


def test_trade_intensity(engine):
    @enough(engine)
    @given(rows=TABLES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.trade_intensity(table))) == outcome(
            lambda: reference_intensity(rows)
        )

    check()


def test_complementarity(engine):
    @enough(engine)
    @given(rows=TABLES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.complementarity(table))) == outcome(
            lambda: reference_complementarity(rows)
        )

    check()


def test_decompose_mirror(engine):
    @enough(engine)
    @given(rows=TABLES)
    @example(rows=MIRROR_TIES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.decompose_mirror(table))) == outcome(
            lambda: reference_decomposition(rows)
        )

    check()


VALUED = st.lists(
    st.fixed_dictionaries(
        {
            "reporter": st.sampled_from(["USA", "CHN"]),
            "direction": st.sampled_from(["export", "import"]),
            "valuation": st.sampled_from(["CIF", "FOB"]),
            "value": st.decimals(min_value=0, max_value=Decimal("9" * 12), places=SCALE),
        }
    ),
    max_size=8,
)


def test_decompose_mirror_separates_the_valuation_like_the_scalar(engine):
    # Flows of the USA and China to each other at either valuation: the table's decomposition
    # of each pair equals the scalar one of the same flows, refusals included.
    @enough(engine)
    @given(valued=VALUED)
    def check(valued):
        flows = [
            korus.TradeFlow.of(
                v["reporter"], "CHN" if v["reporter"] == "USA" else "USA", v["direction"],
                "goods", 2022, korus.quantity(v["value"], "USD"), valuation=v["valuation"],
            )
            for v in valued
        ]  # fmt: skip
        table = columnar.from_flows(flows, engine=engine, scale=SCALE)

        def scalar():
            result = []
            for exporter, importer in (("USA", "CHN"), ("CHN", "USA")):
                try:
                    d = korus.analysis.decompose_mirror(flows, exporter, importer, period=2022)
                except korus.MismatchError as error:
                    if "appear twice" in error.reason:
                        raise
                    continue  # a side missing: the table keeps the row, with nulls
                [valuation] = [c.value.magnitude for c in d.components] or [None]
                result.append(
                    (amount(d.gap.magnitude), amount(valuation), amount(d.residual.magnitude))
                )
            return result

        def table_rows():
            return [
                (r["gap"], r["valuation"], r["residual"])
                for r in rows_of(columnar.decompose_mirror(table))
                if r["gap"] is not None
            ]

        assert outcome(table_rows) == outcome(scalar)

    check()


MONTHS = [f"2021-{m:02d}" for m in (10, 11, 12)] + [f"2022-{m:02d}" for m in range(1, 13)]
# A month missing or null one time in twenty: often every month a lag needs is there.
MOSTLY_TRUE = st.sampled_from([True] * 19 + [False])
MOSTLY_VALUES = st.one_of(
    st.none(), *[st.decimals(min_value=0, max_value=Decimal("9" * 14), places=SCALE)] * 19
)


def test_decompose_mirror_separates_timing_like_the_scalar(engine):
    # A year of China's exports to the USA beside the USA's imports, with China's months from
    # October 2021, some missing or null: the table's timing of a lag equals the scalar one
    # where every month it needs is there, and is null (left in the residual) where not.
    @enough(engine, share=0.4)
    @given(
        values=st.lists(MOSTLY_VALUES, min_size=len(MONTHS), max_size=len(MONTHS)),
        present=st.lists(MOSTLY_TRUE, min_size=len(MONTHS), max_size=len(MONTHS)),
        lag=st.integers(min_value=1, max_value=3),
    )
    def check(values, present, lag):
        rows = [
            ROW | {"reporter": "USA", "partner": "CHN", "direction": "import", "period": "2022",
                   "value": Decimal("1000.00")},
            ROW | {"reporter": "CHN", "partner": "USA", "period": "2022", "value": Decimal("900.00")},
        ] + [
            ROW | {"reporter": "CHN", "partner": "USA", "period": month, "value": value}
            for month, value, kept in zip(MONTHS, values, present, strict=True)
            if kept
        ]  # fmt: skip
        table = table_of(rows, engine)
        (row,) = [
            r for r in rows_of(columnar.decompose_mirror(table, lag=lag)) if r["period"] == "2022"
        ]
        flows = [flow(r) for r in rows if r["value"] is not None]
        try:
            d = korus.analysis.decompose_mirror(flows, "CHN", "USA", period=2022, lag=lag)
        except korus.MismatchError:
            assert row["timing"] is None  # a month missing: not separated
            assert row["residual"] == row["gap"]
            return
        [timing] = [c.value.m_as("USD") for c in d.components]
        assert (row["timing"], row["residual"]) == (amount(timing), amount(d.residual.m_as("USD")))

    check()


def test_share_changes(engine):
    @enough(engine)
    @given(rows=TABLES)
    @example(rows=SHARE_TIES)
    def check(rows):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.share_changes(table))) == outcome(
            lambda: reference_share_changes(rows)
        )

    check()


PRODUCT_ROWS = st.lists(
    ROWS.map(lambda r: r | {"scope": r["partner"]}).flatmap(
        lambda r: st.sampled_from(["goods", "HS:84", "HS:85", "HS:87", "HS:8471", "HS:847130"]).map(
            lambda scope: r | {"scope": scope}
        )
    ),
    max_size=25,
)


def test_top_products(engine):
    @enough(engine)
    @given(rows=PRODUCT_ROWS, n=st.integers(1, 3))
    def check(rows, n):
        table = table_of(rows, engine)
        assert outcome(lambda: as_tuples(columnar.top_products(table, n))) == outcome(
            lambda: reference_top(rows, n)
        )

    check()


def test_records_round_trip(engine):
    @enough(engine)
    @given(rows=TABLES)
    def check(rows):
        present = [r for r in rows if r["value"] is not None and r["direction"] != "re-export"]
        flows = tuple(flow(r) for r in present)
        assert columnar.to_flows(columnar.from_flows(flows, engine=engine, scale=SCALE)) == flows

    check()


ROW = {
    "reporter": "USA",
    "partner": "KOR",
    "direction": "export",
    "scope": "goods",
    "period": "2016",
    "currency": "USD",
}


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"partner": "XXK"}, korus.UnknownCodeError, "partner"),
        ({"currency": "XYZ"}, korus.UnknownCodeError, "currency"),
        ({"direction": "sideways"}, korus.InvalidValueError, "direction"),
        # A member's name is no direction a table holds: the plans would drop its rows.
        ({"direction": "EXPORT"}, korus.InvalidValueError, "direction"),
        ({"scope": "HS:77"}, korus.UnknownCodeError, "scope"),
        ({"period": "2016-13"}, korus.KorusError, "period"),
        ({"value": Decimal("-1.00")}, korus.InvalidValueError, "value"),
        ({"currency": None}, korus.InvalidValueError, "currency"),
        ({"reporter": None}, korus.InvalidValueError, "reporter"),
        ({"direction": None}, korus.InvalidValueError, "direction"),
        # A world total alone in its group is judged too (totals find group keys in groups).
        ({"partner": "WLD", "scope": "HS:77"}, korus.UnknownCodeError, "scope"),
        ({"partner": "WLD", "value": Decimal("-1.00")}, korus.InvalidValueError, "value"),
        # Two bad codes: the first column of the table's is named, on every engine.
        ({"reporter": "XXA", "partner": "XXK"}, korus.UnknownCodeError, "reporter"),
        ({"reporter": "XXA", "partner": None}, korus.UnknownCodeError, "reporter"),
        # Texts a SQL plan would write into its statement are judged before they reach it.
        ({"partner": "K'R"}, korus.InvalidValueError, "partner"),
        ({"currency": "U'D"}, korus.UnknownCodeError, "currency"),
        ({"reporter": "XXA", "partner": "K'R"}, korus.UnknownCodeError, "reporter"),
    ],
)
@pytest.mark.parametrize("calculation", ["balances", "totals"])
def test_what_the_scalar_types_refuse_is_refused(engine, change, error, field, calculation):
    table = table_of([ROW | {"value": Decimal("1.00")} | change], engine)
    with pytest.raises(error) as caught:
        getattr(columnar, calculation)(table)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("rows", "error", "field"),
    [
        # balances reads the sign of each value from its groups where every row is one side
        # of one pair, and from the table where one is not: a negative value is refused either
        # way, before the repeat it may be part of.
        ([{"direction": "import", "value": "-1.00"}], korus.InvalidValueError, "value"),
        (
            [{"value": "1.00"}, {"direction": "re-export", "value": "-1.00"}],
            korus.InvalidValueError,
            "value",
        ),
        ([{"value": "1.00"}, {"value": "-1.00"}], korus.InvalidValueError, "value"),
        ([{"value": "-1.00"}, {"value": "1.00"}], korus.InvalidValueError, "value"),
        ([{"value": "1.00"}, {"value": "2.00"}], korus.MismatchError, "table"),
        (
            [{"partner": "XXK", "value": "1.00"}, {"value": "-1.00"}],
            korus.InvalidValueError,
            "value",
        ),
    ],
)
def test_a_negative_value_anywhere_is_refused_first(engine, rows, error, field):
    table = table_of([ROW | r | {"value": Decimal(r["value"])} for r in rows], engine)
    with pytest.raises(error) as caught:
        columnar.balances(table)
    assert caught.value.field == field


def test_overflow_is_refused_not_wrapped(engine):
    # 30 digits do not fit the 28 korus allows, which keep every sum within 38.
    big = Decimal("1" + "0" * 29 + ".00")
    table = table_of([ROW | {"value": big}], engine, precision=38)
    with pytest.raises(korus.KorusError):
        columnar.balances(table)


def test_mixed_currencies_are_refused(engine):
    rows = [
        ROW | {"value": Decimal(1)},
        ROW | {"direction": "import", "currency": "EUR", "value": Decimal(2)},
    ]
    with pytest.raises(korus.CurrencyMismatchError):
        columnar.balances(table_of(rows, engine))


def test_floats_are_refused(engine):
    frame = pl.DataFrame([ROW | {"value": 1.5}])
    table = {
        "polars": lambda: frame,
        "duckdb": lambda: duckdb.from_arrow(frame.to_arrow()),
        "spark": lambda: spark_session().createDataFrame(frame.to_arrow()),
    }[engine]()
    with pytest.raises(korus.InvalidTypeError) as caught:
        columnar.balances(table)
    assert caught.value.field == "value"
    # The refusal says what to do instead, on every engine.
    assert "read the values as text" in str(caught.value)


# ---------------------------------------------------------------------- bases of measurement

BASES = korus.testing.bases()
CALCULATIONS = {
    "balances": columnar.balances,
    "totals": columnar.totals,
    "shares": columnar.shares,
    "changes": columnar.changes,
    "share_changes": columnar.share_changes,
    "mirror": columnar.mirror,
    "concentration": columnar.concentration,
    "rca": columnar.rca,
    "trade_intensity": columnar.trade_intensity,
    "complementarity": columnar.complementarity,
    "top_products": lambda t, **k: columnar.top_products(t, 3, **k),
    **{
        f"rank_partners_{by}": functools.partial(columnar.rank_partners, by=by)
        for by in ("exports", "imports", "two_way_trade", "balance")
    },
}


def based(row, basis):
    return flow(row).replace(basis=basis)


def test_two_bases_of_one_reporter_and_direction_are_refused_by_every_calculation(engine):
    # Two flows of one reporter, direction, scope and period, to two partners, on two bases:
    # the scalar total refuses them, and so does every calculation over a table holding them.
    @enough(engine)
    @given(rows=TABLES, first=BASES, second=BASES, data=st.data())
    def check(rows, first, second, data):
        if first == second:
            # Make them differ, in the way they differ most often in real files.
            other = korus.Valuation.CIF if first.valuation is not korus.Valuation.CIF else None
            second = first.replace(valuation=other)
        direction = data.draw(st.sampled_from(["export", "import"]))
        pair = [
            ROW | {"direction": direction, "partner": p, "value": Decimal("1.00")}
            for p in ("KOR", "JPN")
        ]
        with pytest.raises(korus.MismatchError):
            korus.total([based(pair[0], first), based(pair[1], second)])
        present = [r for r in rows if r["value"] is not None and r["currency"] == "USD"]
        flows = [based(pair[0], first), based(pair[1], second)]
        flows += [based(r, first) for r in present if r["direction"] != "re-export"]
        table = columnar.from_flows(flows, engine=engine, scale=SCALE)
        name = data.draw(st.sampled_from(sorted(CALCULATIONS)))
        with pytest.raises(korus.MismatchError) as caught:
            CALCULATIONS[name](table)
        assert caught.value.field.startswith("basis.")

    check()


def test_a_balance_refuses_what_the_scalar_balance_refuses(engine):
    # Exports on one basis and imports on another: the table's balances, two-way ranking and
    # mirror accept the pair exactly when korus.balance does, and give its figures.
    @enough(engine)
    @given(exports=BASES, imports=BASES)
    def check(exports, imports):
        x = based(ROW | {"value": Decimal("42.30")}, exports)
        m = based(ROW | {"direction": "import", "value": Decimal("69.90")}, imports)
        table = columnar.from_flows([x, m], engine=engine, scale=SCALE)
        try:
            expected = korus.balance(x, m).net.m_as("USD")
        except korus.MismatchError:
            for name in ("balances", "rank_partners_two_way_trade", "rank_partners_balance"):
                with pytest.raises(korus.MismatchError):
                    CALCULATIONS[name](table)
            return
        (row,) = rows_of(columnar.balances(table))
        assert row["balance"] == expected

    check()


def test_the_basis_columns_go_through_a_table_unchanged(engine):
    @enough(engine)
    @given(rows=TABLES, basis=BASES)
    def check(rows, basis):
        present = [r for r in rows if r["value"] is not None and r["direction"] != "re-export"]
        flows = tuple(based(r, basis) for r in present)
        table = columnar.from_flows(flows, engine=engine, scale=SCALE)
        assert columnar.to_flows(table) == flows

    check()
