"""Vega-Lite specifications of the report's charts: plain dicts, their data inline, drawn in the page by Vega-Embed."""

from typing import Any

Spec = dict[str, Any]

WIDTH = 560
ROW_HEIGHT = 18
"""Pixels per bar of a horizontal bar chart: the chart grows with its rows."""
LABEL_LIMIT = 260
"""Pixels of an axis label before Vega shortens it with an ellipsis."""
GENDER_COLORS = {"female": "#c2410c", "male": "#1d4ed8", "unknown": "#9ca3af", "not a person": "#d1d5db"}
COUNT_AXIS = {"tickMinStep": 1, "format": "d"}
"""Axis of a count: whole numbers only."""
KIND_ORDER = ["direct", "mixed", "indirect"]


def _base(values: list[dict[str, Any]], height: int) -> Spec:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": values},
        "width": WIDTH,
        "height": height,
        "config": {"axis": {"labelLimit": LABEL_LIMIT}, "view": {"stroke": None}},
    }


def _rows(values: list[dict[str, Any]], field: str) -> int:
    return max(1, len({value[field] for value in values}))


def bars(
    values: list[dict[str, Any]],
    *,
    category: str,
    measure: str,
    color: str | None = None,
    colors: dict[str, str] | None = None,
    tooltip: list[str] | None = None,
) -> Spec:
    """Horizontal bars, longest first: one per ``category``; ``color`` colours them by a field."""
    spec = _base(values, ROW_HEIGHT * _rows(values, category))
    encoding: dict[str, Any] = {
        "y": {"field": category, "type": "nominal", "sort": "-x", "title": None},
        "x": {"field": measure, "type": "quantitative", "title": measure, "axis": COUNT_AXIS},
        "tooltip": [{"field": name} for name in (tooltip or [category, measure])],
    }
    if color:
        encoding["color"] = _color(color, colors)
    return spec | {"mark": {"type": "bar"}, "encoding": encoding}


def stacked_bars(
    values: list[dict[str, Any]],
    *,
    category: str,
    part: str,
    measure: str,
    order: list[str] | None = None,
    colors: dict[str, str] | None = None,
    normalize: bool = False,
) -> Spec:
    """Horizontal bars per ``category`` split by ``part``; ``normalize`` shows each bar's parts as shares."""
    spec = _base(values, ROW_HEIGHT * _rows(values, category))
    color = _color(part, colors, order)
    encoding = {
        "y": {"field": category, "type": "nominal", "sort": "-x", "title": None},
        "x": {
            "field": measure,
            "type": "quantitative",
            "aggregate": "sum",
            "stack": "normalize" if normalize else "zero",
            "title": f"share of {measure}" if normalize else measure,
            "axis": {"format": "%"} if normalize else COUNT_AXIS,
        },
        "color": color,
        "order": {"field": part, "sort": "ascending"},
        "tooltip": [{"field": category}, {"field": part}, {"field": measure}],
    }
    if normalize:
        encoding["y"]["sort"] = None
    return spec | {"mark": {"type": "bar"}, "encoding": encoding}


def faceted_bars(values: list[dict[str, Any]], *, facet: str, category: str, measure: str) -> Spec:
    """Horizontal bars per ``category``, one small chart per ``facet`` value, each with its own categories."""
    per_facet = max((sum(1 for v in values if v[facet] == f) for f in {v[facet] for v in values}), default=1)
    spec = _base(values, ROW_HEIGHT * per_facet)
    inner = {
        "width": WIDTH - 120,
        "height": ROW_HEIGHT * per_facet,
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": category, "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": measure, "type": "quantitative", "title": measure, "axis": COUNT_AXIS},
            "tooltip": [{"field": facet}, {"field": category}, {"field": measure}],
        },
    }
    del spec["width"], spec["height"]
    return spec | {
        "facet": {"row": {"field": facet, "type": "nominal", "title": None, "header": {"labelAngle": 0}}},
        "spec": inner,
        "resolve": {"scale": {"y": "independent"}},
    }


def heatmap(values: list[dict[str, Any]], *, rows: str, columns: str, measure: str) -> Spec:
    """A grid of ``measure`` for each pair of ``rows`` and ``columns`` values, darker for more."""
    names = sorted({value[rows] for value in values} | {value[columns] for value in values})
    side = ROW_HEIGHT * max(1, len(names))
    spec = _base(values, side)
    spec["width"] = side
    return spec | {
        "mark": {"type": "rect"},
        "encoding": {
            "y": {"field": rows, "type": "nominal", "sort": names, "title": None},
            "x": {"field": columns, "type": "nominal", "sort": names, "title": None, "axis": {"labelAngle": -45}},
            "color": {"field": measure, "type": "quantitative", "title": measure, "scale": {"scheme": "blues"}},
            "tooltip": [{"field": rows}, {"field": columns}, {"field": measure}],
        },
    }


def _color(field: str, colors: dict[str, str] | None, order: list[str] | None = None) -> dict[str, Any]:
    color: dict[str, Any] = {"field": field, "type": "nominal", "title": field}
    if colors:
        color["scale"] = {"domain": list(colors), "range": list(colors.values())}
    elif order:
        color["scale"] = {"domain": order}
    return color
