// What the card loads when it first computes or exports a profile: core's profile computations and the PNG and CSV
// export. Kept out of dist/sozialraum.js, so pages without a profile card do not pay for it.
export { areaProfile, prepareProfiles, readZensusGrid } from '@sozialraum/core';
export { csvBlob, download, drawProfile, fileName, pngBlob } from './export.js';
