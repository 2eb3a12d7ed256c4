"""Bases of measurement: what each source's values measure, and what korus refuses to combine
(UN IMTS 2010; the Census Bureau's definitions)."""

import pathlib
from decimal import Decimal

import pytest

import korus
from korus.claims import Claim, check_claims, figures_from_flows
from korus.readers import read_census, read_comtrade
from korus.testing import (
    CensusRow,
    ComtradeRow,
    census_json,
    comtrade_legacy_csv,
    comtrade_plus_csv,
    write_sample_files,
)

FOB = korus.Basis(valuation=korus.Valuation.FOB)
CIF = korus.Basis(valuation=korus.Valuation.CIF)


def flow(direction="export", value="$42.3 billion", partner="KOR", **fields):
    return korus.TradeFlow.of("USA", partner, direction, "goods", 2016, value, **fields)


# ------------------------------------------------------------------------------- the type


@pytest.mark.parametrize(
    "basis",
    [
        korus.Basis(),
        FOB,
        korus.Basis.of(valuation="customs", system="special", statistical_basis="BoP"),
        korus.Basis.of(edition="HS2022", mode="containerized vessel", treatment="dutiable"),
    ],
)
def test_a_basis_is_a_value_whose_repr_reads_back(basis):
    namespace = {name: getattr(korus, name) for name in korus.__all__}
    assert eval(repr(basis), namespace) == basis
    assert hash(basis) == hash(eval(repr(basis), namespace))
    with pytest.raises(AttributeError):
        basis.valuation = korus.Valuation.CIF


def test_bad_fields_name_themselves():
    with pytest.raises(korus.InvalidTypeError) as caught:
        korus.Basis(valuation="FOB")
    assert caught.value.field == "valuation"
    with pytest.raises(korus.InvalidValueError) as caught:
        korus.Basis.of(edition="HS2025")
    assert (caught.value.field, caught.value.value) == ("edition", "HS2025")
    with pytest.raises(korus.InvalidValueError) as caught:
        flow(valuation="FOB", basis=FOB)
    assert caught.value.field == "valuation"


def test_hs_editions_read_comtrades_codes_and_their_names():
    assert korus.HSEdition.coerce("H6", "edition") is korus.HSEdition.HS2022
    assert korus.HSEdition.coerce("HS1992", "edition") is korus.HSEdition.HS1992


# ------------------------------------------------------------------------- the refusals


def test_fob_exports_and_cif_imports_are_refused_naming_both_valuations():
    with pytest.raises(korus.MismatchError) as caught:
        korus.balance(flow(basis=FOB), flow("import", "$69.9 billion", basis=CIF))
    assert caught.value.field == "imports.basis.valuation"
    assert caught.value.value is korus.Valuation.CIF
    assert "valued CIF" in str(caught.value)
    assert "valued FOB" in str(caught.value)
    assert "ComtradeRecord.on" in str(caught.value)  # and says how to choose one


def test_the_census_basis_pairs_fas_exports_with_customs_value_imports():
    census = korus.Basis.of(statistical_basis="Census", system="general")
    exports = flow(basis=census.replace(valuation=korus.Valuation.FAS))
    imports = flow(
        "import", "$69.9 billion", basis=census.replace(valuation=korus.Valuation.CUSTOMS)
    )
    assert korus.balance(exports, imports).net == korus.quantity("-27.6", "billion USD")
    consumption = imports.replace(basis=imports.basis.replace(system=korus.TradeSystem.SPECIAL))
    with pytest.raises(korus.MismatchError, match="differ in system"):
        korus.balance(exports, consumption)


def test_a_stated_basis_and_one_not_stated_do_not_pair():
    with pytest.raises(korus.MismatchError, match="not stated"):
        korus.balance(flow(basis=FOB), flow("import", "$69.9 billion"))


def test_re_exports_are_a_part_of_exports_with_a_share_of_them():
    exports = flow(value="$42.3 billion")
    re_exports = flow("re-export", "$2.2 billion")
    assert round(korus.share(re_exports, exports).magnitude, 2) == Decimal("5.20")
    with pytest.raises(korus.MismatchError):
        korus.total([exports, re_exports])
    with pytest.raises(korus.MismatchError):
        korus.share(exports, re_exports)


def test_domestic_exports_and_re_exports_add_up_to_exports():
    total = korus.exports_from_parts(
        flow("domestic export", "$40.1 billion", basis=FOB),
        flow("re-export", "$2.2 billion", basis=FOB),
    )
    assert (total.direction, total.value, total.basis) == (
        korus.Direction.EXPORT,
        korus.quantity("42.3", "billion USD"),
        FOB,
    )
    with pytest.raises(korus.MismatchError):
        korus.exports_from_parts(flow("domestic export", basis=FOB), flow("re-export", basis=CIF))
    with pytest.raises(korus.MismatchError):
        korus.exports_from_parts(flow("export"), flow("re-export"))


def test_a_valuation_adjustment_is_explicit_exact_and_sourced():
    adjustment = korus.ValuationAdjustment(
        korus.Valuation.CIF, korus.Valuation.FOB, "0.9323", source="test", period=korus.Period(2016)
    )
    imports = flow("import", "575688091172 USD", basis=CIF)
    adjusted = adjustment.apply(imports)
    assert adjusted.value == korus.quantity("536714007399.6556", "USD")
    assert adjusted.basis == FOB
    assert adjusted.provenance == imports.provenance
    with pytest.raises(korus.MismatchError):
        adjustment.apply(adjusted)  # already FOB
    with pytest.raises(korus.MismatchError):
        adjustment.apply(imports.replace(period=korus.Period(2017)))
    with pytest.raises(korus.InvalidValueError):
        korus.ValuationAdjustment(korus.Valuation.CIF, korus.Valuation.CIF, "1", source="x")
    with pytest.raises(korus.InvalidValueError):
        korus.ValuationAdjustment(korus.Valuation.CIF, korus.Valuation.FOB, "0", source="x")


def test_balances_of_flows_keep_their_bases_through_changes_and_ranks():
    old = korus.balance(flow(basis=FOB), flow("import", "$69.9 billion", basis=FOB))
    new = korus.balance(
        flow(basis=FOB).replace(period=korus.Period(2017)),
        flow("import", "$70.0 billion", basis=CIF).replace(
            period=korus.Period(2017), basis=korus.Basis(valuation=korus.Valuation.CUSTOMS)
        ),
    )
    with pytest.raises(korus.MismatchError, match="import_basis"):
        korus.percent_change(old, new)
    japan = korus.balance(
        flow(basis=FOB, partner="JPN"),
        flow("import", "$1", partner="JPN", basis=CIF.replace(valuation=korus.Valuation.CUSTOMS)),
    )
    with pytest.raises(korus.MismatchError, match="import_basis"):
        korus.rank_partners([old, japan])


# ------------------------------------------------------------------------------- products


def test_national_chapters_98_and_99_are_products_of_their_own_kind():
    for code in ("98", "99", "9801", "990100"):
        product = korus.Product("HS", code)
        assert product.is_national
        assert product.coverage is korus.Coverage.GOODS
    assert not korus.Product("HS", "84").is_national
    with pytest.raises(korus.UnknownCodeError):
        korus.Product("HS", "77")


# ------------------------------------------------------------------------------- Comtrade


def test_comtrade_product_flows_carry_their_hs_edition_and_two_editions_do_not_sum():
    rows = [
        ComtradeRow("842", "410", "X", 2022, fob="5", cmd="84", classification="H4"),
        ComtradeRow("842", "392", "X", 2022, fob="7", cmd="84", classification="H6"),
        ComtradeRow("842", "156", "X", 2022, fob="9", cmd="84", classification="HS"),
        ComtradeRow("842", "156", "X", 2022, fob="11"),
    ]
    flows = [r.flow for r in read_comtrade(comtrade_plus_csv(rows)).flows]
    assert [f.basis.edition for f in flows] == [
        korus.HSEdition.HS2012,
        korus.HSEdition.HS2022,
        None,
        None,  # a total of all goods is the same trade under every edition
    ]
    with pytest.raises(korus.MismatchError) as caught:
        korus.total(flows[:2])
    assert caught.value.field == "flows[1].basis.edition"


def test_comtrade_reads_domestic_exports_and_national_chapters():
    rows = [
        ComtradeRow("842", "410", "DX", 2022, fob="5"),
        ComtradeRow("842", "410", "M", 2022, cif="7", cmd="99"),
        ComtradeRow("842", "410", "M", 2022, cif="3", cmd="98"),
    ]
    data = read_comtrade(comtrade_plus_csv(rows))
    assert [r.flow.direction for r in data.flows] == [
        korus.Direction.DOMESTIC_EXPORT,
        korus.Direction.IMPORT,
        korus.Direction.IMPORT,
    ]
    assert [r.flow.scope.is_national for r in data.flows[1:]] == [True, True]


@pytest.mark.parametrize("iso", ["S19", ""])
def test_other_asia_nes_is_a_partner_area_in_a_legacy_file(iso):
    rows = [ComtradeRow("842", "490", "M", 2016, cif="5", cmd="01", classification="H4")]
    text = comtrade_legacy_csv(rows).replace(b",S19,", f",{iso},".encode())
    data = read_comtrade(text)  # strict: the read stops at a row it refuses
    (record,) = data.flows
    assert record.flow.partner == korus.Economy("S19")
    assert record.flow.partner.is_area
    assert not record.flow.partner.is_aggregate
    assert data.aggregates == ()


def test_a_record_without_the_asked_valuation_says_so():
    rows = [ComtradeRow("276", "156", "M", 2022, cif="5")]
    (record,) = read_comtrade(comtrade_plus_csv(rows)).flows
    with pytest.raises(korus.MismatchError, match="holds no FOB value"):
        record.on("FOB")
    assert record.on("CIF") is record.flow


# --------------------------------------------------------------------------------- Census

IMPORTS = {"GEN_VAL_MO": "100", "CON_VAL_MO": "90", "DUT_VAL_MO": "40", "AIR_VAL_YR": "30"}


def census_imports(variables, commodity="-", **row):
    values = {v: IMPORTS[v] for v in variables}
    return census_json(
        [CensusRow("5800", values)], list(values), direction="import", commodity=commodity,
        time="2022-12", ports=False,
    )  # fmt: skip


def test_census_variables_are_read_as_what_they_measure():
    response = census_imports(["DUT_VAL_MO", "AIR_VAL_YR", "GEN_VAL_MO"])
    flows = {
        v: read_census(response, v).find("5800").flow
        for v in ("DUT_VAL_MO", "AIR_VAL_YR", "GEN_VAL_MO")
    }
    assert len({f.basis for f in flows.values()}) == 3
    assert flows["GEN_VAL_MO"].basis == korus.Basis.of(
        valuation="customs", system="general", statistical_basis="Census"
    )
    assert flows["DUT_VAL_MO"].basis.treatment is korus.Treatment.DUTIABLE
    assert flows["AIR_VAL_YR"].basis.mode is korus.TransportMode.AIR
    exports = korus.TradeFlow.of(
        "USA", "KOR", "export", "goods", "2022-12", "60 USD",
        basis=korus.Basis.of(valuation="FAS", system="general", statistical_basis="Census"),
    )  # fmt: skip
    assert korus.balance(exports, flows["GEN_VAL_MO"]).net == korus.quantity("-40", "USD")
    for part in ("DUT_VAL_MO",):
        with pytest.raises(korus.MismatchError, match="is a part"):
            korus.balance(exports, flows[part])
    consumption = read_census(census_imports(["CON_VAL_MO"]), "CON_VAL_MO").find("5800").flow
    assert consumption.basis.system is korus.TradeSystem.SPECIAL
    with pytest.raises(korus.MismatchError):
        korus.balance(exports, consumption)


def test_a_census_variable_that_is_no_value_of_trade_is_refused():
    response = census_json(
        [CensusRow("5800", {"CAL_DUT_CIF_MO": "1"})], ["XYZ_VAL_MO"], direction="import"
    )
    with pytest.raises(korus.InvalidValueError) as caught:
        read_census(response, "XYZ_VAL_MO")
    assert caught.value.field == "value"
    assert "GEN_VAL_MO" in caught.value.reason


def test_census_reads_chapters_98_and_99():
    for chapter in ("98", "99"):
        response = census_imports(["GEN_VAL_MO"], commodity=chapter)
        data = read_census(response, "GEN_VAL_MO")
        assert data.rejected == ()
        assert data.find("5800").flow.scope == korus.Product("HS", chapter)


def test_census_domestic_and_foreign_exports_are_read_as_the_parts_of_exports():
    header = '["ALL_VAL_MO","CTY_CODE","DF","E_COMMODITY","time"]'
    rows = ['["70","5800","1","-","2022-12"]', '["5","5800","2","-","2022-12"]']
    response = ("[" + ",\n".join([header, *rows]) + "]").encode()
    data = read_census(response, "ALL_VAL_MO", strict=False)
    domestic, foreign = (r.flow for r in data.flows)
    assert (domestic.direction, foreign.direction) == (
        korus.Direction.DOMESTIC_EXPORT,
        korus.Direction.RE_EXPORT,
    )
    assert korus.exports_from_parts(domestic, foreign).value == korus.quantity("75", "USD")


# --------------------------------------------------------------------------------- claims


def test_claims_checked_against_data_need_one_basis():
    x = flow(basis=FOB, value="153837022415 USD")
    m = flow("import", "575688091172 USD", basis=CIF)
    with pytest.raises(korus.MismatchError):
        figures_from_flows([x, m])
    with pytest.raises(korus.MismatchError, match="part"):
        figures_from_flows([flow("re-export")])
    with pytest.raises(korus.MismatchError, match="not a year"):
        figures_from_flows([flow().replace(period=korus.Period(2016, month=1))])
    claim = Claim("c", "USA", "KOR", 2016, "deficit", text="$382.9 billion", scope="goods")
    fob = flow("import", "536732471721 USD", basis=FOB)
    (result,) = check_claims([claim], figures_from_flows([x, fob]))
    assert result.verdict is korus.VerdictKind.CONSISTENT


def test_korus_check_against_a_comtrade_file(tmp_path, capsys):
    from korus._cli import main

    files = write_sample_files(tmp_path)
    claims = pathlib.Path(tmp_path, "claims.toml")
    claims.write_text(
        '[[claim]]\nid = "deficit"\nreporter = "USA"\npartner = "CHN"\nyear = 2022\n'
        'scope = "goods"\nmeasure = "deficit"\ntext = "$382.9 billion"\n'
    )
    assert main(["check", str(claims), "--comtrade", str(files.comtrade_csv)]) == 2
    assert "--valuation FOB or CIF" in capsys.readouterr().err
    argv = ["check", str(claims), "--comtrade", str(files.comtrade_csv), "--valuation", "FOB"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "CONSISTENT    deficit" in out
    assert "records with no FOB value left out" in out
