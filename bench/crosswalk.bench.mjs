// `node bench/crosswalk.bench.mjs` (after `npx tsc -b`): `sozialraum crosswalk` by area, the 542 Planungsräume of
// 2021 onto the 448 before 2021, as a whole process against a shapely (GEOS) script with an STRtree
// (bench/crosswalk_geos.py) in the same run, alternating, median of the runs: wall time and CPU time (user + system,
// which a busy machine inflates much less than the clock). Both answers are compared too.
// shapely comes from Debian's python3-shapely; when it is missing and this runs as root it is installed with
// apt-get, else the baseline is skipped with a line saying so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAreas, overlayAreas } from '@sozialraum/core';
import { SAMPLES, format } from './measure.mjs';
import { median, timeProcess } from './process.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = fileURLToPath(new URL('../packages/cli/bin/sozialraum.js', import.meta.url));
const GEOS_SCRIPT = fileURLToPath(new URL('./crosswalk_geos.py', import.meta.url));
const FROM = `${SAMPLES}lor_planungsraeume_2021.geojson`;
const TO = `${SAMPLES}lor_planungsraeume_pre2021.geojson`;
const VALUES = `${SAMPLES}mss2021_indexindikatoren.csv`;

/**
 * `timeProcess` with the CPU time of the process too: run under sh, whose `times` prints the children's user and
 * system time after it ends (POSIX, so no GNU time is needed); the child's own output stays as it was.
 */
function timeWithCpu(command, args, options) {
  const script = '"$@"; status=$?; times >&2; exit $status';
  const result = timeProcess('/bin/sh', ['-c', script, 'sh', command, ...args], options);
  const line = result.stderr.trim().split('\n').at(-1) ?? '';
  const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((match) => Number(match[1]) * 60 + Number(match[2]));
  return { ...result, cpuMs: seconds.length === 2 ? (seconds[0] + seconds[1]) * 1000 : Number.NaN };
}

/** A python with shapely: Debian's /usr/bin/python3 first (python3-shapely installs there), else python3 on PATH. */
function findPython() {
  const candidates = ['/usr/bin/python3', 'python3'];
  const works = (python) => spawnSync(python, ['-c', 'import shapely.strtree'], { stdio: 'ignore' }).status === 0;
  let found = candidates.find(works);
  if (found) return { python: found };
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('shapely is missing: installing python3-shapely with apt-get …');
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-shapely'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    found = candidates.find(works);
    if (found) return { python: found };
  }
  return { why: 'python3 with shapely (Debian: apt-get install python3-shapely) is not available and could not be installed here' };
}

const output = join(tmpdir(), `sozialraum-crosswalk-bench-${process.pid}.csv`);
const ours = ['crosswalk', '--from', FROM, '--from-id', 'PLR_ID', '--to', TO, '--to-id', 'PLR_ID', '--values', VALUES, '--columns', 'EW', '--out', output];

console.log('Crosswalk: 542 Planungsräume (2021) onto 448 (before 2021) by area, whole process, median of alternating runs');
const { python, why } = findPython();
if (!python) console.log(`  GEOS baseline skipped: ${why}`);
const times = { ours: [], geos: [], oursCpu: [], geosCpu: [] };
const loads = [loadavg()[0]];
let geosCsv = '';
for (let run = 0; run < RUNS; run += 1) {
  // Exit code 1: the run warns (a repeated key in the old areas, one area without a value), as the test expects.
  const mine = timeWithCpu(process.execPath, [CLI, ...ours], { allowStatus: [1] });
  times.ours.push(mine.ms);
  times.oursCpu.push(mine.cpuMs);
  if (python) {
    const peer = timeWithCpu(python, ['-W', 'ignore', GEOS_SCRIPT, FROM, TO, 'PLR_ID']);
    times.geos.push(peer.ms);
    times.geosCpu.push(peer.cpuMs);
    geosCsv = peer.stdout;
  }
  loads.push(loadavg()[0]);
}
await rm(output, { force: true });
const oursMs = median(times.ours);
const oursCpu = median(times.oursCpu);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}`;
console.log(`  ${machine}; load average ${format(Math.min(...loads), 1)}–${format(Math.max(...loads), 1)} during the runs`);
console.log(`  sozialraum crosswalk                   ${format(oursMs, 0).padStart(7)} ms, ${format(oursCpu, 0).padStart(7)} ms CPU`);
if (python) {
  const geosMs = median(times.geos);
  const geosCpu = median(times.geosCpu);
  console.log(`  shapely/GEOS with an STRtree           ${format(geosMs, 0).padStart(7)} ms, ${format(geosCpu, 0).padStart(7)} ms CPU`);
  console.log(`  ratio GEOS / sozialraum: ${format(geosMs / oursMs, 2)}× wall, ${format(geosCpu / oursCpu, 2)}× CPU (goal: at least 1)`);

  // The same answers: the pairs and their areas from core's overlay against GEOS's.
  const load = async (path) => loadAreas(new Uint8Array(await readFile(path)), { source: path, idField: 'PLR_ID' });
  const overlay = overlayAreas(await load(FROM), await load(TO));
  const mine = new Map(overlay.pieces.map((piece) => [`${piece.source},${piece.target}`, piece.area]));
  const theirs = new Map();
  for (const line of geosCsv.trim().split('\n').slice(1)) {
    const [source, target, area] = line.split(',');
    const key = `${source},${target}`;
    theirs.set(key, (theirs.get(key) ?? 0) + Number(area));
  }
  let worst = 0;
  for (const [key, area] of theirs) worst = Math.max(worst, Math.abs((mine.get(key) ?? 0) - area) / Math.max(area, 1));
  const onlyOne = [...mine.keys()].filter((key) => !theirs.has(key)).length + [...theirs.keys()].filter((key) => !mine.has(key)).length;
  console.log(
    `  same pairs: ${onlyOne === 0 ? 'yes' : `no, ${onlyOne} differ`} (${format(theirs.size)}), largest difference of an area ${worst.toExponential(1)} of it (or of 1 m²)`,
  );
}
