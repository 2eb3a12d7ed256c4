"""Charts drawn at build time, from korus's shipped data through korus's own API: the
``korus-chart`` directive takes a chart's name and puts an SVG in the page, so a chart can never
show other figures than korus computes. No plotting library: a few bars need none.

    .. korus-chart:: us-exports-to-korea
"""

from __future__ import annotations

import csv
import html
import importlib.resources
from collections.abc import Callable
from decimal import Decimal

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

import korus
from korus.readers import ComtradeData, ComtradeRecord, read_comtrade, sample_file

WIDTH, BAR_AREA, LABEL_WIDTH, ROW, TOP = 640, 420, 150, 26, 34
COLOURS = ("#3b6ea8", "#d08c2a", "#5a9e6f")


def _bars(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[Decimal]]],
    unit: str,
    note: str,
) -> str:
    """Horizontal bars, one group a label, one bar a series; negative values to the left."""
    values = [v for _, vs in series for v in vs]
    low, high = min(Decimal(0), *values), max(Decimal(0), *values)
    span = (high - low) or Decimal(1)

    def x(value: Decimal) -> float:
        return LABEL_WIDTH + float((value - low) / span) * BAR_AREA

    bar = (ROW - 6) / len(series)
    height = TOP + ROW * len(labels) + 22 * (len(series) + 2)
    out = [
        f'<svg class="korus-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
        f'{height}" role="img" aria-label="{html.escape(title)}" '
        'style="max-width:100%;height:auto;font:12px sans-serif">',
        f'<text x="0" y="16" style="font-weight:bold">{html.escape(title)}</text>',
    ]
    for row, label in enumerate(labels):
        y = TOP + row * ROW
        out.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + ROW / 2 + 3:.1f}" '
                   f'text-anchor="end">{html.escape(label)}</text>')  # fmt: skip
        for index, (_, vs) in enumerate(series):
            left, right = sorted((x(Decimal(0)), x(vs[row])))
            out.append(
                f'<rect x="{left:.1f}" y="{y + 2 + index * bar:.1f}" width="{right - left:.1f}" '
                f'height="{bar:.1f}" fill="{COLOURS[index]}"><title>{html.escape(label)}: '
                f"{vs[row]:,} {unit}</title></rect>"
            )
    axis_y = TOP + ROW * len(labels)
    out.append(f'<line x1="{x(Decimal(0)):.1f}" y1="{TOP - 4}" x2="{x(Decimal(0)):.1f}" '
               f'y2="{axis_y}" stroke="#444"/>')  # fmt: skip
    for end in {low, high}:
        out.append(f'<text x="{x(end):.1f}" y="{axis_y + 14}" text-anchor="middle">'
                   f"{end:,.0f}</text>")  # fmt: skip
    for index, (name, _) in enumerate(series):
        y = axis_y + 36 + index * 18
        out.append(f'<rect x="{LABEL_WIDTH}" y="{y - 10}" width="12" height="12" '
                   f'fill="{COLOURS[index]}"/>')  # fmt: skip
        out.append(f'<text x="{LABEL_WIDTH + 18}" y="{y}">{html.escape(name)}</text>')
    out.append(f'<text x="0" y="{height - 4}" style="fill:#555">{html.escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def us_exports_to_korea() -> str:
    """USITC's US exports to Korea, 2013–2017: the sum of its sectors, year by year."""
    text = importlib.resources.files("korus.data").joinpath("usitc_kr1_exports_by_sector.csv")
    rows = list(csv.DictReader(text.read_text("utf-8").splitlines()))
    years = [name for name in rows[0] if name != "sector"]
    totals = [
        korus.sum_amounts([korus.quantity(row[year], "million USD") for row in rows])
        for year in years
    ]
    return _bars(
        "US exports to Korea, by year (sum of USITC's sectors)",
        years,
        [("exports", [korus.rescale(t, "billion").magnitude for t in totals])],
        "billion USD",
        "Source: USITC, Shifts in U.S. Merchandise Trade 2017, Table KR.1 (korus.data).",
    )


def _sample() -> ComtradeData:
    return read_comtrade(sample_file("comtrade_csv"))


def mirror_gap() -> str:
    """Each importer's figure beside its partner's export figure, as each reported it."""
    data = _sample()
    pairs = [("USA", "CHN"), ("CHN", "USA"), ("DEU", "CHN"), ("CHN", "DEU"), ("USA", "DEU"),
             ("DEU", "USA")]  # fmt: skip
    mirrors = [data.mirror(importer, exporter, valuation=None) for importer, exporter in pairs]

    def billions(record: ComtradeRecord) -> Decimal:
        return korus.rescale(record.flow.value, "billion").magnitude.quantize(Decimal("0.1"))

    return _bars(
        "Mirror flows, 2022: one flow as its importer and as its exporter reported it",
        [f"{i} from {e}" for i, e in pairs],
        [
            ("imports, reported by the importer (CIF)", [billions(m.imports) for m in mirrors]),
            ("exports, reported by the exporter (FOB)", [billions(m.exports) for m in mirrors]),
        ],
        "billion USD",
        "From korus's sample Comtrade+ file (korus.readers.sample_file), with Mirror.",
    )


def us_balances() -> str:
    """The US balance with each partner that has both sides, FOB, as in the tutorial."""
    data = _sample()
    sides: dict[str, dict[str, korus.TradeFlow]] = {}
    for record in data.flows:
        flow = record.flow
        if flow.reporter.code == "USA":
            try:
                sides.setdefault(flow.partner.code, {})[flow.direction.value] = record.on("FOB")
            except korus.KorusError:  # no FOB value: missing, never estimated
                continue
    partners = sorted(p for p, s in sides.items() if {"export", "import"} <= set(s))
    nets = [
        korus.rescale(
            korus.balance(sides[p]["export"], sides[p]["import"]).net, "billion"
        ).magnitude.quantize(Decimal("0.1"))
        for p in partners
    ]
    return _bars(
        "US balance with each partner, 2022 (FOB): exports minus imports",
        partners,
        [("balance", nets)],
        "billion USD",
        "From korus's sample Comtrade+ file, with korus.balance; negative is a deficit.",
    )


CHARTS: dict[str, Callable[[], str]] = {
    "us-exports-to-korea": us_exports_to_korea,
    "mirror-gap": mirror_gap,
    "us-balances": us_balances,
}


class ChartDirective(Directive):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in CHARTS:
            raise self.error(f"no korus chart named {name!r}: {', '.join(CHARTS)}")
        return [nodes.raw("", CHARTS[name](), format="html")]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("korus-chart", ChartDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
