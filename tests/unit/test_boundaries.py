"""The edges where a plausible mistake passed every other test.

Each test here was written against a mistake made by hand in the code (a mutant) that the
suite did not notice: an even balance counted as a surplus, scale words matched only in lower
case, a rate converting its own quote currency, an HS heading added to its own subheading, and
the first moment of a day whose midnight never happened. (Comtrade breakdowns along two columns:
tests/unit/test_comtrade.py; ratios rounded half up instead of half to even:
tests/columnar/test_conformance.py.)
"""

import datetime
from decimal import Decimal

import pycountry
import pytest

import korus
from korus import Balance, ExchangeRate, Period, TradeFlow, _economy, parse_amount
from korus._cli._labels import LOCALES
from korus._cli._text import territory
from korus._tables import table_rows
from korus.readers import source_codes


def test_an_even_balance_is_neither_a_surplus_nor_a_deficit():
    even = Balance.of("USA", "KOR", "goods", 2016, exports="$1 billion", imports="$1000 million")
    assert even.position is korus.BalancePosition.EVEN
    assert even.net.magnitude == 0
    assert korus.surplus(even).magnitude == 0
    assert korus.deficit(even).magnitude == 0
    one_more = Balance.of("USA", "KOR", "goods", 2016, exports="$1 billion", imports="$999 million")
    assert one_more.position is korus.BalancePosition.SURPLUS


@pytest.mark.parametrize("text", ["$1 Billion", "$1 BILLION", "1 Billion USD", "$1 billion"])
def test_scale_words_are_read_in_any_case(text):
    assert parse_amount(text) == parse_amount("$1 billion")
    assert str(parse_amount(text)) == "1 billion USD"
    assert str(korus.Figure.parse(text).value) == "1"


@pytest.mark.parametrize("text", ["US$ 27.7 billion", "US$27.7 billion", "$ 27.7 billion"])
def test_a_currency_sign_is_read_with_or_without_a_space_after_it(text):
    assert parse_amount(text) == parse_amount("27.7 billion USD")
    assert korus.Figure.parse(text).value == korus.Figure.parse("$27.7 billion").value


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("$48.2 bln", "$48.2 billion"),
        ("$900 mln", "$900 million"),
        ("$1.2 trln", "$1.2 trillion"),
        ("$48.2bln", "$48.2 billion"),
        ("$17.46bn", "$17.46 billion"),
        ("£3.2 mn", "£3.2 million"),
        ("$1.2tn", "$1.2 trillion"),
    ],
)
def test_newsroom_abbreviations_of_scale_words_read_as_the_words(text, words):
    # "mln" was once taken for a second currency code ("names more than one currency").
    assert parse_amount(text) == parse_amount(words)
    assert korus.Figure.parse(text).range == korus.Figure.parse(words).range


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ("1.5 trillion won", korus.ParseError, "'won' is neither a currency code nor a scale"),
        ("$27.7 abc", korus.ParseError, "'abc' is neither a currency code nor a scale word"),
        ("$17.46 bns", korus.ParseError, "'bns' is neither a currency code nor a scale word"),
        ("27.7 billion ABC", korus.UnknownCodeError, "ABC is not an ISO 4217 currency code"),
        ("$27.7 ABC", korus.UnknownCodeError, "ABC is not an ISO 4217 currency code"),
    ],
)
def test_a_three_letter_word_that_is_no_currency_is_named(text, error, says):
    # Not "currency codes are written in capitals: WON", nor "names more than one currency".
    with pytest.raises(error, match=says):
        parse_amount(text)


@pytest.mark.parametrize(
    "text",
    [
        "5 thou\u017fand USD",  # a long s, which Unicode case folding reads as "s"
        "5 b\u0130llion USD",  # a dotted capital I
        "5 \u212aWD",  # the Kelvin sign, folded to "k"
    ],
)
def test_scale_words_and_codes_are_ascii_only(text):
    with pytest.raises(korus.ParseError):
        parse_amount(text)
    with pytest.raises(korus.ParseError):
        korus.Figure.parse(text)


def test_a_rate_converts_its_base_currency_only():
    rate = ExchangeRate("USD", "KRW", Decimal("1160.5"), on=Period(2016), source="test")
    assert rate.convert(parse_amount("$2 billion")) == parse_amount("2321 billion KRW")
    with pytest.raises(korus.CurrencyMismatchError, match="converts USD"):
        rate.convert(parse_amount("₩2 billion"))
    with pytest.raises(korus.CurrencyMismatchError):
        rate.convert(parse_amount("€2 billion"))


def test_a_heading_is_never_added_to_its_own_subheading():
    heading = TradeFlow.of("USA", "KOR", "export", "HS:8703", 2016, "$10 billion")
    subheading = TradeFlow.of("USA", "KOR", "export", "HS:870323", 2016, "$4 billion")
    chapter = TradeFlow.of("USA", "KOR", "export", "HS:87", 2016, "$12 billion")
    other = TradeFlow.of("USA", "KOR", "export", "HS:8704", 2016, "$1 billion")
    for flows in ([heading, subheading], [subheading, heading], [chapter, subheading]):
        with pytest.raises(korus.MismatchError):
            korus.total(flows)
    assert korus.total([heading, other]) == parse_amount("$11 billion")


def utc(moment):
    # Python subtracts two datetimes of one time zone by their wall clocks: compare in UTC.
    return moment.astimezone(datetime.UTC)


def test_a_day_whose_midnight_never_happened_begins_when_the_clocks_moved():
    # São Paulo moved its clocks from 00:00 to 01:00 on 2018-11-04 (start of daylight time).
    sao_paulo = korus.agreements.Place("São Paulo", korus.Economy("BRA"), "America/Sao_Paulo")
    day = korus.agreements.LocalDate(datetime.date(2018, 11, 4), sao_paulo)
    start = day.start_instant()
    assert start.isoformat() == "2018-11-04T01:00:00-02:00"
    assert start.astimezone(datetime.UTC).isoformat() == "2018-11-04T03:00:00+00:00"
    # The day before ended a microsecond earlier, at its own last moment.
    before = korus.agreements.LocalDate(datetime.date(2018, 11, 3), sao_paulo).end_instant()
    assert utc(start) - utc(before) == datetime.timedelta(microseconds=1)
    assert before.isoformat() == "2018-11-03T23:59:59.999999-03:00"
    # The day the clocks went back (00:00 on 2019-02-17 became 23:00 on the 16th) ends at the
    # second 23:59:59 of the 16th.
    long_day = korus.agreements.LocalDate(datetime.date(2019, 2, 16), sao_paulo)
    assert long_day.end_instant().isoformat() == "2019-02-16T23:59:59.999999-03:00"
    length = utc(long_day.end_instant()) - utc(long_day.start_instant())
    assert length == datetime.timedelta(hours=25, microseconds=-1)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/New_York", (2017, 3, 12)),  # 02:00 skipped, midnight intact
        ("America/Havana", (2017, 3, 12)),  # 00:00 skipped
        ("Asia/Beirut", (2017, 3, 26)),  # 00:00 skipped
        ("America/Santiago", (2017, 5, 14)),  # 00:00 repeated
        ("Asia/Seoul", (2017, 7, 12)),
    ],
)
def test_days_follow_each_other_without_gap_or_overlap(zone, day):
    place = korus.agreements.Place("somewhere", korus.Economy("USA"), zone)
    date = datetime.date(*day)
    today = korus.agreements.LocalDate(date, place)
    tomorrow = korus.agreements.LocalDate(date + datetime.timedelta(days=1), place)
    yesterday = korus.agreements.LocalDate(date - datetime.timedelta(days=1), place)
    for earlier, later in ((yesterday, today), (today, tomorrow)):
        gap = utc(later.start_instant()) - utc(earlier.end_instant())
        assert gap == datetime.timedelta(microseconds=1)
        assert later.start_instant().date() == later.date
        assert earlier.end_instant().date() == earlier.date


def test_top_exports_rank_by_amount_not_by_the_printed_digits():
    # The fact sheet once sorted by the printed number alone: 865 (million) above 6.1 (billion).
    import io

    from korus.claims import FigureIndex, load_figures

    figures = load_figures(
        io.StringIO(
            "key,publisher,document,url,reporter,partner,year,category,measure,value,unit,rounded_to\n"
            "a,Me,,,USA,KOR,2016,HS:10,exports,865,million USD,1\n"
            "b,Me,,,USA,KOR,2016,HS:84,exports,6.1,billion USD,0.1\n"
            "c,Me,,,USA,KOR,2016,HS:85,exports,5300,million USD,1\n"
        )
    )
    top = FigureIndex(figures).top_exports(korus.Economy("USA"), korus.Economy("KOR"), 2016)
    assert [f.scope for f in top] == ["HS:84", "HS:85", "HS:10"]


@pytest.mark.parametrize("code", ["XKX", "WLD", "S19", "X1", "_X"])
def test_lookup_finds_every_code_the_constructor_accepts(code):
    assert korus.Economy.lookup(code) == korus.Economy(code)
    assert korus.Economy.lookup(korus.Economy(code).name) == korus.Economy(code)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Rep. of Korea", "KOR"),  # UN Comtrade's
        ("china, hong kong sar", "HKG"),
        ("Turkey", "TUR"),  # the Census Bureau's
        ("Russia", "RUS"),
        ("Burma (Myanmar)", "MMR"),
        ("Burma", "MMR"),  # either name of one written "Burma (Myanmar)"
        ("Republic of Korea", "KOR"),
        ("TOTAL FOR ALL COUNTRIES", "WLD"),
        ("KOREA, SOUTH", "KOR"),  # the Census API's, which its files carry
        ("CONGO (KINSHASA)", "COD"),  # whole: "CONGO" alone is ISO's Republic of the Congo
        ("CONGO (BRAZZAVILLE)", "COG"),
    ],
)
def test_lookup_reads_the_names_the_sources_write(name, code):
    assert korus.Economy.lookup(name) == korus.Economy(code)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("UK", "GBR"),  # CLDR's short name
        ("U.K.", "GBR"),  # initials joined
        ("U.S.", "USA"),
        ("the United States", "USA"),  # "the" and "and" never tell economies apart
        ("The Gambia", "GMB"),
        ("Bosnia & Herzegovina", "BIH"),
        ("Ivory Coast", "CIV"),  # CLDR's variants, which babel leaves out
        ("Swaziland", "SWZ"),
        ("East Timor", "TLS"),
        ("Congo (DRC)", "COD"),
        ("Cape Verde", "CPV"),  # CLDR's English name
        ("St Lucia", "LCA"),  # "St." is "Saint"
        ("Vatican City", "VAT"),
        ("Democratic Republic of the Congo", "COD"),  # ISO's inverted names in their order
        ("United Republic of Tanzania", "TZA"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("Curacao", "CUW"),  # without its accents
        ("Turkiye", "TUR"),
        ("대한민국", "KOR"),  # CLDR's Korean, which the command writes with --locale ko
        ("미국", "USA"),
    ],
)
def test_lookup_reads_the_names_people_write(name, code):
    assert korus.Economy.lookup(name) == korus.Economy(code)


def test_no_name_korus_knows_stands_for_two_economies():
    economies: dict[tuple[str, ...], set[str]] = {}
    for name, code in _economy._names():
        economies.setdefault(_economy._key(name), set()).add(code)
    assert {words: codes for words, codes in economies.items() if len(codes) > 1} == {}
    assert () not in economies  # every name has words of its own


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("US$277억", "quantity('27.7', 'billion USD')"),  # CLDR's Korean, as korus writes it
        ("277억 달러", "quantity('27.7', 'billion USD')"),  # as Korean newspapers print it
        ("277억달러", "quantity('27.7', 'billion USD')"),
        ("US$8.65억", "quantity('0.865', 'billion USD')"),  # no digit gained or lost
        ("₩53,000억", "quantity('5300.0', 'billion KRW')"),
        ("53조 원", "quantity('53', 'trillion KRW')"),
        ("5만 달러", "quantity('0.05', 'million USD')"),
        ("-27.6억 달러", "quantity('-2.76', 'billion USD')"),
    ],
)
def test_korean_amounts_are_read_in_korus_scales(text, read):
    assert repr(korus.parse_amount(text)) == read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("US$277억 달러", "names more than one currency"),
        ("2.9%억", "is a percentage with a scale word"),
        ("277억 billion USD", "is not an amount"),
        ("1조 2,000억 원", "is not an amount"),  # two scale words: refused, never half read
        ("277억 엔", "is not an amount"),
    ],
)
def test_korean_amounts_korus_cannot_read_are_refused(text, reason):
    with pytest.raises(korus.ParseError, match=reason):
        korus.parse_amount(text)


def test_a_korean_figure_keeps_its_printed_precision():
    figure = korus.Figure.parse("277억 달러")
    assert figure.range.low == Decimal("27.65") * 10**9
    assert figure.range.high == Decimal("27.75") * 10**9


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_lookup_reads_back_every_name_the_command_writes(locale):
    assert locale in _economy.CLDR_LANGUAGES
    for country in pycountry.countries:
        economy = korus.Economy(country.alpha_3)
        assert korus.Economy.lookup(territory(economy, LOCALES[locale])) == economy


def test_every_cldr_variant_korus_ships_names_an_economy():
    for row in table_rows(_economy._CLDR_VARIANTS):
        economy = korus.Economy(pycountry.countries.get(alpha_2=row["iso2"]).alpha_3)
        assert korus.Economy.lookup(row["name"]) == economy, row


@pytest.mark.parametrize("source", ["comtrade", "census"])
def test_lookup_finds_every_economy_by_its_sources_name(source):
    # ISO's reading comes first: a source's name it read as another economy would be wrong.
    for found in source_codes(source):
        if found.economy is not None:
            assert korus.Economy.lookup(found.name) == found.economy, found


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Korea", "; did you mean South Korea (KOR) or North Korea (PRK)?"),
        ("Macedonia", "; did you mean North Macedonia (MKD)?"),
        (
            "virgin islands",
            "; did you mean Virgin Islands, British (VGB) or Virgin Islands, U.S. (VIR)?",
        ),
        (
            "nes",
            "; did you mean North America and Central America, nes (A59), LAIA, nes (A79), "
            "Other Europe, nes (E19), Other Africa, nes (F19), Other Asia, nes (S19), or 1 more?",
        ),
        ("Atlantis", ""),
        ("Korea, Rep.", ""),  # words of a name, but not in its order
    ],
)
def test_a_name_korus_cannot_read_is_refused_with_what_it_may_mean(text, meant):
    with pytest.raises(korus.UnknownCodeError) as refused:
        korus.Economy.lookup(text)
    assert (refused.value.field, refused.value.value) == ("economy", text)
    assert refused.value.reason == f"is no code or name of an economy that korus knows{meant}"


def test_an_amount_goes_to_another_scale_as_rescale_writes_it():
    amount = korus.quantity("300", "million USD")
    # As the first conversion of its process too: pint's parse of "billion USD" once failed
    # there (a Decimal to a float power), and its factor wrote 0.300000000.
    assert repr(amount.to("billion USD")) == "quantity('0.300', 'billion USD')"
    assert repr(korus.quantity("1.5", "billion USD") + amount) == "quantity('1.800', 'billion USD')"
    assert (
        repr(amount + korus.quantity("1.5", "billion USD")) == "quantity('1800.0', 'million USD')"
    )
    assert amount.m_as("USD") == 300_000_000
    ratio = korus.quantity("1.5", "billion USD") / amount
    assert ratio.magnitude == 5
    assert str(ratio.units) == "dimensionless"  # not "billion / million"


@pytest.mark.parametrize("unit", ["10**10**10 USD", "USD * 2", "kilo", "usd", "billion  USD"])
def test_a_unit_given_as_text_is_read_by_korus_not_by_pint(unit):
    with pytest.raises(korus.InvalidValueError, match="is not a korus unit"):
        korus.quantity("300", "million USD").to(unit)


@pytest.mark.parametrize("unit", ["KRW", "billion KRW", "percent"])
def test_an_amount_refuses_a_unit_of_another_dimension_naming_it(unit):
    with pytest.raises(korus.CurrencyMismatchError, match=f"unit='{unit}': cannot express 300"):
        korus.quantity("300", "million USD").to(unit)
