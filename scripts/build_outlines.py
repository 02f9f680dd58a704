"""Write src/helpers/facts/data/countries-110m.json: Natural Earth 1:110m country outlines.

Input: Natural Earth's 1:110m Admin 0 countries as GeoJSON (public domain; naturalearthdata.com),
e.g. ../shared/data/naturalearth/ne_110m_countries.geojson. Output: each country's name, ISO A3
code and polygons, coordinates rounded to 0.01 degree (about 1 km, far finer than the 1:110m
scale's own accuracy), with sorted keys, so the same input gives the same bytes.

    python scripts/build_outlines.py ../shared/data/naturalearth/ne_110m_countries.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/helpers/facts/data/countries-110m.json"


def _ring(ring: list) -> list:
    out = []
    for lon, lat, *_ in ring:
        point = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _polygons(geometry: dict) -> list:
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[_ring(r) for r in polygon] for polygon in parts]


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    countries = [
        {
            "name": f["properties"]["name"],
            "iso_a3": f["properties"]["iso_a3"],
            "polygons": _polygons(f["geometry"]),
        }
        for f in data["features"]
    ]
    countries.sort(key=lambda c: c["name"])
    doc = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com)",
        "countries": countries,
    }
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    tmp.replace(OUT)
    print(f"{OUT}: {len(countries)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
