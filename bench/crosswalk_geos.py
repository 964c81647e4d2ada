"""The peer of `sozialraum crosswalk` by area in bench/crosswalk.bench.mjs: shapely (GEOS) with an STRtree.

Reads both GeoJSON files, finds candidate pairs with an STRtree over the targets and intersects each pair, then
writes the area of every pair that shares any as CSV (source,target,area) to stdout, so the bench can compare the
answers as well as the times. Written for shapely 1.8 (Debian's python3-shapely) and 2.x.
"""
import json
import sys

from shapely.geometry import shape
from shapely.strtree import STRtree


def load(path, key):
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return [(str(feature["properties"][key]), shape(feature["geometry"])) for feature in features]


def main():
    source_path, target_path, key = sys.argv[1], sys.argv[2], sys.argv[3]
    sources = load(source_path, key)
    targets = load(target_path, key)
    geometries = [geometry for _, geometry in targets]
    tree = STRtree(geometries)
    # shapely 1.8 returns geometries, 2.x indices; a map by identity serves both.
    position = {id(geometry): index for index, geometry in enumerate(geometries)}
    lines = ["source,target,area"]
    for source_id, geometry in sources:
        for found in tree.query(geometry):
            index = int(found) if not hasattr(found, "geom_type") else position[id(found)]
            area = geometry.intersection(geometries[index]).area
            if area > 0:
                lines.append(f"{source_id},{targets[index][0]},{area!r}")
    sys.stdout.write("\n".join(lines) + "\n")


main()
