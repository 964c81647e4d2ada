// The small SVG charts of the profile card, as Lit templates: the spine of an indicator among all areas, the line of
// its years, and the radar of the sub-indices. Colours come from classes styled with custom properties, never inline.
import { svg, nothing, type TemplateResult } from 'lit';
import type { ProfileDomain, ProfileIndicator, SeriesPoint } from '@sozialraum/core';

type Format = (value: number) => string;

/** Where the area stands among all areas: range (line), middle half (box), median, city value (tick), area (dot). */
export function spineChart(
  indicator: ProfileIndicator,
  label: string,
  format: Format,
  describe: (label: string, value: string, min: string, median: string, max: string, city: string) => string,
  noValue: string,
): TemplateResult | typeof nothing {
  const d = indicator.distribution;
  if (!d) return nothing;
  const values = [d.min, d.max, ...(indicator.city === null ? [] : [indicator.city]), ...(indicator.value === null ? [] : [indicator.value])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = (value: number) => 6 + ((value - lo) / (hi - lo || 1)) * 148;
  const text = describe(
    label,
    indicator.value === null ? noValue : format(indicator.value),
    format(d.min),
    format(d.median),
    format(d.max),
    indicator.city === null ? noValue : format(indicator.city),
  );
  return svg`<svg class="spine" viewBox="0 0 160 24" role="img" aria-label=${text}>
    <line class="range" x1=${x(d.min)} x2=${x(d.max)} y1="12" y2="12"></line>
    <rect class="box" x=${x(d.q1)} y="7" width=${Math.max(1, x(d.q3) - x(d.q1))} height="10"></rect>
    <line class="median" x1=${x(d.median)} x2=${x(d.median)} y1="7" y2="17"></line>
    ${indicator.city === null ? nothing : svg`<line class="city" x1=${x(indicator.city)} x2=${x(indicator.city)} y1="2" y2="22"></line>`}
    ${indicator.value === null ? nothing : svg`<circle class="mark" cx=${x(indicator.value)} cy="12" r="4"></circle>`}
  </svg>`;
}

/** The path of a series with gaps where a year has no value. */
function seriesPath(points: readonly SeriesPoint[], x: (index: number) => number, y: (value: number) => number): string {
  let path = '';
  let drawing = false;
  points.forEach((point, index) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)},${y(point.value).toFixed(1)}`;
    drawing = true;
  });
  return path;
}

/** A small line of the area's values over the years (solid) and the city's (dashed). */
export function sparkline(points: readonly SeriesPoint[], city: readonly SeriesPoint[], label: string): TemplateResult | typeof nothing {
  const present = [...points, ...city].map((point) => point.value).filter((value): value is number => value !== null);
  if (points.filter((point) => point.value !== null).length < 2) return nothing;
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  const x = (index: number) => 3 + (index / Math.max(1, points.length - 1)) * 114;
  const y = (value: number) => 29 - ((value - lo) / (hi - lo || 1)) * 26;
  const lastIndex = points.map((point) => point.value !== null).lastIndexOf(true);
  return svg`<svg class="sparkline" viewBox="0 0 120 32" role="img" aria-label=${label}>
    ${city.length > 0 ? svg`<path class="city-line" d=${seriesPath(city, x, y)}></path>` : nothing}
    <path class="area-line" d=${seriesPath(points, x, y)}></path>
    <circle class="mark" cx=${x(lastIndex)} cy=${y(points[lastIndex]!.value!)} r="2.5"></circle>
  </svg>`;
}

/** The sub-indices on axes from the centre (lowest value of any area) outwards (highest), the city mean as a ring. */
export function radarChart(domains: readonly ProfileDomain[], labels: readonly string[], label: string): TemplateResult {
  const centre = 170;
  const radius = 78;
  const lows = domains.map((domain) => Math.min(domain.min ?? 0, domain.cityMean ?? 0, domain.value ?? 0));
  const highs = domains.map((domain) => Math.max(domain.max ?? 0, domain.cityMean ?? 0, domain.value ?? 0));
  const lo = Math.min(...lows);
  const hi = Math.max(...highs);
  const r = (value: number) => radius * (0.08 + (0.92 * (value - lo)) / (hi - lo || 1));
  const angle = (index: number) => -Math.PI / 2 + (index * 2 * Math.PI) / domains.length;
  const point = (index: number, distance: number) => [centre + distance * Math.cos(angle(index)), 120 + distance * Math.sin(angle(index))] as const;
  const polygon = (values: readonly (number | null)[]) =>
    values
      .map((value, index) =>
        point(index, r(value ?? lo))
          .map((coordinate) => coordinate.toFixed(1))
          .join(','),
      )
      .join(' ');
  const area = domains.map((domain) => domain.value);
  return svg`<svg class="radar" viewBox="0 0 340 240" role="img" aria-label=${label}>
    ${[1 / 3, 2 / 3, 1].map(
      (fraction) =>
        svg`<polygon class="grid" points=${domains
          .map((_, index) =>
            point(index, radius * fraction)
              .map((c) => c.toFixed(1))
              .join(','),
          )
          .join(' ')}></polygon>`,
    )}
    ${domains.map((_, index) => {
      const [x, y] = point(index, radius);
      return svg`<line class="axis" x1=${centre} y1="120" x2=${x.toFixed(1)} y2=${y.toFixed(1)}></line>`;
    })}
    <polygon class="city-ring" points=${polygon(domains.map((domain) => domain.cityMean))}></polygon>
    ${area.every((value) => value === null) ? nothing : svg`<polygon class="area-shape" points=${polygon(area)}></polygon>`}
    ${labels.map((text, index) => {
      const [x, y] = point(index, radius + 12);
      const cos = Math.cos(angle(index));
      const anchor = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end';
      return svg`<text class="axis-label" x=${x.toFixed(1)} y=${(y + 3).toFixed(1)} text-anchor=${anchor}>${text}</text>`;
    })}
  </svg>`;
}
