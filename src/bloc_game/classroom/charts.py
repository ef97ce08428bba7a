"""The debrief's charts, drawn by matplotlib (the optional ``teacher`` extra) as PNG bytes.

matplotlib rather than the desktop's pygame renderer: these charts have axes, ticks,
legends and long wrapped labels, and are printed; matplotlib lays those out and
renders them at print resolution, where pygame would mean drawing every axis by hand.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any, Optional

from ..i18n import _, short_date
from ..transcript import percent
from .analysis import ClassReport

WIDTH_IN = 7.0  # fits the printable width of A4 and Letter
DPI = 150
PALETTE = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb")  # Paul Tol, colour-blind safe
HISTORY = "#222222"


def available() -> Optional[str]:
    """None when charts can be drawn, else what to install."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        return _("charts need matplotlib: {command}").format(command="pip install 'bloc-game[teacher]'")
    return None


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 8, "font.family": "DejaVu Sans", "axes.spines.top": False,
                         "axes.spines.right": False, "svg.fonttype": "none"})
    return plt


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    # A fixed layout rather than bbox_inches="tight", which draws every figure twice.
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    _plt().close(fig)
    return buffer.getvalue()


def _figure(rows: int, per_row: float, top: float = 0.35) -> tuple[Any, Any]:
    """A figure with room for two-line labels on the left and the axis caption below."""
    plt = _plt()
    height = 0.75 + top + per_row * max(1, rows)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    fig.subplots_adjust(left=0.44, right=0.97, top=1 - top / height, bottom=0.65 / height)
    ax.margins(y=0.01)
    ax.tick_params(axis="y", labelsize=6.5)
    return fig, ax


def _label(text: str, width: int = 56) -> str:
    """One line per bar, so a chart of thirty points stays within a printed page.

    ``width`` is in Latin letters: DejaVu Sans draws Cyrillic (and other non-Latin) letters about
    a quarter wider, so a label in them is cut sooner to stay within the figure's left margin.
    """
    return textwrap.shorten(text, _letters(text, width), placeholder="…")


def _letters(text: str, width: int) -> int:
    """How many of ``text``'s letters fit in ``width`` Latin letters (non-Latin ones count a quarter more)."""
    wide = sum(1 for c in text if ord(c) > 0x24F)
    return int(width * len(text) / (len(text) + 0.25 * wide)) if text else width


def _caption(ax: Any, text: str) -> None:
    """The axis caption, on two lines when a language's words would run past the figure."""
    ax.set_xlabel(textwrap.fill(text, _letters(text, 72)))


def _point_label(report: ClassReport, summary: Any) -> str:
    p = summary.point
    # Translators: a decision point on a chart's axis: its date, the deciding side and its title.
    return _label(_("{date} {side}: {title}").format(date=short_date(p.date), side=report.scenario.side(p.actor).name,
                                                     title=p.title))


def departures(report: ClassReport) -> bytes:
    """Where students first left history: students per dated decision point, and those who never did."""
    rows = [p for p in report.points if p.point.historical_choice is not None]
    labels = [_point_label(report, p) for p in rows] + [_("Never left history")]
    values = [p.first_departures for p in rows] + [report.stayed]
    fig, ax = _figure(len(labels), 0.19)
    bars = ax.barh(range(len(labels)), values, color=[PALETTE[0]] * len(rows) + [HISTORY])
    ax.bar_label(bars, labels=[str(v) if v else "" for v in values], padding=2)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    _caption(ax, _("students whose own first departure from history was here"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def flow(report: ClassReport) -> bytes:
    """The paths the class took: at each point, the share on each choice; history's choice outlined and hatched."""
    plt = _plt()
    rows = report.points
    fig, ax = _figure(len(rows), 0.21)
    for y, summary in enumerate(rows):
        left = 0.0
        for i, choice in enumerate(summary.choices):
            if not choice.count:
                continue
            ax.barh(y, choice.share, left=left, color=PALETTE[i % len(PALETTE)],
                    edgecolor=HISTORY if choice.historical else "white",
                    linewidth=1.6 if choice.historical else 0.5, hatch="///" if choice.historical else None)
            if choice.share >= 0.18:
                ax.text(left + choice.share / 2, y, textwrap.shorten(choice.label, int(choice.share * 60), placeholder="…"),
                        ha="center", va="center", fontsize=6.5, color="white" if i != 3 else "black")
            left += choice.share
    ax.set_yticks(range(len(rows)), [_label(_("(n={count}) {point}").format(count=s.deciders, point=_point_label(report, s)), 58)
                                       for s in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: percent(v)))
    _caption(ax, _("share of the students deciding there (hatched and outlined: history's choice)"))
    return _png(fig)


def agreement(report: ClassReport) -> bytes:
    """Where the class agreed: the most-chosen choice's share against what random play gives it."""
    plt = _plt()
    rows = report.points
    fig, ax = _figure(len(rows), 0.19, top=0.5)
    tops = [max(s.choices, key=lambda c: c.count) for s in rows]
    ax.barh(range(len(rows)), [c.share for c in tops], color=PALETTE[0], label=_("the class: share on its most-chosen choice"))
    ax.scatter([c.expected for c in tops], range(len(rows)), marker="D", color=PALETTE[1], zorder=3,
               label=_("random play: that choice's probability"))
    ax.set_yticks(range(len(rows)), [_point_label(report, s) for s in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: percent(v)))
    ax.legend(loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncol=1, frameon=False)
    return _png(fig)


def endings(report: ClassReport) -> bytes:
    """Endings reached (history's ending in dark)."""
    items = list(report.endings)
    fig, ax = _figure(len(items), 0.22)
    colours = [HISTORY if e.historical else PALETTE[2] for e, _n in items]
    bars = ax.barh(range(len(items)), [n for _e, n in items], color=colours)
    ax.bar_label(bars, padding=2)
    ax.set_yticks(range(len(items)), [_label(_("{ending} (history)").format(ending=e.title) if e.historical else e.title)
                                         for e, _n in items])
    ax.invert_yaxis()
    _caption(ax, _("games"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def outcomes(report: ClassReport) -> bytes:
    """Each side's outcome against history (0 is history) over the finished games."""
    sides = [(name, values) for name, values in report.outcomes if values]
    fig, ax = _figure(len(sides), 0.7)
    if sides:
        ax.boxplot([v for _n, v in sides], orientation="horizontal", widths=0.5, showfliers=False)
        for y, (_name, values) in enumerate(sides, start=1):
            jitter = [y + ((i * 37) % 11 - 5) / 40 for i in range(len(values))]  # deterministic spread of the dots
            ax.scatter(values, jitter, s=10, color=PALETTE[y % len(PALETTE)], alpha=0.8, zorder=3)
        ax.set_yticks(range(1, len(sides) + 1), [n for n, _v in sides])
    ax.axvline(0, color=HISTORY, linewidth=1)
    ax.text(0, ax.get_ylim()[1], " " + _("history"), va="top", fontsize=7)
    _caption(ax, _("objectives at the end minus history's (right of the line: better off)"))
    return _png(fig)


def mattered(report: ClassReport, limit: int = 8) -> bytes:
    """The decisions that mattered most: how far apart the deciding side's outcomes lay by choice."""
    rows = list(report.mattered[:limit])
    fig, ax = _figure(len(rows), 0.3)
    bars = ax.barh(range(len(rows)), [s.spread or 0.0 for s in rows], color=PALETTE[5])
    ax.bar_label(bars, fmt="%.1f", padding=2)
    ax.set_yticks(range(len(rows)), [_point_label(report, s) for s in rows])
    ax.invert_yaxis()
    _caption(ax, _("best minus worst average outcome of the choices students made"))
    return _png(fig)


CHARTS = (("departures", departures), ("flow", flow), ("agreement", agreement), ("endings", endings),
          ("outcomes", outcomes), ("mattered", mattered))
