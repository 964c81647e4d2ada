// The toolkit's coordinate reference systems made known to OpenLayers, cheaply enough to do while a page starts.
import { addCoordinateTransforms, addEquivalentProjections, addProjection, createSafeCoordinateTransform, get as getProjection } from 'ol/proj.js';
import Projection from 'ol/proj/Projection.js';
import { get as getTransform } from 'ol/proj/transforms.js';
import type { Coordinate } from 'ol/coordinate.js';
import type { Units } from 'ol/proj/Units.js';
import { SUPPORTED_CRS, proj4 } from '@sozialraum/core';

let registered = false;

/**
 * Registers every supported CRS with OpenLayers, as `register(proj4)` from `ol/proj/proj4` would, with two differences
 * that matter at start-up. It registers the supported CRSs only: proj4 also knows the 120 WGS 84 UTM zones, which no
 * file of the toolkit is read in (core refuses them), and `register` builds a proj4 converter for every pair of its
 * codes, 19,000 of them, which took a third of the main demo's time to its first map. And each pair's converter is
 * built when OpenLayers first transforms with it: a page uses two or three pairs of the hundred.
 */
export function registerProjections(): void {
  if (registered) return;
  registered = true;
  const codes = SUPPORTED_CRS.map((crs) => crs.code);
  for (const code of codes) {
    if (getProjection(code)) continue;
    const definition = proj4.defs(code)!;
    const units = (definition.units ?? (definition.projName === 'longlat' ? 'degrees' : undefined)) as Units | undefined;
    addProjection(new Projection({ code, axisOrientation: definition.axis, metersPerUnit: definition.to_meter, units }));
  }
  for (const from of codes) {
    for (const to of codes) {
      const source = getProjection(from)!;
      const destination = getProjection(to)!;
      if (getTransform(from, to)) continue;
      if (proj4.defs(from) === proj4.defs(to)) {
        addEquivalentProjections([source, destination]);
        continue;
      }
      let converter: { forward(coordinate: Coordinate): Coordinate; inverse(coordinate: Coordinate): Coordinate } | undefined;
      const convert = () => (converter ??= proj4(from, to));
      addCoordinateTransforms(
        source,
        destination,
        createSafeCoordinateTransform(source, destination, (coordinate) => convert().forward(coordinate)),
        createSafeCoordinateTransform(destination, source, (coordinate) => convert().inverse(coordinate)),
      );
    }
  }
}
