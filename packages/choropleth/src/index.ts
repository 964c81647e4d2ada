// @sozialraum/choropleth: an indicator or index on the map, its legend and method card, and the table twin.
export * from './sozialraum-choropleth.js';
export * from './sozialraum-legend.js';
export * from './sozialraum-table.js';
export { PALETTES, paletteColours, isPaletteName, type PaletteName } from './palettes.js';
