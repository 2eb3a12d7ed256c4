"""Escapes closed at their root: every korus value refuses a change with ImmutableError, flags are
booleans, counts are counts, and numbers too long to print are refused, not crashed on."""

import datetime
import decimal
from decimal import Decimal

import attrs
import pytest

import korus
from korus.agreements import LocalDate, Place, Session, SpecialSessionRule
from korus.readers import RejectedRow, census_code, comtrade_code


def _public_attrs_classes():
    for module in (korus, korus.readers, korus.claims, korus.agreements, korus.testing):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                yield obj


def test_every_public_record_refuses_a_change_with_korus_error():
    flow = korus.TradeFlow.of("USA", "KOR", "export", "goods", 2016, "$42.3 billion")
    with pytest.raises(korus.ImmutableError) as caught:
        flow.value = korus.parse_amount("$1")
    assert caught.value.field == "value"
    with pytest.raises(korus.ImmutableError):
        del flow.partner
    frozen = [c for c in _public_attrs_classes() if c.__setattr__.__name__ == "_refuse_change"]
    assert korus.TradeFlow in frozen
    assert korus.Basis in frozen
    assert korus.readers.ComtradeRecord in frozen


def test_a_time_zone_folder_is_no_time_zone():
    with pytest.raises(korus.UnknownCodeError) as caught:
        Place("Somewhere", korus.Economy("USA"), "America")
    assert caught.value.field == "timezone"


@pytest.mark.parametrize("flag", ["no", 0, None])
def test_flags_are_booleans(flag):
    held = LocalDate(datetime.date(2017, 8, 22), Place.named("seoul"))
    with pytest.raises(korus.InvalidTypeError):
        Session(held, by_agreement=flag)
    with pytest.raises(korus.InvalidTypeError):
        SpecialSessionRule(30, "22.2.4(b)", unless_otherwise_agreed=flag)


@pytest.mark.parametrize("line", [0, -5, True, "3"])
def test_a_line_number_is_a_positive_int(line):
    with pytest.raises(korus.KorusError):
        RejectedRow(line, "flowCode", "Q", "is not a flow")


@pytest.mark.parametrize(
    "call",
    [
        lambda n: comtrade_code(n),
        lambda n: census_code(n),
        lambda n: korus.Direction(n),
        lambda n: korus.Valuation(n),
        lambda n: korus.readers.Source(n),
    ],
)
def test_an_int_past_pythons_digit_limit_is_refused_not_crashed_on(call):
    with pytest.raises(korus.KorusError):
        call(10**5000)


HEADER = "key,publisher,document,url,reporter,partner,year,category,measure,value,unit,rounded_to\n"
CLAIM = (
    '[[claim]]\nid = "{id}"\nreporter = "USA"\npartner = "KOR"\nyear = {year}\n'
    'scope = "goods"\nmeasure = "deficit"\ntext = "$27.7 billion"\n'
)


@pytest.mark.parametrize(
    ("command", "name", "content", "status"),
    [
        ("check", "deep.json", '{"claims": ' + "[" * 100_000 + "]" * 100_000 + "}", 2),
        ("check", "huge.toml", CLAIM.format(id="x", year="9" * 5000), 2),
        ("check", "exponent.json", '{"claims": [{"id": "x", "year": 1e999999}]}', 1),
        ("check", "bom.toml", "\ufeff" + CLAIM.format(id="b", year=2016), 0),
        ("check", "escape.toml", CLAIM.format(id="\\u001b[31mred", year=2016), 0),
        ("factsheet", "rounded.csv", HEADER + "x,P,,,USA,KOR,2016,goods,exports,42.3,billion USD,1E+999999999\n", 2),
        ("factsheet", "short.csv", HEADER + "x,P,,,USA\n", 2),
        ("factsheet", "long.csv", HEADER + "x,P,,,USA,KOR,2016,goods,exports,42.3,billion USD,0.1,extra\n", 2),
        ("factsheet", "bom.csv", "\ufeff" + HEADER + "x,P,,,USA,KOR,2016,goods,exports,42.3,billion USD,0.1\n", 0),
    ],
)  # fmt: skip
def test_the_command_on_hostile_files_exits_with_its_status_and_no_traceback(
    command, name, content, status, tmp_path, capsys
):
    from korus._cli import main

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    argv = [command, str(path)] if command == "check" else [command, "--data", str(path)]
    assert main(argv) == status
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "\x1b" not in out + err  # an escape sequence is shown, never sent to the terminal
    if status == 2:
        assert err.startswith("korus: error:")


@pytest.mark.parametrize("command", ["check", "factsheet"])
def test_a_file_over_the_size_limit_is_named_as_too_large(command, tmp_path, capsys):
    from korus._cli import main
    from korus.claims._published import MAX_FILE_BYTES

    path = tmp_path / "big.toml"
    with path.open("wb") as sparse:  # a hole: no disk used
        sparse.truncate(MAX_FILE_BYTES + 1)
    argv = [command, str(path)] if command == "check" else [command, "--data", str(path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"larger than the {MAX_FILE_BYTES:,} korus reads" in err
    assert err.count("\n") == 1


def test_a_bug_is_one_line_with_its_own_status(monkeypatch, capsys, tmp_path):
    from korus import _cli

    def broken(args):
        raise RuntimeError("something korus did not expect")

    monkeypatch.setattr(_cli, "_check", broken)
    path = tmp_path / "c.toml"
    path.write_text(CLAIM.format(id="c", year=2016))
    assert _cli.main(["check", str(path)]) == _cli.EXIT_BUG == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("korus: internal error (a bug in korus")
    assert "RuntimeError: something korus did not expect" in err


@pytest.mark.parametrize("where", ["middle", "last, with no line end"])
def test_a_lenient_read_rejects_an_over_long_line_and_reads_on(where):
    from korus.readers import read_comtrade
    from korus.readers._reading import MAX_LINE
    from korus.testing import comtrade_plus_csv, comtrade_sample

    lines = comtrade_plus_csv(comtrade_sample()).rstrip(b"\n").split(b"\n")
    if where == "middle":
        lines[3] += b"x" * (3 * MAX_LINE)
    else:
        lines.append(b"y" * (3 * MAX_LINE))
    text = b"\n".join(lines)
    data = read_comtrade(text, strict=False)
    (row,) = data.rejected
    assert (row.column, row.reason) == ("row", f"is longer than {MAX_LINE} bytes")
    assert data.rows == len(lines) - 1  # every row accounted for, the long one rejected
    with pytest.raises(korus.ParseError) as caught:
        read_comtrade(text)
    assert caught.value.field == f"<bytes>:{row.line}:row"


@pytest.mark.parametrize("where", ["middle", "last row"])
def test_a_lenient_census_read_rejects_an_over_long_line_without_holding_it(where):
    import io
    import tracemalloc

    from korus.readers import read_census
    from korus.readers._reading import MAX_LINE
    from korus.testing import CensusRow, census_json

    rows = [CensusRow(code, {"GEN_VAL_MO": "1"}) for code in ("5800", "5700", "5880")]
    lines = census_json(rows, ["GEN_VAL_MO"], direction="import", ports=False).split(b"\n")
    long = b" " * (40 * MAX_LINE)  # 4 MB of JSON whitespace: a row, were it read whole
    if where == "middle":
        lines[2] = lines[2][:-1] + long + b","
    else:
        lines[-1] = lines[-1][:-1] + b"," + long
        lines.append(b"]")
    text = b"\n".join(lines)
    tracemalloc.start()
    try:
        data = read_census(io.BytesIO(text), "GEN_VAL_MO", strict=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * MAX_LINE  # pieces of the line at a time, never the whole 4 MB
    (row,) = data.rejected
    assert (row.line, row.column, row.reason) == (
        3 if where == "middle" else 4,
        "row",
        f"is longer than {MAX_LINE} bytes",
    )
    assert data.rows == 3  # every row accounted for
    assert len(data.flows) + len(data.aggregates) == 2  # the other rows read on


def test_a_column_named_twice_is_refused_by_every_reader():
    from korus.readers import read_census, read_comtrade
    from korus.testing import CensusRow, census_json, comtrade_plus_csv, comtrade_sample

    csv_text = comtrade_plus_csv(comtrade_sample()).replace(b"cifvalue", b"fobvalue", 1)
    with pytest.raises(korus.ParseError, match="'fobvalue' more than once"):
        read_comtrade(csv_text, strict=False)
    response = census_json([CensusRow("5800", {"GEN_VAL_MO": "1"})], ["GEN_VAL_MO", "GEN_VAL_MO"],
                           direction="import", ports=False)  # fmt: skip
    with pytest.raises(korus.ParseError, match="'GEN_VAL_MO' more than once"):
        read_census(response, "GEN_VAL_MO", strict=False)


def test_a_json_number_far_outside_any_amount_is_rejected_cheaply_and_a_field_given_twice_refused():
    from korus.readers import read_comtrade_json
    from korus.testing import ComtradeRow, comtrade_api_json

    document = comtrade_api_json([ComtradeRow("842", "410", "M", 2022, cif="5")]).decode()
    huge = document.replace('"primaryValue": 5.0', '"primaryValue": 1e999999999')
    (row,) = read_comtrade_json(huge.encode(), strict=False).rejected
    assert (row.column, row.value) == ("primaryValue", "1e999999999")  # not a billion digits
    twice = document.replace('"primaryValue": 5.0', '"primaryValue": 5.0, "primaryValue": 7.0')
    with pytest.raises(korus.ParseError, match="'primaryValue' twice"):
        read_comtrade_json(twice.encode(), strict=False)


# Class 7: korus returns only what it can read back.

BIG = korus.quantity("9" * 31, "USD")  # the largest whole number of dollars korus holds


@pytest.mark.parametrize(
    ("compute", "field"),
    [
        (lambda: BIG + BIG, "result"),
        (lambda: BIG * 10, "result"),
        (lambda: korus.sum_amounts([BIG, BIG]), "total"),
        (lambda: korus.quantity("1E30", "USD") + korus.quantity("1E-30", "USD"), "result"),
        (
            lambda: korus.ExchangeRate(
                "USD", "KRW", "1160.5", on=korus.Period(2016), source="test"
            ).convert(BIG),
            "converted",
        ),
        (lambda: korus.rescale(korus.quantity("1E30", "billion USD"), None), "amount"),
    ],
)
def test_a_result_beyond_korus_limits_is_refused_not_returned(compute, field):
    with pytest.raises(korus.InvalidValueError, match=f"^{field}="):
        compute()


def test_a_balance_whose_two_way_trade_is_beyond_the_limits_says_so_when_asked():
    flow = korus.TradeFlow(
        korus.Economy("USA"),
        korus.Economy("KOR"),
        korus.Direction.EXPORT,
        korus.Coverage.GOODS,
        korus.Period(2016),
        BIG,
    )
    balance = korus.balance(flow, attrs.evolve(flow, direction=korus.Direction.IMPORT))
    assert balance.net == korus.quantity(0, "USD")
    with pytest.raises(korus.InvalidValueError, match=r"^two_way="):
        _ = balance.two_way


def test_nan_does_not_pass_through_arithmetic_or_comparison():
    nan = korus.ureg.Quantity(Decimal("NaN"), "USD")  # built past korus.quantity, which refuses it
    one = korus.quantity(1, "USD")
    for compute in (lambda: one + nan, lambda: nan - one, lambda: one < nan, lambda: -nan):
        with pytest.raises(korus.InvalidValueError, match="finite"):
            compute()


def test_quantity_arithmetic_is_korus_arithmetic_in_any_context():
    amount = korus.quantity("12345678901234567890.12345678", "billion USD")
    expected = (amount.to("USD"), amount * 3, -amount, amount / 7, korus.quantity(1, "USD") / 3)
    with decimal.localcontext() as hostile:
        hostile.prec = 5
        hostile.traps[decimal.Inexact] = True
        hostile.rounding = decimal.ROUND_FLOOR
        hostile.clear_flags()
        got = (amount.to("USD"), amount * 3, -amount, amount / 7, korus.quantity(1, "USD") / 3)
        assert not hostile.flags[decimal.Inexact]
    assert got == expected
    assert expected[0].magnitude == Decimal("12345678901234567890123456780.00000000")
    assert expected[4].magnitude == Decimal("0." + "3" * 28)
    with pytest.raises(korus.InvalidValueError, match="DivisionByZero"):
        amount / 0
