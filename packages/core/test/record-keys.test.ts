// The record keys of the cell-key method from the office's secret: the pure HMAC-SHA256 both front ends use gives the
// keys Node's own crypto gives, so files perturbed before the keys moved into core keep their noise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SozialraumError, gridRecordKeys, pointRecordKeys, readZensusGrid, recordKeyFromBytes, secretBytes } from '@sozialraum/core';
import { samplePath } from './samples.js';

const SECRET = new TextEncoder().encode('a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d');
const nodeKey = (text: string) => recordKeyFromBytes(createHmac('sha256', SECRET).update(text).digest());

test('grid record keys are the HMAC-SHA256 of the cell corner that node:crypto computes, for every inhabited Berlin cell', async () => {
  const text = await readFile(samplePath('berlin/zensus2011_einwohner_100m.csv'), 'utf8');
  const { grid, values } = readZensusGrid(text, { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
  const keys = gridRecordKeys(SECRET);
  let compared = 0;
  values.forEach((value, cell) => {
    if (!(value > 0)) return;
    const x = grid.originX + (cell % grid.columns) * grid.cellWidth;
    const y = grid.originY - (Math.floor(cell / grid.columns) + 1) * grid.cellHeight;
    assert.equal(keys(cell, grid), nodeKey(`${grid.crs}|${grid.cellWidth}|${x}|${y}`), `cell ${cell}`);
    compared += 1;
  });
  assert.ok(compared > 10_000, `${compared} cells compared`);
});

test('point record keys are the HMAC-SHA256 of place and occurrence, distinct for a second point at the same place', () => {
  const keys = pointRecordKeys(SECRET);
  const first = keys(392_100.25, 5_820_300.5, 'EPSG:25833', 0);
  assert.equal(first, nodeKey('point|EPSG:25833|392100.25|5820300.5|0'));
  assert.equal(keys(392_100.25, 5_820_300.5, 'EPSG:25833', 1), nodeKey('point|EPSG:25833|392100.25|5820300.5|1'));
  assert.notEqual(keys(392_100.25, 5_820_300.5, 'EPSG:25833', 1), first);
  assert.ok(Number.isInteger(first) && first >= 0 && first < 2 ** 32);
});

test('a secret loses the line break an editor adds and is refused under 16 bytes, naming where it came from', () => {
  const withBreak = new TextEncoder().encode('a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d\r\n');
  assert.deepEqual(secretBytes(withBreak, 'office.key'), SECRET);
  assert.throws(
    () => secretBytes(new TextEncoder().encode('short-secret \n'), 'office.key'),
    (error: unknown) => error instanceof SozialraumError && error.code === 'empty-file' && /office\.key/.test(error.message) && /12 bytes/.test(error.message),
  );
});
