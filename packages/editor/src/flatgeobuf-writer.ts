// FlatGeobuf writing for the editor's export (core's writer), bundled on its own by rollup.config.mjs so that only
// a page that exports a FlatGeobuf loads the FlatBuffers builder.
export { writeFlatGeobuf } from '@sozialraum/core';
