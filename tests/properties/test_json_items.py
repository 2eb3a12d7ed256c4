"""The item-at-a-time JSON reader gives what ``json.loads`` gives, for any document, and refuses
what it refuses."""

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from korus.readers._json import object_with_array, top_level_array

DECODER = json.JSONDecoder()

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)
SPACE = st.sampled_from(["", " ", "\n", "\t ", "\r\n  "])


class Twice(Exception):
    pass


def _spaced(document, space):
    # json.dumps with its separators widened: the reader must skip any JSON whitespace.
    return json.dumps(document, separators=(f"{space},{space}", f"{space}:{space}"))


@given(
    st.dictionaries(st.text(max_size=4), VALUES, max_size=3),
    st.lists(VALUES, max_size=5),
    SPACE,
)
def test_an_object_with_its_array_read_item_by_item_is_what_json_loads_reads(members, data, space):
    document = {**members, "data": data}
    text = space + _spaced(document, space) + space
    read = object_with_array(text, "data", DECODER, Twice)
    array = read.pop("data")
    assert read == {k: v for k, v in document.items() if k != "data"}
    assert list(array) == data
    assert list(array) == data  # a second pass gives the same
    assert array.count == len(data)


@given(st.lists(VALUES, max_size=6), SPACE)
def test_a_top_level_array_read_item_by_item_is_what_json_loads_reads(items, space):
    array = top_level_array(space + _spaced(items, space) + space, DECODER)
    assert (list(array), array.count) == (items, len(items))


@pytest.mark.parametrize(
    "text",
    [
        '{"data": [1, 2]} x',
        '{"data": [1, 2,]}',
        '{"data": [1 2]}',
        '{"data": [1, 2]',
        '{"data" [1]}',
        '{"data": [1], }',
        "{1: 2}",
        "nope",
        "",
    ],
)
def test_what_json_loads_refuses_is_refused(text):
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        object_with_array(text, "data", DECODER, Twice)


def test_a_member_given_twice_is_refused_and_other_shapes_are_told_apart():
    with pytest.raises(Twice):
        object_with_array('{"data": [], "data": [1]}', "data", DECODER, Twice)
    assert object_with_array("[1, 2]", "data", DECODER, Twice) is None
    assert top_level_array('{"a": 1}', DECODER) is None
    assert object_with_array('{"data": 5}', "data", DECODER, Twice) == {"data": 5}


# Lines as a Census response's rows are written, and lines on either side of every way the
# grouped parse leaves a line to json.loads: bytes that are not UTF-8, byte order marks, NUL
# bytes (json.loads reads those as UTF-16 or UTF-32), lone surrogates, a line the scanner stops
# short of, one that reads as two rows together with the next, NaN.
_CENSUS_LINES = st.lists(
    st.one_of(
        st.lists(st.text(max_size=6), max_size=4).map(lambda row: json.dumps(row).encode()),
        st.lists(st.text(max_size=6), max_size=4).map(
            lambda row: json.dumps(row, ensure_ascii=False).encode()
        ),
        st.sampled_from(
            [
                b'["a", "b"',
                b'"c"]',
                b"[1], [2",
                b"3]",
                b'["\xff"]',
                b'\xef\xbb\xbf["bom"]',
                b'\xff\xfe[\x00"\x00a\x00"\x00]\x00',
                b'[\x00"\x00',
                b'\x00["a"]',
                b'["\\ud800"]',
                b'["\xed\xa0\x80"]',
                b"[NaN, Infinity]",
                b"[1.5e3, -0, true, null]",
                b'["a"] x',
                b"{}",
                b"",
            ]
        ),
        st.binary(max_size=8),
    ),
    max_size=12,
)


@given(_CENSUS_LINES)
# A line holding a line break of its own, which once shifted the lines after it.
@example([b"\n", b"[]", b'[""]'])
def test_census_lines_parsed_together_are_what_each_parsed_alone_is(lines):
    from korus.readers import _census
    from korus.readers._reading import Reject

    def plain(value):
        if isinstance(value, Reject):
            return ("reject", value.column, value.value, value.reason)
        return ("row", json.dumps(value))

    group = [(number, line) for number, line in enumerate(lines, start=2)]
    together = [(n, plain(v)) for n, v in _census._parsed(group, "x")]
    alone = [(n, plain(_census._parse(line, n, "x"))) for n, line in group]
    assert together == alone
