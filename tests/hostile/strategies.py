"""Hypothesis strategies for hostile values: text, numbers and dates a browser never sends."""

from hypothesis import strategies as st

# --- Strategies ---------------------------------------------------------------------------
control_chars = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from("\u2028\u2029\ufeff\u202e\u200b\ufffe\uffff"),
)


nasty_strings = st.sampled_from(
    [
        "Jan\r\nBcc: iedereen@example.org",
        '=HYPERLINK("http://example.org","x")',
        "+31 6 1234",
        "@SUM(A1)",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00",
        "%",
        "../../etc/passwd",
        "\x00",
        "١٢٣",
        "𝟙𝟚𝟛",
        "Ǆ\u0301\u0301\u0301",
        "\t",
        " ",
        "-",
        "--",
        "-naam",
        "--naam",
        "x" * 10_000,
    ]
)


hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.one_of(control_chars, st.characters(codec="utf-8")), max_size=40),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(100, 1500)),
    nasty_strings,
)


hostile_number = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(str),
    st.sampled_from(["0", "-1", "1e9", "NaN", "inf", "0x10", " 7 ", "٣", "2147483648", "9" * 40]),
)


hostile_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "0000-00-00",
            "2026-02-30",
            "0001-01-01T00:00",
            "9999-12-31T23:59",
            "1999-12-31",
            "2101-01-01",
            "2100-12-31",
            "2000-01-01",
            "31-12-2026",
            "25:61",
            "9999-12",
            "0000-13",
        ]
    ),
)


hostile_value = st.one_of(hostile_text, hostile_number, hostile_date)


hostile_values = st.one_of(hostile_value, st.lists(hostile_value, min_size=2, max_size=3))
