// Colour palettes for choropleths: ColorBrewer schemes that stay readable with colour-vision deficiencies and
// avoid the green-yellow-red of traffic lights, which brands areas as failing.
import {
  schemeBlues,
  schemeBrBG,
  schemeGreys,
  schemeOranges,
  schemePuBu,
  schemePuOr,
  schemePurples,
  schemeYlGnBu,
} from 'd3-scale-chromatic';

const SCHEMES = {
  pubu: schemePuBu,
  blues: schemeBlues,
  purples: schemePurples,
  oranges: schemeOranges,
  ylgnbu: schemeYlGnBu,
  greys: schemeGreys,
  puor: schemePuOr,
  brbg: schemeBrBG,
} as const;

export type PaletteName = keyof typeof SCHEMES;

export const PALETTES = Object.keys(SCHEMES) as PaletteName[];

/** Diverging palettes put their light middle at the middle class; suited to z-scores around the city mean. */
export const DIVERGING: ReadonlySet<PaletteName> = new Set(['puor', 'brbg']);

export function isPaletteName(name: string): name is PaletteName {
  return name in SCHEMES;
}

/**
 * `count` colours from light (class 1) to dark (the last class). ColorBrewer has 3 to 9 steps; one or two classes
 * take colours from the three-step scheme, more than nine repeat the darkest.
 */
export function paletteColours(name: PaletteName, count: number): string[] {
  const scheme = SCHEMES[name];
  if (count <= 0) return [];
  if (count === 1) return [scheme[3]![1]!];
  if (count === 2) return [scheme[3]![0]!, scheme[3]![2]!];
  const steps = scheme[Math.min(count, 9)]!;
  return Array.from({ length: count }, (_, index) => steps[Math.min(index, steps.length - 1)]!);
}
