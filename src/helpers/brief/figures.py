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

import matplotlib
import networkx as nx
import pandas as pd
from matplotlib.dates import DateFormatter, DayLocator, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon
from matplotlib.ticker import FuncFormatter

from ..facts.schema import Event, parse_partial
from .actor_table import relation_graph
from .build import Brief
from .text import visible

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
    "hatch.color": "#44546a",
    "hatch.linewidth": 0.7,
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
            fontsize=6,
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


def timeline_figure(brief: Brief) -> tuple[str, list[Event]]:
    """Dated events against time; returns (svg, events not plotted because undated).

    Precision is drawn, not hidden: a day or a minute is a point (a minute-precision point is
    labelled with its time); a period is a bar over its whole range; a period whose start is not
    given is a bar fading in from the left edge; an end marked 'ongoing' gets an arrow; inferred
    bounds are hatched.
    """
    events = brief.events_in_window()
    dated = [e for e in events if e.when.precision != "unknown"]
    undated = [e for e in events if e.when.precision == "unknown"]
    focus = brief.params.focus_actor
    with matplotlib.rc_context(RC):
        height = 1.0 + 0.5 * max(len(dated), 1)
        fig = Figure(figsize=(7.2, height))
        ax = fig.add_subplot()
        bounds = [b for e in dated for b in _span(e) if b is not None]
        if brief.window[0]:
            bounds.append(dt.datetime.combine(brief.window[0], dt.time()))
        if not bounds:
            bounds = [dt.datetime.combine(brief.as_of, dt.time())]
        left = min(bounds) - dt.timedelta(days=1)
        right = max(*bounds, dt.datetime.combine(brief.as_of, dt.time())) + dt.timedelta(days=1)
        labels = []
        for row, event in enumerate(reversed(dated)):
            y = row
            lo, hi = _span(event)
            colour = STATUS_COLOURS[event.status]
            involved = {*event.initiators, *event.targets}
            edge = FOCUS_COLOUR if focus and focus in involved else colour
            hatch = "////" if event.when.inferred else None
            if event.when.precision == "period":
                start = lo or left
                ax.barh(
                    y,
                    date2num(hi) - date2num(start),
                    left=date2num(start),
                    height=0.36,
                    color=colour,
                    alpha=0.35 if lo else 0.18,
                    edgecolor=edge,
                    hatch=hatch,
                    linewidth=1.2 if edge == FOCUS_COLOUR else 0.6,
                )
                if lo is None:
                    ax.annotate(
                        "start not given",
                        (date2num(left), y + 0.25),
                        fontsize=6,
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
            else:
                x = date2num(lo) if event.when.precision == "minute" else date2num(lo) + 0.5
                marker = "D" if event.when.precision == "minute" else "o"
                filled = event.status == "reported"
                ax.plot(
                    [x],
                    [y],
                    marker=marker,
                    markersize=7,
                    markerfacecolor=colour if filled else "white",
                    markeredgecolor=edge,
                    markeredgewidth=1.6 if edge == FOCUS_COLOUR else 1.2,
                    linestyle="none",
                )
                if event.when.precision == "minute":
                    near_right = x > date2num(left) + 0.7 * (date2num(right) - date2num(left))
                    ax.annotate(
                        f"{lo:%H:%M} {event.when.tz}",
                        (x, y),
                        xytext=(-7 if near_right else 7, 5),
                        textcoords="offset points",
                        ha="right" if near_right else "left",
                        fontsize=6.5,
                    )
            labels.append(_label(event))
        ax.set_yticks(range(len(labels)), labels=labels)
        ax.set_ylim(-0.7, max(len(labels), 1) - 0.3)
        ax.set_xlim(date2num(left), date2num(right))
        ax.axvline(
            date2num(dt.datetime.combine(brief.as_of, dt.time())), color="#999999", lw=0.8, ls=":"
        )
        ax.annotate(
            f"as of {brief.as_of:%d %b}",
            (date2num(dt.datetime.combine(brief.as_of, dt.time())), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            fontsize=6.5,
            color="#666666",
            ha="center",
            va="bottom",
        )
        span_days = (right - left).days
        ax.xaxis.set_major_locator(DayLocator(interval=max(1, span_days // 10)))
        ax.xaxis.set_major_formatter(DateFormatter("%d %b\n%Y"))
        ax.tick_params(axis="y", labelsize=6.5, length=0)
        ax.tick_params(axis="x", labelsize=6.5)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout()
        return to_svg(fig), undated


def _short(name: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(_text(name), width)[:3])


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
}


MAX_NODES = 24  # actors drawn in the relation figure
MAX_POINTS = 40  # events drawn one by one in the timeline figure; beyond, counts per week


def weekly_figure(brief: Brief) -> str:
    """Events per ISO week (bars) and deaths per week (line), for timelines too long to draw
    event by event. Only events dated to the day or better are counted."""
    df = brief.timeline
    counted = {e.id for e in brief.counted()}  # never background: see Brief.counted
    dated = df[df["event_id"].isin(counted)]
    days = [dt.date.fromisoformat(s[:10]) for s in dated["start"]]
    weeks = [d - dt.timedelta(days=d.weekday()) for d in days]
    counts: dict[dt.date, int] = {}
    deaths: dict[dt.date, int] = {}
    for week, killed in zip(weeks, dated["killed"], strict=True):
        counts[week] = counts.get(week, 0) + 1
        deaths[week] = deaths.get(week, 0) + (0 if pd.isna(killed) else int(killed))
    order = sorted(counts)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.2, 2.6))
        ax = fig.add_subplot()
        if order:
            x = [date2num(dt.datetime.combine(w, dt.time())) for w in order]
            ax.bar(x, [counts[w] for w in order], width=5.5, color="#1f4e79", label="events")
            ax2 = ax.twinx()
            ax2.plot(x, [deaths[w] for w in order], color="#b35c00", linewidth=1, label="killed")
            ax2.set_ylabel("killed (best figure)")
            ax2.spines["top"].set_visible(False)
            ax.xaxis_date()
            ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
        ax.set_ylabel("events per week")
        fig.tight_layout()
        return to_svg(fig)


def relation_figure(brief: Brief) -> str:
    """Actors as nodes, relations as labelled arrows; claimed/suspected relations dashed."""
    facts = brief.facts
    focus = brief.params.focus_actor
    multi = relation_graph(brief.corpus)
    if multi.number_of_nodes() > MAX_NODES:
        # many documents: the most connected actors (and the focus actor), not a hairball
        degree = dict(multi.degree())
        keep = sorted(multi.nodes, key=lambda n: (-degree[n], n))[:MAX_NODES]
        if focus and focus in multi and focus not in keep:
            keep[-1] = focus
        multi = multi.subgraph(keep).copy()
    graph = nx.DiGraph(multi)  # one arrow per ordered pair, labelled with every predicate
    edge_labels: dict[tuple[str, str], list[str]] = {}
    edge_status: dict[tuple[str, str], str] = {}
    for u, v, data in multi.edges(data=True):
        edge_labels.setdefault((u, v), []).append(data["predicate"])
        if edge_status.get((u, v), "reported") == "reported":
            edge_status[(u, v)] = data["status"]
    # A circle ordered by kind: no node overlaps another, whatever the graph, and no randomness.
    order = sorted(graph.nodes, key=lambda n: (_KIND_ORDER.get(facts.actors[n].kind, 9), n))
    pos = nx.circular_layout(order)
    pos = {n: pos[n] for n in graph.nodes}
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.2, 6.4))
        ax = fig.add_subplot()
        ax.set_axis_off()
        for (u, v), status in sorted(edge_status.items()):
            on_focus = focus in (u, v)
            nx.draw_networkx_edges(
                graph,
                pos,
                edgelist=[(u, v)],
                ax=ax,
                style="solid" if status == "reported" else "dashed",
                edge_color=FOCUS_COLOUR if on_focus else "#7a7a7a",
                width=1.8 if on_focus else 0.9,
                arrowsize=9,
                node_size=2300,
            )
        nx.draw_networkx_edge_labels(
            graph,
            pos,
            edge_labels={pair: ", ".join(labels) for pair, labels in sorted(edge_labels.items())},
            ax=ax,
            font_size=5.5,
            font_family=RC["font.family"],  # networkx asks for "sans-serif": DejaVu Sans only
            font_color="#333333",
            label_pos=0.4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        kinds = {a.id: a.kind for a in facts.actors.values()}
        colours = [
            FOCUS_COLOUR
            if n == focus
            else (
                "#dfe9f5"
                if kinds[n] in ("state", "government", "military", "military command")
                else "#f5e6d3"
            )
            for n in graph.nodes
        ]
        nx.draw_networkx_nodes(
            graph,
            pos,
            ax=ax,
            node_color=colours,
            node_size=2300,
            edgecolors="#555555",
            linewidths=0.6,
        )
        names = {n: _short(facts.actors[n].name) for n in graph.nodes}
        for colour, nodes in (
            ("white", [focus]),
            ("#111111", [n for n in graph.nodes if n != focus]),
        ):
            nx.draw_networkx_labels(
                graph,
                pos,
                labels={n: names[n] for n in nodes if n in names},
                ax=ax,
                font_size=5.5,
                font_family=RC["font.family"],
                font_color=colour,
            )
        ax.margins(0.08)
        fig.tight_layout()
        return to_svg(fig)


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


def mapped_events(brief: Brief) -> tuple[pd.DataFrame, list[dict]]:
    """(rows of the timeline with a point, places not on the map with the reason), for the
    events of the window that are not background."""
    df = brief.timeline
    current = df[~df["background"].astype(bool)]
    placed = current[current["lat"].notna()]
    unresolved = []
    for r in current[current["lat"].isna() & (current["location"] != "not given")].itertuples():
        unresolved.append({"event_id": r.event_id, "place": r.location, "why": r.geo_basis})
    return placed, unresolved


def map_figure(brief: Brief) -> str:
    """A locator map: country outlines (Natural Earth 1:110m), one marker per event placed by
    its geocode; area by the best death toll, filled = reported, hollow = hedged or claimed,
    colour by status; a dashed ring around points known only to their region or country."""
    from ..facts.geocode import outlines

    placed, _ = mapped_events(brief)
    lons, lats = list(placed["lon"].astype(float)), list(placed["lat"].astype(float))
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=MAP_FIGSIZE)
        ax = fig.add_axes(MAP_AXES)
        west, east, south, north = _map_extent(lons or [0.0], lats or [0.0])
        _draw_outlines(ax, outlines(), (west, east, south, north))
        order = placed.assign(_size=[_map_size(k) for k in placed["killed"]]).sort_values(
            ["_size", "event_id"], ascending=[False, True]
        )
        for status, colour in STATUS_COLOURS.items():
            rows = order[order["status"] == status]
            if rows.empty:
                continue
            filled = status == "reported"
            coarse = rows[rows["geo_precision"] > 1]
            if not coarse.empty:
                ax.scatter(
                    coarse["lon"].astype(float),
                    coarse["lat"].astype(float),
                    s=[4 * s for s in coarse["_size"]],
                    facecolors="none",
                    edgecolors=colour,
                    linewidths=0.8,
                    linestyles="--",
                    zorder=3,
                )
            points = ax.scatter(
                rows["lon"].astype(float),
                rows["lat"].astype(float),
                s=list(rows["_size"]),
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
    for r in rows.sort_values(["_size", "location"], ascending=[False, True]).itertuples():
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
        ax.annotate(
            text,
            (float(r.lon), float(r.lat)),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=8,
            va="center",
            color="#222222",
            zorder=5,
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
