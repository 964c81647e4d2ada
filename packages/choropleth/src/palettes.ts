// Colour palettes for choropleths: ColorBrewer schemes that stay readable with colour-vision deficiencies and
// avoid the green-yellow-red of traffic lights, which brands areas as failing.
// The ColorBrewer schemes (Cynthia Brewer, Apache-2.0) as d3-scale-chromatic ships them: for each, the 3- to 9-class
// colours as six-digit hex runs. Kept here as data because d3-scale-chromatic also builds an interpolator for every
// scheme when it loads: 10.8 KB gzip in the page bundle for colours it never used, against about 1 KB of data.
const ENCODED = {
  pubu: [
    'ece7f2a6bddb2b8cbe',
    'f1eef6bdc9e174a9cf0570b0',
    'f1eef6bdc9e174a9cf2b8cbe045a8d',
    'f1eef6d0d1e6a6bddb74a9cf2b8cbe045a8d',
    'f1eef6d0d1e6a6bddb74a9cf3690c00570b0034e7b',
    'fff7fbece7f2d0d1e6a6bddb74a9cf3690c00570b0034e7b',
    'fff7fbece7f2d0d1e6a6bddb74a9cf3690c00570b0045a8d023858',
  ],
  blues: [
    'deebf79ecae13182bd',
    'eff3ffbdd7e76baed62171b5',
    'eff3ffbdd7e76baed63182bd08519c',
    'eff3ffc6dbef9ecae16baed63182bd08519c',
    'eff3ffc6dbef9ecae16baed64292c62171b5084594',
    'f7fbffdeebf7c6dbef9ecae16baed64292c62171b5084594',
    'f7fbffdeebf7c6dbef9ecae16baed64292c62171b508519c08306b',
  ],
  purples: [
    'efedf5bcbddc756bb1',
    'f2f0f7cbc9e29e9ac86a51a3',
    'f2f0f7cbc9e29e9ac8756bb154278f',
    'f2f0f7dadaebbcbddc9e9ac8756bb154278f',
    'f2f0f7dadaebbcbddc9e9ac8807dba6a51a34a1486',
    'fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a34a1486',
    'fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a354278f3f007d',
  ],
  oranges: [
    'fee6cefdae6be6550d',
    'feeddefdbe85fd8d3cd94701',
    'feeddefdbe85fd8d3ce6550da63603',
    'feeddefdd0a2fdae6bfd8d3ce6550da63603',
    'feeddefdd0a2fdae6bfd8d3cf16913d948018c2d04',
    'fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d948018c2d04',
    'fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d94801a636037f2704',
  ],
  ylgnbu: [
    'edf8b17fcdbb2c7fb8',
    'ffffcca1dab441b6c4225ea8',
    'ffffcca1dab441b6c42c7fb8253494',
    'ffffccc7e9b47fcdbb41b6c42c7fb8253494',
    'ffffccc7e9b47fcdbb41b6c41d91c0225ea80c2c84',
    'ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea80c2c84',
    'ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea8253494081d58',
  ],
  greys: [
    'f0f0f0bdbdbd636363',
    'f7f7f7cccccc969696525252',
    'f7f7f7cccccc969696636363252525',
    'f7f7f7d9d9d9bdbdbd969696636363252525',
    'f7f7f7d9d9d9bdbdbd969696737373525252252525',
    'fffffff0f0f0d9d9d9bdbdbd969696737373525252252525',
    'fffffff0f0f0d9d9d9bdbdbd969696737373525252252525000000',
  ],
  puor: [
    '998ec3f7f7f7f1a340',
    '5e3c99b2abd2fdb863e66101',
    '5e3c99b2abd2f7f7f7fdb863e66101',
    '542788998ec3d8daebfee0b6f1a340b35806',
    '542788998ec3d8daebf7f7f7fee0b6f1a340b35806',
    '5427888073acb2abd2d8daebfee0b6fdb863e08214b35806',
    '5427888073acb2abd2d8daebf7f7f7fee0b6fdb863e08214b35806',
  ],
  brbg: [
    'd8b365f5f5f55ab4ac',
    'a6611adfc27d80cdc1018571',
    'a6611adfc27df5f5f580cdc1018571',
    '8c510ad8b365f6e8c3c7eae55ab4ac01665e',
    '8c510ad8b365f6e8c3f5f5f5c7eae55ab4ac01665e',
    '8c510abf812ddfc27df6e8c3c7eae580cdc135978f01665e',
    '8c510abf812ddfc27df6e8c3f5f5f5c7eae580cdc135978f01665e',
  ],
} as const;

const SCHEMES = Object.fromEntries(
  Object.entries(ENCODED).map(([name, runs]) => [name, runs.map((run) => run.match(/.{6}/g)!.map((hex) => `#${hex}`))]),
) as Record<keyof typeof ENCODED, string[][]>;

export type PaletteName = keyof typeof ENCODED;

export const PALETTES = Object.keys(ENCODED) as PaletteName[];

/** Diverging palettes put their light middle at the middle class; suited to z-scores around the city mean. */
export const DIVERGING: ReadonlySet<PaletteName> = new Set(['puor', 'brbg']);

export function isPaletteName(name: string): name is PaletteName {
  return Object.hasOwn(ENCODED, name);
}

/**
 * `count` colours from light (class 1) to dark (the last class). ColorBrewer has 3 to 9 steps; one or two classes
 * take colours from the three-step scheme, more than nine repeat the darkest.
 */
export function paletteColours(name: PaletteName, count: number): string[] {
  // SCHEMES[name][0] is the three-class scheme, [6] the nine-class one.
  const scheme = SCHEMES[name];
  if (count <= 0) return [];
  if (count === 1) return [scheme[0]![1]!];
  if (count === 2) return [scheme[0]![0]!, scheme[0]![2]!];
  const steps = scheme[Math.min(count, 9) - 3]!;
  return Array.from({ length: count }, (_, index) => steps[Math.min(index, steps.length - 1)]!);
}

/**
 * Colours of a bivariate map, row-major (row 1 column 1 first): a blue ramp down the rows multiplied with an orange
 * ramp across the columns, so that each axis stays readable alone and blue against orange holds for the common
 * colour-vision deficiencies (as the blue-orange schemes of Joshua Stevens' bivariate maps).
 */
export function bivariateColours(rows: number, columns: number): string[] {
  const blue = [33, 102, 172];
  const orange = [224, 130, 20];
  const ramp = (end: number[], step: number, steps: number) => end.map((channel) => 255 + (channel - 255) * (steps > 1 ? step / (steps - 1) : 0));
  const colours: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      const a = ramp(blue, row, rows);
      const b = ramp(orange, column, columns);
      colours.push(
        `#${a
          .map((channel, index) =>
            Math.round((channel * b[index]!) / 255)
              .toString(16)
              .padStart(2, '0'),
          )
          .join('')}`,
      );
    }
  }
  return colours;
}
