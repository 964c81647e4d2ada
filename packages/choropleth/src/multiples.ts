// Small multiples: one small static SVG map per year of the table, drawn from the areas in the map's view projection.
import { html, svg, type TemplateResult } from 'lit';
import type { Geometry, MultiPolygon, Polygon } from 'ol/geom.js';
import { createEmpty, extend } from 'ol/extent.js';
import type { YearIndexResult } from '@sozialraum/core';
import { isolate } from '@sozialraum/element';
import type { ChoroplethMessages } from './i18n.js';

/** The outline of every area as SVG path data, scaled to a small map `width` wide, north up. */
export interface Outlines {
  width: number;
  height: number;
  areas: { id: string; d: string }[];
}

const WIDTH = 160;

/**
 * Path data of the areas, computed once per set of areas and shared by every year. Coordinates are rounded to a
 * tenth of a pixel and repeated points dropped, which leaves a small map's outlines unchanged and its markup small.
 */
export function areaOutlines(drawn: readonly { key: string; geometry: Geometry }[]): Outlines {
  const extent = drawn.reduce((all, area) => extend(all, area.geometry.getExtent()), createEmpty());
  const [minX, minY, maxX, maxY] = drawn.length > 0 ? extent : [0, 0, 1, 1];
  const scale = WIDTH / Math.max(maxX! - minX!, maxY! - minY!, Number.MIN_VALUE);
  const width = Math.round((maxX! - minX!) * scale);
  const height = Math.round((maxY! - minY!) * scale);
  const areas = drawn.map(({ key, geometry }) => {
    const polygons =
      geometry?.getType() === 'Polygon'
        ? [(geometry as Polygon).getCoordinates()]
        : geometry?.getType() === 'MultiPolygon'
          ? (geometry as MultiPolygon).getCoordinates()
          : [];
    let d = '';
    for (const ring of polygons.flat()) {
      let previous = '';
      ring.forEach(([x, y], index) => {
        const point = `${round((x! - minX!) * scale)},${round((maxY! - y!) * scale)}`;
        if (point === previous) return;
        d += `${index === 0 ? 'M' : 'L'}${point}`;
        previous = point;
      });
      d += 'Z';
    }
    return { id: key, d };
  });
  return { width, height, areas };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * One figure per year: the areas coloured by that year's class (classes share their breaks across the years), a
 * caption with the year, and a text alternative naming the year and how many areas are in each class.
 */
export function multiplesTemplate(
  outlines: Outlines,
  years: readonly YearIndexResult[],
  colours: readonly string[],
  title: string,
  m: ChoroplethMessages,
): TemplateResult {
  return html`<ul part="multiples" class="multiples" aria-label=${`${m.byYear}: ${isolate(title)}`}>
    ${years.map(({ year, result }) => {
      const classOf = new Map(result.areas.map((area) => [area.id, area.class]));
      const unrated = result.areas.filter((area) => area.class === null).length;
      const counts = result.classes.map((entry) => `${isolate(entry.label)}: ${m.areas(entry.count)}`);
      if (unrated > 0) counts.push(`${m.notRated}: ${m.areas(unrated)}`);
      const description = `${isolate(title)} ${year}. ${counts.join(', ')}`;
      const hatch = `unrated-${year}`;
      return html`<li><figure part="multiple" data-year=${year}>
        <svg viewBox="0 0 ${outlines.width} ${outlines.height}" role="img" aria-label=${description}>
          <title>${description}</title>
          <defs>${hatchPattern(hatch)}</defs>
          ${outlines.areas.map(({ id, d }) => {
            const classNumber = classOf.get(id) ?? null;
            return classNumber === null
              ? svg`<path d=${d} data-id=${id} data-class="" class="unrated" fill=${`url(#${hatch})`}></path>`
              : svg`<path d=${d} data-id=${id} data-class=${classNumber} fill=${colours[classNumber - 1] ?? '#cccccc'}></path>`;
          })}
        </svg>
        <figcaption>${year}</figcaption>
      </figure></li>`;
    })}
  </ul>`;
}

/** The diagonal hatching of areas that are not rated, as the main map draws it, so that both say "not rated" alike. */
function hatchPattern(id: string) {
  return svg`<pattern id=${id} class="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
    <rect width="4" height="4"></rect><line x1="0" y1="0" x2="0" y2="4"></line>
  </pattern>`;
}
