#!/usr/bin/env node
// Puts the custom-elements.json written at the root into each element package, so that the published package
// carries the description of its elements (its "customElements" field points there).
import { copyFileSync } from 'node:fs';

for (const name of ['map', 'choropleth', 'aggregator', 'profile', 'editor']) copyFileSync('custom-elements.json', `packages/${name}/custom-elements.json`);
