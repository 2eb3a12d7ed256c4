"""The Census reader judges each part of a row once for each distinct text of its fields
(readers/_census.py, ``_Judged``) and makes the rows that repeat them from the verdicts: the
records, the rejections and their order are those of judging every row whole, for responses
whose rows hypothesis draws from texts on either side of every check, repeated as real
responses repeat them."""

import json
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

import korus
from korus.readers import _census, read_census

_COUNTRIES = (
    "5800", "1000", "0003", "5700", "1220", "2010", "-", "1XXX", "4XXX", "5880", "0000", "9999", "58",
    "5800 ", "4280", "5330", "1000", "7290", "0022",
)  # fmt: skip
_COMMODITIES = ("10", "-", "TOTAL", "87", "8703", "870323", "870", "00", "99", "8703232000", "x1")
_TIMES = ("2024-12", "2024-03", "2024", "2024-13", "24-12", "2023-12", "", "1799-12")
_YEARS = ("2024", "2023", "1799", "x", "")
_MONTHS = ("12", "03", "13", "3", "")
_DFS = ("1", "2", "-", "", "3")
_PORTS = ("-", "5301", "", "2704", "X")
_VALUES = (
    "143751419", "0", "", "-5", "1.5", "12345678901234567890", "123456789012345678901", "007",
    " 5", "1e5",
)  # fmt: skip


@st.composite
def responses(draw):
    variable = draw(st.sampled_from(["ALL_VAL_MO", "ALL_VAL_YR", "GEN_VAL_MO", "CON_CIF_YR"]))
    commodity = "E_COMMODITY" if variable.startswith("ALL") else "I_COMMODITY"
    optional = {
        "DF": _DFS,
        "PORT": _PORTS,
        "DISTRICT": _PORTS,
        "MONTH": _MONTHS,
        "time": _TIMES,
    }
    chosen = [c for c in optional if draw(st.booleans())]
    header = [variable, "CTY_CODE", commodity, "YEAR", *chosen]
    if "time" not in header:
        header.append("time")
        chosen.append("time")
    pools = {
        variable: _VALUES,
        "CTY_CODE": _COUNTRIES,
        commodity: _COMMODITIES,
        "YEAR": _YEARS,
    } | {c: optional[c] for c in chosen}
    # Texts that pass every check together (for a monthly variable): a row drawn from them
    # alone is read, the others mostly rejected.
    agreeing = {"YEAR": ("2024",), "MONTH": ("12",), "time": ("2024-12",), "DISTRICT": ("-",)}
    good = st.tuples(*(st.sampled_from(agreeing.get(c, pools[c][:3])) for c in header)).map(list)
    anything = st.tuples(*(st.sampled_from(pools[c]) for c in header)).map(list)
    distinct = draw(st.lists(good | anything, min_size=1, max_size=6))
    # Rows repeat the texts of those (with their own values), as responses repeat codes,
    # each field's from any of them: rows share some parts of their verdicts and not others.
    texts = [sorted({row[n] for row in distinct}) for n in range(1, len(header))]
    fields = st.tuples(*(st.sampled_from(t) for t in texts)).map(list)
    values = st.sampled_from(_VALUES[:2]) | st.sampled_from(_VALUES)
    rows = draw(st.lists(st.tuples(values, fields).map(lambda r: [r[0], *r[1]]), max_size=30))
    lines = [json.dumps(header), *map(json.dumps, distinct + rows)]
    return variable, ("[" + ",\n".join(lines) + "]").encode()


class _Whole:
    """Every row judged whole by _record: the definition the judged reader is held to."""

    def __init__(self, layout):
        self._layout = layout

    def __call__(self, fields, line):
        return _census._record(self._layout, fields, line)


def read(text, variable, **kwargs):
    try:
        return read_census(text, variable, strict=False, **kwargs)
    except korus.KorusError as error:
        return repr(error)


@given(responses())
@example(
    (
        "ALL_VAL_MO",
        b'[["ALL_VAL_MO","CTY_CODE","E_COMMODITY","YEAR","DF","time"],\n'
        b'["5","5800","10","2024","3","2024-12"],\n["6","0003","10","2024","3","2024-12"]]',
    )
)
@example(
    (
        "GEN_VAL_MO",
        b'[["GEN_VAL_MO","CTY_CODE","I_COMMODITY","PORT","DISTRICT","time"],\n'
        b'["5","5800","10","-","-","2024-12"],\n["6","5800","10","-","5301","2024-12"],\n'
        b'["7","1000","10","5301","-","2024-12"]]',
    )
)
def test_judging_each_part_once_reads_what_judging_every_row_reads(response):
    variable, text = response
    direction = {"direction": "export"} if variable.startswith("ALL") else {}
    judged = read(text, variable, **direction)
    with mock.patch.object(_census, "_Judged", _Whole):
        whole = read(text, variable, **direction)
    assert judged == whole
    if not isinstance(judged, str):
        for kind in ("flows", "aggregates", "breakdowns", "rejected"):
            assert [r.line for r in getattr(judged, kind)] == [r.line for r in getattr(whole, kind)]


@given(responses(), st.integers(min_value=1, max_value=8))
def test_the_census_table_read_in_columns_is_the_table_read_record_by_record(response, group):
    # census_table judges the rows a group at a time (_Judged.flows) and makes the table's
    # texts without records; it must answer wherever every row reads, with the table the
    # records make, and decline (for the records to say what is wrong) wherever one does not.
    from korus import columnar
    from korus.columnar import _census as census_columns

    variable, text = response
    direction = "export" if variable.startswith("ALL") else None
    with mock.patch.object(_census, "_GROUP", group):
        fast = census_columns.census_frame(text, variable, direction)
    with mock.patch.object(columnar, "_census_fast", return_value=None):
        try:
            by_records = columnar.census_table(text, variable, direction=direction)
        except korus.KorusError as error:
            by_records = error
    whole = read(text, variable, **({"direction": direction} if direction else {}))
    if isinstance(whole, str) or whole.rejected:
        assert fast is None
    else:
        assert fast is not None
        assert fast.equals(by_records)
        assert fast.schema == by_records.schema
