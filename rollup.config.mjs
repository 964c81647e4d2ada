// Bundles every element into dist/sozialraum.js, one file a web page loads with <script type="module">.
// The packages themselves are built by tsc (ES modules with types); this only joins them for the script tag.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { readFileSync, readdirSync } from 'node:fs';

const ENTRY = '\0sozialraum-entry';
// FlatGeobuf loads a zstd decoder (WebAssembly fetched at run time) only for zstd-compressed files; the bundle
// leaves it out so that no request leaves the page unasked, and such files get a clear error instead.
const NO_ZSTD = '\0no-zstd';
const ELEMENT_PACKAGES = ['@sozialraum/map', '@sozialraum/choropleth'];

export default {
  input: ENTRY,
  output: { file: 'dist/sozialraum.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
  plugins: [
    {
      name: 'sozialraum-entry',
      resolveId: (id) => (id === ENTRY ? ENTRY : id === '@bokuweb/zstd-wasm' ? NO_ZSTD : null),
      load: (id) => {
        if (id === ENTRY) return ELEMENT_PACKAGES.map((name) => `export * from '${name}';`).join('\n');
        if (id === NO_ZSTD) {
          return `const unsupported = () => { throw new Error('zstd-compressed FlatGeobuf is not supported by dist/sozialraum.js'); };
export const init = unsupported, decompress = unsupported, compress = unsupported;`;
        }
        return null;
      },
    },
    {
      // The themes travel with the script, so a webmaster copies one folder.
      name: 'sozialraum-themes',
      generateBundle() {
        for (const name of readdirSync('themes')) {
          this.emitFile({ type: 'asset', fileName: `themes/${name}`, source: readFileSync(`themes/${name}`, 'utf8') });
        }
      },
    },
    nodeResolve({ browser: true }),
    commonjs(),
    terser({ format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    // proj4 and papaparse use `this` at module level in their UMD wrappers; harmless in ES modules.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
