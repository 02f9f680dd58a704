"""Figures as deterministic SVG strings (matplotlib object API, no pyplot state, no backend).

Byte-stable output: no date in the SVG metadata, a fixed ``svg.hashsalt`` for clip-path ids, text
kept as text (set in DejaVu Sans, which the install step provides), and ``text.parse_math`` off so a ``$`` in an actor name is drawn, not parsed. Labels go through :func:`_text` (control
characters written out), and matplotlib escapes ``& < >`` in the SVG it writes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
import warnings
from typing import TYPE_CHECKING

import matplotlib
import pandas as pd
from matplotlib.dates import DateFormatter, DayLocator, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Polygon
from matplotlib.patheffects import withStroke
from matplotlib.ticker import FuncFormatter

from ..facts.schema import Event, parse_partial
from ..facts.times import INFERRED_MARK, is_window
from .actor_table import relation_graph
from .build import Brief
from .text import visible

if TYPE_CHECKING:  # networkx is imported when the relation figure is drawn
    import networkx as nx

#: The fonts figures are set in, as the brief's stylesheet has them: DejaVu Sans, then Debian's
#: Noto fonts for the letters it lacks (CJK, and Arabic-script letters beyond DejaVu's). A name
#: in another script is then drawn, not replaced by boxes with a warning.
FONTS = ("DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC")


def _installed(fonts: tuple[str, ...]) -> list[str]:
    """Those of ``fonts`` that matplotlib finds (one it does not would cost a warning per text
    drawn); DejaVu Sans, which matplotlib ships, at least."""
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    return [font for font in fonts if font in known] or ["DejaVu Sans"]


RC = {
    "svg.hashsalt": "analytic-brief",
    "svg.fonttype": "none",  # real text: searchable in the PDF, fast for WeasyPrint
    "text.parse_math": False,
    "font.family": _installed(FONTS),
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
STATUS_COLOURS = {
    "reported": "#1f4e79",
    "claimed": "#7a4f9a",
    "suspected": "#b35c00",
    "alleged": "#b35c00",
    "denied": "#7f7f7f",
}
FOCUS_COLOUR = "#c00000"


#: matplotlib's warning for a character that none of the figure's fonts has.
GLYPH_MISSING = re.compile(r"Glyph (\d+) .*missing from font")


def _save(fig: Figure) -> tuple[str, list[warnings.WarningMessage]]:
    """The figure as SVG, and the warnings matplotlib gave while drawing it."""
    buffer = io.StringIO()
    with matplotlib.rc_context(RC), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue(), caught


def to_svg(fig: Figure) -> str:
    """The figure as SVG. A character that none of the figure's fonts has is drawn as a box, and
    the figure says so in words, in a line at its foot, instead of a warning on stderr."""
    svg, caught = _save(fig)
    missing = sorted(
        {int(m.group(1)) for w in caught if (m := GLYPH_MISSING.search(str(w.message)))}
    )
    for w in caught:  # any other warning is matplotlib's to give
        if not GLYPH_MISSING.search(str(w.message)):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if not missing:
        return svg
    shown = ", ".join(f"U+{code:04X}" for code in missing[:10])
    more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    with matplotlib.rc_context(RC):
        fig.text(
            0.005,
            0.005,
            f"Not in the figure's fonts (they may show as boxes): {shown}{more}",
            fontsize=MIN_FONT_PT,
            color="#8b0000",
            ha="left",
            va="bottom",
        )
    return _save(fig)[0]


def _text(value: str) -> str:
    """Text drawn in a figure, with control and bidi characters written out as ``[U+XXXX]``
    (:func:`helpers.brief.text.visible`): SVG is XML, which refuses control characters, so one in
    a name would leave the whole figure blank."""

    return visible(value)


def _label(event: Event, width: int = 40, lines: int = 3) -> str:
    return "\n".join(textwrap.wrap(_text(event.summary), width, max_lines=lines, placeholder=" …"))


def _span(event: Event) -> tuple[dt.datetime | None, dt.datetime | None]:
    when = event.when
    lo = parse_partial(when.start)[0] if when.start else None
    hi = when.end_bound() if (when.end or when.start) else None
    return lo, hi


#: Smallest text in a figure, in points at print size (the figures are drawn at the printed
#: width, FIGURE_WIDTH_IN, so a point in the SVG is a point on paper).
MIN_FONT_PT = 8.0
FIGURE_WIDTH_IN = 7.2
#: A gap of more than this many days between dated events splits off the earlier ones: they are
#: listed under the timeline, not drawn, so that a 2020 background event does not squeeze weeks
#: of 2024 into a sliver.
FAR_GAP_DAYS = 60
INFERRED_COLOUR = "#8b0000"


def _uncertain(event: Event) -> bool:
    """ "At a date not given, between A and B": a window, not a duration."""
    return is_window(event.when)


def _inferred_tag(event: Event) -> str:
    """ "* year inferred" for a glyph whose date was partly inferred ("" if nothing was, or
    only the end of an ongoing period, which the arrow already says)."""
    if _uncertain(event):
        return ""
    parts = [p for p in event.when.inferred if not (p == "end" and event.when.ongoing)]
    return f"{INFERRED_MARK} {', '.join(parts)} inferred" if parts else ""


def _axis_window(dated: list[Event], brief: Brief) -> tuple[dt.datetime, dt.datetime, list[Event]]:
    """(left, right, events before the axis): the axis covers the latest run of events with no
    gap over FAR_GAP_DAYS (or the window the parameters set), up to the as-of date."""
    as_of = dt.datetime.combine(brief.as_of, dt.time())
    spans = {e.id: _span(e) for e in dated}
    ends = sorted({hi for _, hi in spans.values() if hi is not None}, reverse=True)
    cut = ends[-1] if ends else as_of
    if brief.window[0]:
        cut = dt.datetime.combine(brief.window[0], dt.time())
    else:
        for i in range(1, len(ends)):
            if ends[i - 1] - ends[i] > dt.timedelta(days=FAR_GAP_DAYS):
                cut = ends[i - 1]
                break
    far = [e for e in dated if spans[e.id][1] is not None and spans[e.id][1] < cut]
    near = [e for e in dated if e not in far]
    starts = [
        lo
        for lo, _ in (spans[e.id] for e in near)
        if lo is not None and lo >= cut - dt.timedelta(days=FAR_GAP_DAYS)
    ]
    ends_near = [hi for _, hi in (spans[e.id] for e in near) if hi is not None]
    left = min([*starts, cut - dt.timedelta(days=1) if ends_near else as_of]) - dt.timedelta(days=1)
    if brief.window[0]:
        left = min(left, cut)
    right = max([*ends_near, as_of]) + dt.timedelta(days=1)
    return left, right, far


def timeline_figure(brief: Brief) -> tuple[str, list[Event], list[Event]]:
    """Dated events against time; returns (svg, events not plotted because undated, events
    before the axis, listed under it).

    Precision is drawn, not hidden: a day or a minute is a point (a minute-precision point is
    labelled with its time); a period is a bar over its whole range; a window ("at a date not
    given, between A and B") is a thin whisker with end caps, labelled as such, never a bar; a
    period whose start is not given (or lies before the axis) fades in from the left edge; an
    end marked 'ongoing' gets an arrow; an inferred date is tagged "* ... inferred" in words
    (hatching does not survive every renderer).
    """
    events = brief.events_in_window()
    dated = [e for e in events if e.when.precision != "unknown"]
    undated = [e for e in events if e.when.precision == "unknown"]
    left, right, far = _axis_window(dated, brief)
    drawn = [e for e in dated if e not in far]
    focus = brief.params.focus_actor
    with matplotlib.rc_context(RC):
        height = 1.1 + 0.55 * max(len(drawn), 1)
        fig = Figure(figsize=(FIGURE_WIDTH_IN, height))
        ax = fig.add_subplot()
        x_left, x_right = date2num(left), date2num(right)
        labels = []
        for row, event in enumerate(reversed(drawn)):
            colour = STATUS_COLOURS[event.status]
            involved = {*event.initiators, *event.targets}
            edge = FOCUS_COLOUR if focus and focus in involved else colour
            if _uncertain(event):
                _draw_window(ax, event, row, colour, edge)
            elif event.when.precision == "period":
                _draw_period(ax, event, row, colour, edge, left)
            else:
                _draw_point(ax, event, row, colour, edge, (x_left, x_right))
            tag = _inferred_tag(event)
            if tag:
                x = date2num(_span(event)[0] or left)
                near_right = x > x_left + 0.7 * (x_right - x_left)
                ax.annotate(
                    tag,
                    (x, row),
                    xytext=(-8 if near_right else 8, -7),
                    textcoords="offset points",
                    ha="right" if near_right else "left",
                    va="top",
                    fontsize=MIN_FONT_PT,
                    fontstyle="italic",
                    color=INFERRED_COLOUR,
                )
            labels.append(_label(event))
        ax.set_yticks(range(len(labels)), labels=labels)
        ax.set_ylim(-0.8, max(len(labels), 1) - 0.3)
        ax.set_xlim(x_left, x_right)
        as_of = date2num(dt.datetime.combine(brief.as_of, dt.time()))
        ax.axvline(as_of, color="#999999", lw=0.8, ls=":")
        ax.annotate(
            f"as of {brief.as_of:%d %b}",
            (as_of, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            fontsize=MIN_FONT_PT,
            color="#555555",
            ha="center",
            va="bottom",
        )
        span_days = max(1, (right - left).days)
        ax.xaxis.set_major_locator(DayLocator(interval=max(1, math.ceil(span_days / 7))))
        ax.xaxis.set_major_formatter(DateFormatter("%d %b\n%Y"))
        ax.tick_params(axis="y", labelsize=MIN_FONT_PT, length=0)
        ax.tick_params(axis="x", labelsize=MIN_FONT_PT)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout()
        return to_svg(fig), undated, far


def _draw_window(ax, event: Event, y: int, colour: str, edge: str) -> None:
    """A window of uncertainty: a whisker with caps from A to B and the words saying so."""
    lo, hi = _span(event)
    a, b = date2num(lo), date2num(hi)
    ax.plot([a, b], [y, y], color=edge, linewidth=1.2, linestyle="-", solid_capstyle="butt")
    ax.plot([a, b], [y, y], linestyle="none", marker="|", markersize=10, color=edge)
    ax.annotate(
        f"date not given: between {lo:%d %b} and {hi - dt.timedelta(days=1):%d %b}",
        ((a + b) / 2, y),
        xytext=(0, 5),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=MIN_FONT_PT,
        fontstyle="italic",
        color="#444444",
    )


def _draw_period(ax, event: Event, y: int, colour: str, edge: str, left: dt.datetime) -> None:
    lo, hi = _span(event)
    clipped = lo is not None and lo < left
    start = left if lo is None or clipped else lo
    ax.barh(
        y,
        date2num(hi) - date2num(start),
        left=date2num(start),
        height=0.36,
        color=colour,
        alpha=0.35 if lo and not clipped else 0.18,
        edgecolor=edge,
        linewidth=1.2 if edge == FOCUS_COLOUR else 0.6,
    )
    if lo is None or clipped:
        ax.annotate(
            "start not given" if lo is None else f"from {lo:%d %b %Y}",
            (date2num(left), y + 0.22),
            xytext=(2, 0),
            textcoords="offset points",
            va="bottom",
            fontsize=MIN_FONT_PT,
            color="#555555",
        )
    if event.when.ongoing:
        ax.add_patch(
            FancyArrowPatch(
                (date2num(hi) - 0.05, y),
                (date2num(hi) + 0.6, y),
                arrowstyle="-|>",
                mutation_scale=8,
                color=colour,
            )
        )


def _draw_point(
    ax, event: Event, y: int, colour: str, edge: str, xlim: tuple[float, float]
) -> None:
    lo, _ = _span(event)
    minute = event.when.precision == "minute"
    x = date2num(lo) if minute else date2num(lo) + 0.5
    filled = event.status == "reported"
    ax.plot(
        [x],
        [y],
        marker="D" if minute else "o",
        markersize=7,
        markerfacecolor=colour if filled else "white",
        markeredgecolor=edge,
        markeredgewidth=1.6 if edge == FOCUS_COLOUR else 1.2,
        linestyle="none",
    )
    if minute:
        near_right = x > xlim[0] + 0.7 * (xlim[1] - xlim[0])
        ax.annotate(
            f"{lo:%H:%M} {event.when.tz}",
            (x, y),
            xytext=(-8 if near_right else 8, 5),
            textcoords="offset points",
            ha="right" if near_right else "left",
            fontsize=MIN_FONT_PT,
        )


def _short(name: str, width: int = 15) -> str:
    return "\n".join(textwrap.wrap(_text(name), width, max_lines=4, placeholder=" …"))


_KIND_ORDER = {
    "state": 0,
    "government": 1,
    "military command": 2,
    "military": 3,
    "international coalition": 4,
    "person": 5,
    "armed group": 6,
    "collective": 7,
    "organisation": 8,
    "site": 9,
}


MAX_NODES = 24  # actors drawn in the relation figure
MAX_POINTS = 40  # events drawn one by one in the timeline figure; beyond, counts per week


def weekly_figure(brief: Brief) -> str:
    """Events per ISO week (bars) and deaths per week (line), for timelines too long to draw
    event by event. Only events dated to the day or better are counted."""
    weeks = brief.weeks()  # never background: see Brief.counted
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.2, 2.6))
        ax = fig.add_subplot()
        if weeks:
            x = [date2num(dt.datetime.combine(w.monday, dt.time())) for w in weeks]
            ax.bar(x, [w.events for w in weeks], width=5.5, color="#1f4e79", label="events")
            ax2 = ax.twinx()
            ax2.plot(
                x, [w.killed.best for w in weeks], color="#b35c00", linewidth=1, label="killed"
            )
            ax2.set_ylabel("killed (best figure)")
            ax2.set_ylim(bottom=0)  # both axes start at 0, so the line's 0 is the bars' base
            ax2.spines["top"].set_visible(False)
            ax.xaxis_date()
            ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
        ax.set_ylabel("events per week")
        fig.tight_layout()
        return to_svg(fig)


STATE_KINDS = ("state", "government", "military", "military command")
STATE_FILL, GROUP_FILL = "#dfe9f5", "#f5e6d3"
#: Height of the relation figure: REL_HEIGHT_IN up to REL_ROOMY nodes, then taller per node;
#: the legend takes REL_LEGEND_IN at the bottom. The layout is in points (1 unit = 1 pt).
REL_HEIGHT_IN, REL_ROOMY, REL_PER_NODE_IN, REL_LEGEND_IN = 6.4, 14, 0.2, 0.6
#: Room kept between two actor boxes, in points.
NODE_GAP = 6.0
#: Where along an arrow its label may sit (share of the way from its tail), in order of
#: preference; the first that covers no actor and no other label wins.
LABEL_POSITIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


def _rel_height(n_nodes: int) -> float:
    return REL_HEIGHT_IN + REL_PER_NODE_IN * max(0, n_nodes - REL_ROOMY)


def _text_box(x: float, y: float, text: str, pad: float = 3.0) -> tuple[float, ...]:
    """(x0, y0, x1, y1) in points of ``text`` centred at (x, y), set at MIN_FONT_PT in DejaVu
    Sans (an average letter is about 0.6 em wide)."""
    lines = text.split("\n")
    w = max(len(line) for line in lines) * 0.6 * MIN_FONT_PT + 2 * pad
    h = len(lines) * 1.2 * MIN_FONT_PT + 2 * pad
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _ellipse_layout(
    order: list[str], names: dict[str, str], half: tuple[float, float]
) -> tuple[dict[str, tuple[float, float]], bool]:
    """Actors on an ellipse filling the view (half-width, half-height in points), in ``order``
    from the top, clockwise, each step the smallest that keeps two neighbours' boxes NODE_GAP
    apart plus an equal share of the room left; and whether every box fits (if not, the steps
    shrink in proportion and boxes overlap)."""
    if len(order) <= 1:
        return {n: (0.0, 0.0) for n in order}, True
    sizes = [_text_box(0, 0, names[n], pad=3.0 + NODE_GAP / 2) for n in order]
    a = half[0] - max(b[2] for b in sizes) - 2
    c = half[1] - max(b[3] for b in sizes) - 2

    def at(theta: float) -> tuple[float, float]:
        return a * math.cos(theta), c * math.sin(theta)

    def step(i: int, theta: float) -> float:
        here, there = sizes[i], sizes[(i + 1) % len(order)]
        x0, y0 = at(theta)
        for k in range(1, 1257):  # up to pi, by 1/400 of a radian
            x1, y1 = at(theta - k / 400)
            apart_x = abs(x1 - x0) >= (here[2] + there[2])
            apart_y = abs(y1 - y0) >= (here[3] + there[3])
            if apart_x or apart_y:
                return k / 400
        return math.pi

    def place(extra: float) -> tuple[list[float], float]:
        """Angles with ``extra`` added to every smallest step, and the room left between the
        last box and the first once around (negative: they overlap)."""
        thetas = [math.pi / 2]
        for i in range(len(order) - 1):
            thetas.append(thetas[-1] - step(i, thetas[-1]) - extra)
        closing = thetas[-1] - step(len(order) - 1, thetas[-1])
        return thetas, closing - (math.pi / 2 - 2 * math.pi)

    thetas, room = place(0.0)
    fits = room >= 0
    if fits:  # the largest equal extra that still closes the ring (bisection)
        lo, hi = 0.0, 2 * math.pi / len(order)
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if place(mid)[1] >= 0 else (lo, mid)
        thetas = place(lo)[0]
    return {n: at(t) for n, t in zip(order, thetas, strict=True)}, fits


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_label(
    tail: tuple[float, float], head: tuple[float, float], text: str, taken: list
) -> tuple[float, float]:
    """The point along tail -> head (or a line above or below it) where the label covers least
    of the actors and of the labels already placed (``taken``, which the new label's box
    joins)."""
    best = None
    lift = 1.6 * MIN_FONT_PT  # a line above or below the arrow
    for dy, t in [(dy, t) for dy in (0.0, lift, -lift) for t in LABEL_POSITIONS]:
        x, y = tail[0] + t * (head[0] - tail[0]), tail[1] + t * (head[1] - tail[1]) + dy
        box = _text_box(x, y, text, pad=1.5)
        cost = sum(_overlap(box, other) for other in taken)
        if best is None or cost < best[0]:
            best = (cost, x, y, box)
        if cost == 0:
            break
    taken.append(best[3])
    return best[1], best[2]


#: Fewest actors the relation figure keeps when the most connected ones do not all fit.
MIN_NODES = 8


def relation_layout(brief: Brief) -> tuple[nx.MultiDiGraph, dict, dict, float]:
    """(the relations drawn, actor -> position in points, actor -> label, figure height):
    the most connected actors (and the focus actor), at most MAX_NODES and no more than fit
    around the ellipse without overlapping (down to MIN_NODES)."""
    facts = brief.facts
    focus = brief.params.focus_actor
    multi = relation_graph(brief.corpus)
    degree = dict(multi.degree())
    ranked = sorted(multi.nodes, key=lambda n: (n != focus, -degree[n], n))
    for k in range(min(MAX_NODES, len(ranked)), 0, -1):
        kept = multi.subgraph(ranked[:k]).copy()
        # An ellipse ordered by kind: no randomness, no edge hidden behind a node.
        order = sorted(kept.nodes, key=lambda n: (_KIND_ORDER.get(facts.actors[n].kind, 9), n))
        names = {n: _short(facts.actors[n].name) for n in order}
        height = _rel_height(len(order))
        half = (FIGURE_WIDTH_IN * 72 / 2, (height - REL_LEGEND_IN) * 72 / 2)
        pos, fits = _ellipse_layout(order, names, half)
        if fits or k <= MIN_NODES:
            return kept, pos, names, height
    return multi, {}, {}, _rel_height(0)


def relation_figure(brief: Brief) -> str:
    """Actors as labelled boxes on an ellipse ordered by kind, relations as arrows from box
    edge to box edge, each labelled with its predicates where the label covers no actor and no
    other label (or, failing that, the least); claimed or hedged relations dashed; a legend
    below."""
    import networkx as nx  # here: the other figures do without it

    facts = brief.facts
    focus = brief.params.focus_actor
    multi, pos, names, height = relation_layout(brief)
    graph = nx.DiGraph(multi)  # one arrow per ordered pair, labelled with every predicate
    edge_labels: dict[tuple[str, str], list[str]] = {}
    edge_status: dict[tuple[str, str], str] = {}
    for u, v, data in multi.edges(data=True):
        edge_labels.setdefault((u, v), []).append(data["predicate"])
        if edge_status.get((u, v), "reported") == "reported":
            edge_status[(u, v)] = data["status"]
    order = list(pos)
    half = (FIGURE_WIDTH_IN * 72 / 2, (height - REL_LEGEND_IN) * 72 / 2)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(FIGURE_WIDTH_IN, height))
        ax = fig.add_axes((0.0, REL_LEGEND_IN / height, 1.0, 1 - REL_LEGEND_IN / height))
        ax.set_axis_off()
        ax.set_xlim(-half[0], half[0])
        ax.set_ylim(-half[1], half[1])
        boxes = {}
        for n in order:
            kind = facts.actors[n].kind
            fill = FOCUS_COLOUR if n == focus else STATE_FILL if kind in STATE_KINDS else GROUP_FILL
            boxes[n] = ax.text(
                *pos[n],
                names[n],
                ha="center",
                va="center",
                fontsize=MIN_FONT_PT,
                color="white" if n == focus else "#111111",
                zorder=3,
                bbox={"boxstyle": "round,pad=0.35", "fc": fill, "ec": "#555555", "lw": 0.6},
            )
        taken = [_text_box(*pos[n], names[n], pad=6.0) for n in order]
        for (u, v), status in sorted(edge_status.items()):
            on_focus = focus in (u, v)
            ax.annotate(
                "",
                xy=pos[v],
                xytext=pos[u],
                zorder=2,  # under the boxes: an arrow passing another actor goes behind it
                arrowprops={
                    "arrowstyle": "-|>",
                    "mutation_scale": 10,
                    "patchA": boxes[u].get_bbox_patch(),
                    "patchB": boxes[v].get_bbox_patch(),
                    "shrinkA": 2,
                    "shrinkB": 2,
                    "color": FOCUS_COLOUR if on_focus else "#6a6a6a",
                    "lw": 1.6 if on_focus else 0.9,
                    "linestyle": "-" if status == "reported" else (0, (4, 2.5)),
                    "connectionstyle": "arc3,rad=0.0"
                    if (v, u) not in edge_status
                    else "arc3,rad=0.12",
                },
            )
        for (u, v), labels in sorted(edge_labels.items()):
            text = _text(", ".join(labels))
            x, y = _place_label(pos[u], pos[v], text, taken)
            ax.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                fontsize=MIN_FONT_PT,
                color="#333333",
                zorder=5,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.9},
            )
        _relation_legend(fig, bool(focus and focus in graph))
        return to_svg(fig)


def _relation_legend(fig: Figure, focus: bool) -> None:
    handles = [
        Patch(facecolor=STATE_FILL, edgecolor="#555555", label="state, government, forces"),
        Patch(facecolor=GROUP_FILL, edgecolor="#555555", label="armed group, person, other"),
        Line2D([], [], color="#6a6a6a", lw=0.9, label="relation reported"),
        Line2D([], [], color="#6a6a6a", lw=0.9, ls=(0, (4, 2.5)), label="claimed or hedged"),
    ]
    if focus:
        handles.append(Patch(facecolor=FOCUS_COLOUR, label="focus actor and its relations"))
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=3,
        fontsize=MIN_FONT_PT,
        frameon=False,
        bbox_to_anchor=(0.5, 0.0),
    )


#: Marker area (points^2) of an event without a toll, and per death (square-root scale, so a
#: toll of 100 is ten times the diameter-ish growth of 1, not a hundred).
MAP_BASE_SIZE = 28.0
MAP_SIZE_PER_SQRT_DEATH = 34.0
#: Half-width of the smallest map view, in degrees; margin around the events, as a share.
MAP_MIN_HALF_SPAN = 6.0
MAP_MARGIN = 0.25


def _map_size(killed: object) -> float:
    deaths = 0 if killed is None or pd.isna(killed) else int(killed)
    return MAP_BASE_SIZE + MAP_SIZE_PER_SQRT_DEATH * deaths**0.5


#: The map's axes in the figure (left, bottom, width, height): the legend is to its right.
MAP_FIGSIZE = (7.2, 4.6)
MAP_AXES = (0.08, 0.07, 0.6, 0.9)


def _map_extent(lons: list[float], lats: list[float]) -> tuple[float, float, float, float]:
    """(west, east, south, north): every point with a margin, at least MAP_MIN_HALF_SPAN, widened
    or heightened so that the view fills the map's box (a degree of longitude is cos(latitude)
    of a degree of latitude)."""
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_x = max(MAP_MIN_HALF_SPAN, (max(lons) - min(lons)) * (0.5 + MAP_MARGIN))
    half_y = max(MAP_MIN_HALF_SPAN * 0.7, (max(lats) - min(lats)) * (0.5 + MAP_MARGIN))
    k = max(0.2, math.cos(math.radians(cy)))
    box = (MAP_FIGSIZE[0] * MAP_AXES[2]) / (MAP_FIGSIZE[1] * MAP_AXES[3])
    half_x, half_y = max(half_x, box * half_y / k), max(half_y, half_x * k / box)
    west, east = max(-180.0, cx - half_x), min(180.0, cx + half_x)
    south, north = max(-85.0, cy - half_y), min(85.0, cy + half_y)
    return west, east, south, north


#: Largest view before the map keeps to where most events are (degrees of longitude and
#: latitude either side of the median event); events beyond are listed under it.
MAP_MAX_HALF_SPAN = (50.0, 35.0)


def mapped_events(brief: Brief) -> tuple[pd.DataFrame, list[dict], pd.DataFrame]:
    """(rows of the timeline drawn on the map, places not resolved with the reason, rows with
    a point outside the map's view), for the events of the window that are not background.

    The view holds every point unless they spread over more than twice MAP_MAX_HALF_SPAN; then
    it holds those within MAP_MAX_HALF_SPAN of the median point."""
    df = brief.timeline
    current = df[~df["background"].astype(bool)]
    placed = current[current["lat"].notna()]
    unresolved = []
    for r in current[current["lat"].isna() & (current["location"] != "not given")].itertuples():
        unresolved.append({"event_id": r.event_id, "place": r.location, "why": r.geo_basis})
    lon, lat = placed["lon"].astype(float), placed["lat"].astype(float)
    half_x, half_y = MAP_MAX_HALF_SPAN
    if len(placed) and (lon.max() - lon.min() > 2 * half_x or lat.max() - lat.min() > 2 * half_y):
        inside = ((lon - lon.median()).abs() <= half_x) & ((lat - lat.median()).abs() <= half_y)
        return placed[inside], unresolved, placed[~inside]
    return placed, unresolved, placed.iloc[0:0]


def map_figure(brief: Brief) -> str:
    """A locator map: country outlines (Natural Earth 1:110m), one marker per event placed by
    its geocode; area by the best death toll, filled = reported, hollow = hedged or claimed,
    colour by status; a dashed ring around points known only to their region or country."""
    from ..facts.geocode import outlines

    placed, _, _ = mapped_events(brief)
    lons, lats = list(placed["lon"].astype(float)), list(placed["lat"].astype(float))
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=MAP_FIGSIZE)
        ax = fig.add_axes(MAP_AXES)
        west, east, south, north = _map_extent(lons or [0.0], lats or [0.0])
        _draw_outlines(ax, outlines(), (west, east, south, north))
        order = placed.assign(area=[_map_size(k) for k in placed["killed"]]).sort_values(
            ["area", "event_id"], ascending=[False, True]
        )
        for status, colour in STATUS_COLOURS.items():
            rows = order[order["status"] == status]
            if rows.empty:
                continue
            filled = status == "reported"
            coarse = rows[rows["geo_precision"] > 1].drop_duplicates(["lon", "lat"])  # one ring
            if not coarse.empty:
                ax.scatter(
                    coarse["lon"].astype(float),
                    coarse["lat"].astype(float),
                    s=[4 * s for s in coarse["area"]],
                    facecolors="none",
                    edgecolors=colour,
                    linewidths=0.8,
                    linestyles="--",
                    zorder=3,
                )
            points = ax.scatter(
                rows["lon"].astype(float),
                rows["lat"].astype(float),
                s=list(rows["area"]),
                facecolors=colour if filled else "white",
                edgecolors=colour,
                linewidths=1.2,
                alpha=0.85,
                zorder=4,
            )
            points.set_gid(f"events-{status}")
        _label_places(ax, order, (west, east, south, north))
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(1 / max(0.2, math.cos(math.radians((south + north) / 2))))
        ax.tick_params(labelsize=8, length=2)
        ax.xaxis.set_major_formatter(_degrees("E", "W"))
        ax.yaxis.set_major_formatter(_degrees("N", "S"))
        ax.set_facecolor("#eaf1f8")
        for side in ("top", "right"):
            ax.spines[side].set_visible(True)
        _map_legend(ax, placed)
        return to_svg(fig)


def _degrees(positive: str, negative: str) -> FuncFormatter:
    return FuncFormatter(lambda v, _: f"{abs(v):g}°{positive if v >= 0 else negative}")


def _draw_outlines(ax, shapes: dict[str, dict], box: tuple[float, float, float, float]) -> None:
    """Countries that reach into the view, largest first (an enclave is drawn over its
    surroundings)."""
    west, east, south, north = box
    rings = []
    for shape in shapes.values():
        for polygon in shape["polygons"]:
            ring = polygon[0]
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            if max(xs) < west or min(xs) > east or max(ys) < south or min(ys) > north:
                continue
            rings.append((-(max(xs) - min(xs)) * (max(ys) - min(ys)), shape["name"], ring))
    rings.sort(key=lambda r: (r[0], r[1]))
    for _, _, ring in rings:
        ax.add_patch(
            Polygon(ring, closed=True, facecolor="#f7f7f2", edgecolor="#9a9a9a", linewidth=0.5)
        )


def _label_places(ax, rows: pd.DataFrame, box: tuple[float, float, float, float]) -> None:
    """One label per place, to the right of its point, skipped where it would cover an earlier
    label (a rough box in degrees: 8 pt text is about 1/70 of the view's width per letter)."""
    west, east, south, north = box
    per_char, height = (east - west) / 70, (north - south) / 28
    taken: list[tuple[float, float, float, float]] = []
    seen = set()
    for r in rows.sort_values(["area", "location"], ascending=[False, True]).itertuples():
        if r.location in seen:
            continue
        seen.add(r.location)
        text = _text(r.location if len(r.location) <= 28 else r.location[:27] + "…")
        x0, y0 = float(r.lon) + per_char, float(r.lat) - height / 2
        box_ = (x0, y0, x0 + per_char * len(text), y0 + height)
        if any(
            b[0] < box_[2] and box_[0] < b[2] and b[1] < box_[3] and box_[1] < b[3] for b in taken
        ):
            continue
        taken.append(box_)
        ring = 2 if r.geo_precision > 1 else 1  # the dashed ring has twice the radius
        ax.annotate(
            text,
            (float(r.lon), float(r.lat)),
            xytext=(ring * r.area**0.5 / 2 + 3, 0),
            textcoords="offset points",
            fontsize=8,
            va="center",
            color="#222222",
            zorder=6,  # over every marker, with a white halo where it crosses one or a border
            path_effects=[withStroke(linewidth=2.4, foreground="white")],
        )


def _map_legend(ax, placed: pd.DataFrame) -> None:
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=7,
            markerfacecolor=colour if status == "reported" else "white",
            markeredgecolor=colour,
            label=status,
        )
        for status, colour in STATUS_COLOURS.items()
        if status in set(placed["status"]) and status != "alleged"
    ]
    tolls = [int(k) for k in placed["killed"] if not pd.isna(k)]
    for toll in (1, 10, 100, 1000):
        if tolls and toll <= max(tolls):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    markersize=_map_size(toll) ** 0.5,
                    markerfacecolor="#cccccc",
                    markeredgecolor="#777777",
                    label=f"{toll:,} killed",
                )
            )
    if (placed["geo_precision"] > 1).any():
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor="#555555",
                label="dashed ring:\nregion or\ncountry only",
            )
        )
    if handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.03, 1.0),
            fontsize=8,
            frameon=True,
            framealpha=0.9,
            borderpad=0.5,
            labelspacing=0.6,
        )
