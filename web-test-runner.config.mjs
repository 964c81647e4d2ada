// Element tests in Debian's Chromium (/usr/bin/chromium) driven through Playwright; no browser download.
// Runs the compiled tests (packages/*/dist/**/*.test.js) so that what is tested is what is shipped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';

/**
 * papaparse ships only a UMD build; the browser gets it wrapped as an ES module with a default export, which is
 * what the rollup bundle does with @rollup/plugin-commonjs.
 */
function umdAsEsModule(packageName) {
  return {
    name: `umd-as-es-module:${packageName}`,
    transform(context) {
      if (!context.path.includes(`/node_modules/${packageName}/`)) return undefined;
      return { body: `const module = { exports: {} }; const exports = module.exports;\n${context.body}\nexport default module.exports;\n` };
    },
  };
}

/** Writes the counts of passed, failed and skipped tests to .test-results/browser.json for scripts/test.mjs. */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else counts.failed += 1;
        }
        suite.suites.forEach(walk);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that fails to load or throws outside a test has no results but errors: count it as a failure.
        if (session.errors.length > 0 && !session.testResults?.tests.length && !session.testResults?.suites.length) counts.failed += 1;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync('.test-results/browser.json', JSON.stringify(counts));
    },
  };
}

export default {
  files: ['packages/*/dist/**/*.test.js', '!packages/*/dist/test/**'],
  nodeResolve: { browser: true },
  plugins: [umdAsEsModule('papaparse')],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } })],
  concurrency: 1,
  testFramework: { config: { timeout: Number(process.env.TEST_TIMEOUT ?? 30000) } },
  testsFinishTimeout: 300000,
  reporters: [defaultReporter(), countReporter()],
};
