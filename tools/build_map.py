"""Build the 1952-1955 map of Europe shipped in assets/map/europe_1955.json.

    python tools/build_map.py [--source ../shared/data/natural-earth/countries-50m.json]

Input: Natural Earth's 1:50m admin-0 countries as TopoJSON (world-atlas 2.0.2, public
domain data; ISC-licensed packaging, licence copied beside the output). Output: the map
regions of the period, projected (Lambert azimuthal equal-area centred on Europe),
clipped to the view, simplified (Douglas-Peucker) and rounded, in a coordinate space
of MAP_WIDTH units across.

Modern states are merged into their 1950s ones (the USSR, Czechoslovakia, Yugoslavia);
Germany is split into the FRG and the GDR along the inner-German border, traced through
documented border towns and crossing points (INNER_GERMAN_BORDER below), and West Berlin
is a marked point. Only the standard library is used, so anyone can rebuild the asset.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bloc_game.scenario.map_regions import REGIONS  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "natural-earth" / "countries-50m.json"
OUTPUT = ROOT / "assets" / "map" / "europe_1955.json"
MAP_WIDTH = 1000.0
CENTRE = (15.0, 52.0)  # longitude, latitude of the projection's centre
# Places the view must include (lon, lat): Cape St Vincent, western Ireland, Iceland, the
# North Cape, the Urals' foot and the Caspian's north shore (so the map is about as wide as
# the game's map panel, 1.3:1), Crete, Cyprus.
MUST_SHOW = ((-9.0, 37.0), (-10.2, 52.0), (-22.0, 64.5), (25.8, 71.0), (64.0, 56.0), (56.0, 43.0),
             (25.0, 34.9), (34.0, 34.6))
TOLERANCE = 0.9  # Douglas-Peucker tolerance, in map units (the map is 1000 units wide)

# Natural Earth names -> the region of 1952-1955 they belonged to.
MEMBERS: dict[str, tuple[str, ...]] = {
    "ussr": ("Russia", "Ukraine", "Belarus", "Lithuania", "Latvia", "Estonia", "Moldova", "Georgia",
             "Armenia", "Azerbaijan", "Kazakhstan", "Turkmenistan", "Uzbekistan"),
    "czechoslovakia": ("Czechia", "Slovakia"),
    "yugoslavia": ("Slovenia", "Croatia", "Bosnia and Herz.", "Serbia", "Montenegro", "Macedonia", "Kosovo"),
    "uk": ("United Kingdom", "Cyprus", "N. Cyprus", "Malta"),  # Cyprus and Malta were British colonies
    "ireland": ("Ireland",), "iceland": ("Iceland",), "norway": ("Norway",), "sweden": ("Sweden",),
    "finland": ("Finland",), "denmark": ("Denmark",), "netherlands": ("Netherlands",),
    "belgium": ("Belgium",), "luxembourg": ("Luxembourg",), "france": ("France",), "spain": ("Spain",),
    "portugal": ("Portugal",), "italy": ("Italy",), "switzerland": ("Switzerland",), "austria": ("Austria",),
    "poland": ("Poland",), "hungary": ("Hungary",), "romania": ("Romania",), "bulgaria": ("Bulgaria",),
    "albania": ("Albania",), "greece": ("Greece",), "turkey": ("Turkey",), "germany": ("Germany",),
}

# The inner-German border from the Baltic to the Czechoslovak tripoint, through places on
# or beside it (longitude, latitude; gazetteer coordinates, rounded): Priwall at
# Travemünde, Herrnburg, Ratzeburg lake, the Schaalsee, Lauenburg on the Elbe, the Elbe
# by Dömitz to Schnackenburg, the Wendland salient, Helmstedt-Marienborn, the Harz by
# Braunlage, the Eichsfeld by Duderstadt, the Werra at Herleshausen-Wartha, Philippsthal-
# Vacha, the Rhön, Coburg and Sonneberg, Ludwigsstadt, Mödlareuth, and the tripoint by Prex.
INNER_GERMAN_BORDER: tuple[tuple[float, float], ...] = (
    (10.90, 53.96), (10.80, 53.84), (10.79, 53.70), (10.95, 53.60), (10.85, 53.50), (10.58, 53.37),
    (11.04, 53.15), (11.26, 53.14), (11.57, 53.04), (11.35, 52.92), (10.96, 52.87), (10.76, 52.73),
    (10.94, 52.60), (10.98, 52.43), (11.06, 52.21), (10.95, 52.05), (10.70, 51.90), (10.63, 51.75),
    (10.66, 51.59), (10.33, 51.50), (10.18, 51.40), (10.02, 51.24), (10.17, 50.99), (9.98, 50.83),
    (10.06, 50.60), (10.45, 50.40), (10.97, 50.33), (11.17, 50.33), (11.38, 50.45), (11.60, 50.42),
    (11.88, 50.40), (12.10, 50.32),
)
WEST_BERLIN = (13.30, 52.50)  # centre of the three Western sectors
GDR_ISLANDS_EAST_OF = 11.35  # German islands east of this longitude (Poel, Rügen, Usedom) were in the GDR


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def project(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    lam0, phi0 = math.radians(CENTRE[0]), math.radians(CENTRE[1])
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam - lam0)))
    x = k * math.cos(phi) * math.sin(lam - lam0)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam - lam0))
    return x, -y  # screen y grows downwards


class Frame:
    """Projection plus the view rectangle: lon/lat in, map units (0..MAP_WIDTH) out.

    The view is the bounding box of MUST_SHOW (projected) with a small margin, since an
    azimuthal projection turns lines of longitude into curves.
    """

    def __init__(self) -> None:
        xs, ys = zip(*(project(lon, lat) for lon, lat in MUST_SHOW))
        margin = 0.02 * (max(xs) - min(xs))
        self.left, self.top = min(xs) - margin, min(ys) - margin
        self.scale = MAP_WIDTH / (max(xs) - min(xs) + 2 * margin)
        self.height = (max(ys) - min(ys) + 2 * margin) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return (x - self.left) * self.scale, (y - self.top) * self.scale

    @property
    def box(self) -> tuple[float, float, float, float]:
        return 0.0, 0.0, MAP_WIDTH, self.height


def clip(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the view rectangle."""
    left, top, right, bottom = box
    edges = [
        (lambda p: p[0] >= left, lambda a, b: _cut_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cut_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cut_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cut_y(a, b, bottom)),
    ]
    out = ring
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for point in src:
            if inside(point):
                if not inside(prev):
                    out.append(cut(prev, point))
                out.append(point)
            elif inside(prev):
                out.append(cut(prev, point))
            prev = point
    return out


def _cut_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cut_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def clip_line(line: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[list[tuple[float, float]]]:
    """The pieces of a polyline inside the view (points outside are dropped; good enough at this scale)."""
    left, top, right, bottom = box
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for x, y in line:
        if left <= x <= right and top <= y <= bottom:
            current.append((x, y))
        elif current:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) >= 2]


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (arcs can have thousands of points); both ends are kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, index = d, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def inside(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def edge_distance(ring: list[tuple[float, float]], x: float, y: float) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1.0)))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def label_point(ring: list[tuple[float, float]], margin: float = 6.0) -> tuple[float, float]:
    """Where a region's name goes: the average of its biggest ring's points, unless that falls
    outside the ring or within ``margin`` of its edge (Norway's average lies on the Swedish
    border); then the point of a 60x60 grid farthest inside the ring."""
    cx, cy = sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    if inside(ring, cx, cy) and edge_distance(ring, cx, cy) >= margin:
        return cx, cy
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    grid = [(min(xs) + (max(xs) - min(xs)) * (i + 0.5) / 60, min(ys) + (max(ys) - min(ys)) * (j + 0.5) / 60)
            for i in range(60) for j in range(60)]
    return max((g for g in grid if inside(ring, *g)), key=lambda g: edge_distance(ring, *g), default=(cx, cy))


def nearest(ring: list[tuple[float, float]], point: tuple[float, float]) -> int:
    return min(range(len(ring)), key=lambda i: (ring[i][0] - point[0]) ** 2 + (ring[i][1] - point[1]) ** 2)


def outer_rings(geometry: dict) -> list[list[int]]:
    """The arc lists of a geometry's outer rings (holes are too small to see at this scale)."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["arcs"]]
    return []


def assemble(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points[:-1] if len(points) > 1 and points[0] == points[-1] else points


def split_germany(rings: list[list[tuple[float, float]]], border: list[tuple[float, float]],
                  island_cut: float) -> tuple[list, list]:
    """Split Germany's rings (map units) into the FRG's and the GDR's along the inner-German border."""
    mainland = max(rings, key=area)
    start, end = nearest(mainland, border[0]), nearest(mainland, border[-1])
    if start > end:
        forward = mainland[start:] + mainland[: end + 1]
        backward = mainland[end : start + 1]
    else:
        forward = mainland[start : end + 1]
        backward = mainland[end:] + mainland[: start + 1]
    inner = border[1:-1]
    side_a = forward + list(reversed(inner))  # boundary from start to end, then back along the border
    side_b = backward + inner  # boundary from end to start, then back along the border
    east_first = sum(x for x, _ in side_a) / len(side_a) > sum(x for x, _ in side_b) / len(side_b)
    gdr, frg = (side_a, side_b) if east_first else (side_b, side_a)
    frg_rings, gdr_rings = [frg], [gdr]
    for ring in rings:
        if ring is not mainland:
            (gdr_rings if sum(x for x, _ in ring) / len(ring) > island_cut else frg_rings).append(ring)
    return frg_rings, gdr_rings


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    return [[round(x, 1), round(y, 1)] for x, y in points]


def build(source: Path) -> dict:
    topo = json.loads(source.read_text(encoding="utf-8"))
    frame = Frame()
    box = frame.box
    arcs = [simplify([frame(lon, lat) for lon, lat in arc], TOLERANCE) for arc in decode_arcs(topo)]
    geometries = {g["properties"]["name"]: g for g in topo["objects"]["countries"]["geometries"]}
    region_of = {name: region for region, names in MEMBERS.items() for name in names}
    missing = sorted(set(region_of) - set(geometries))
    if missing:
        raise SystemExit(f"Natural Earth has no {missing}")

    # Which 1950s regions use each arc: an arc between two of them (or on a coast) is a border.
    users: dict[int, list[str]] = {}
    for name, geometry in geometries.items():
        for ring in outer_rings(geometry):
            for index in ring:
                users.setdefault(index if index >= 0 else ~index, []).append(region_of.get(name, "background"))
    border_lines: list[list[list[float]]] = []
    for index, regions_using in users.items():
        inside = [r for r in regions_using if r != "background"]
        if not inside:
            continue
        if len(regions_using) == 2 and regions_using[0] == regions_using[1]:
            continue  # a modern border inside one 1950s state: dissolved
        border_lines.extend(rounded(piece) for piece in clip_line(arcs[index], box))

    def to_rings(rings: list[list[tuple[float, float]]]) -> list[list[list[float]]]:
        out = []
        for ring in rings:
            clipped = clip(ring, box)
            if len(clipped) >= 3 and area(clipped) >= 1.0:
                out.append(rounded(clipped))
        return out

    regions: dict[str, dict] = {}
    background: list[list[list[float]]] = []
    grouped: dict[str, list[list[tuple[float, float]]]] = {}
    for name, geometry in geometries.items():
        rings = [assemble(ring, arcs) for ring in outer_rings(geometry)]
        if name in region_of:
            grouped.setdefault(region_of[name], []).extend(rings)
        else:
            background.extend(to_rings(rings))
    border = [frame(lon, lat) for lon, lat in INNER_GERMAN_BORDER]
    for region, rings in grouped.items():
        if region == "germany":
            frg, gdr = split_germany(rings, border, frame(GDR_ISLANDS_EAST_OF, 54.0)[0])
            regions["frg"] = {"rings": to_rings(frg)}
            regions["gdr"] = {"rings": to_rings(gdr)}
        else:
            regions[region] = {"rings": to_rings(rings)}
    regions["west_berlin"] = {"rings": [], "point": rounded([frame(*WEST_BERLIN)])[0]}
    for region in regions.values():
        if region["rings"]:
            biggest = max(region["rings"], key=lambda r: area([tuple(p) for p in r]))  # type: ignore[misc]
            region["label"] = [round(v, 1) for v in label_point([tuple(p) for p in biggest])]
        else:
            region["label"] = region["point"]
    if set(regions) != set(REGIONS):
        raise SystemExit(f"regions built {sorted(regions)} differ from bloc_game.scenario.map_regions")
    return {
        "about": "Europe 1952-1955, built by tools/build_map.py from Natural Earth 1:50m (world-atlas 2.0.2)",
        "width": MAP_WIDTH, "height": round(frame.height, 1),
        "regions": {key: regions[key] for key in REGIONS},
        "background": background,
        "borders": border_lines,
        "lines": {"inner_german_border": [pt for piece in clip_line(border, box) for pt in rounded(piece)]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(args.source)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    licence = args.source.parent / "LICENSE"
    if licence.exists():
        (args.output.parent / "LICENSE-natural-earth-world-atlas.txt").write_text(
            "The map geometry in this folder is derived from Natural Earth (public domain),\n"
            "as packaged by world-atlas 2.0.2 under the following licence:\n\n" + licence.read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    points = sum(len(ring) for reg in data["regions"].values() for ring in reg["rings"])
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes, {data['width']:g} x {data['height']:g}, "
          f"{len(data['regions'])} regions, {points:,} region points, {len(data['borders'])} border lines)")


if __name__ == "__main__":
    main()
