/// <reference types="mocha" />
// Markup and formulas in the data of a profile stay text: an area name, indicator labels, units, sources, domain
// and facility labels and notes written as HTML are shown as they are, never run, and the CSV guards formulas.
import { expect } from 'chai';
import './index.js';
import type { AreaProfile } from '@sozialraum/core';
import type { SozialraumProfileCard } from './sozialraum-profile-card.js';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SVG = '"><svg onload="window.__pwned=1">';
const FORMULA = '=HYPERLINK("http://evil.example","klick")';

declare global {
  interface Window {
    __pwned?: number;
  }
}

function hostileProfile(): AreaProfile {
  const indicator = {
    column: 'S1',
    label: `${SVG}Arbeitslosigkeit`,
    unit: '<b>%</b>',
    date: '2020-12-31',
    source: `${IMG}Quelle`,
    direction: 'higher-is-need' as const,
    value: 5,
    numerator: 10,
    denominator: 200,
    suppressed: false,
    estimated: false,
    city: 4,
    cityMethod: 'ratio' as const,
    deviation: 1,
    z: 0.5,
    rank: 3,
    ranked: 10,
    percentile: 0.7,
    distribution: { min: 1, q1: 2, median: 4, q3: 5, max: 9 },
    series: [
      { year: 2020, value: 4, numerator: 8, denominator: 200 },
      { year: 2021, value: 5, numerator: 10, denominator: 200 },
    ],
    citySeries: [],
    change: { from: 2020, to: 2021, fromValue: 4, toValue: 5, difference: 1 },
  };
  const domain = (id: string) => ({ id, label: `${IMG}${id}`, value: 0.5, cityMean: 0, min: -1, max: 2 });
  return {
    id: `x1${IMG}`,
    name: `${IMG}Kiez`,
    areaKm2: 1.5,
    population: { value: 2000, column: 'EW', date: '2020-12-31', suppressed: false, estimated: false },
    years: [2020, 2021],
    year: 2021,
    index: { title: `${SVG}Index`, value: 1, class: 2, label: `${IMG}hoch`, classLabels: ['a', `${IMG}hoch`], rank: 1, ranked: 10, direction: 'higher-is-need' },
    indicators: [indicator, { ...indicator, column: 'S2', label: FORMULA }],
    domains: [domain('a'), domain('b'), domain('c')],
    facilities: {
      distance: 1500,
      crs: 'EPSG:3035',
      gridPopulation: 2000,
      gridSource: `${IMG}Zensus`,
      estimated: true,
      types: [{ type: 'kitas', label: `${SVG}Kitas`, inside: 1, within: 3, reachablePopulation: 1500, reachableShare: 0.75, suppressed: false }],
    },
    flags: [{ kind: 'invalid', columns: [], notes: [`${IMG} note`] }],
    method: { title: `${IMG}Methode`, sentences: { de: [`${SVG}Satz`], en: [`${SVG}sentence`] } },
  };
}

function injected(root: ParentNode): string[] {
  return [...root.querySelectorAll('img, script, iframe, object, embed, [onerror], [onload]')].map((element) => element.outerHTML.slice(0, 100));
}

describe('hostile text in a profile', () => {
  let card: SozialraumProfileCard | undefined;
  afterEach(() => {
    card?.remove();
    card = undefined;
  });

  it('shows names, labels, units, sources and notes written as markup as text, and never runs them', async () => {
    card = document.createElement('sozialraum-profile-card');
    card.data = hostileProfile();
    document.body.append(card);
    await card.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const root = card.shadowRoot!;
    expect(window.__pwned).to.equal(undefined);
    expect(injected(root)).to.deep.equal([]);
    expect(root.querySelector('h2')!.textContent).to.equal(`${IMG}Kiez`);
    const all = root.textContent!;
    for (const piece of [`${SVG}Arbeitslosigkeit`, `${IMG}Quelle`, `${IMG}hoch`, `${SVG}Kitas`, `${IMG} note`, `${SVG}Satz`, `${IMG}Zensus`, FORMULA]) expect(all).to.contain(piece);
    const labels = [...root.querySelectorAll('svg[role="img"]')].map((svg) => svg.getAttribute('aria-label'));
    expect(labels.some((label) => label!.includes(`${SVG}Arbeitslosigkeit`))).to.equal(true);
    expect([...root.querySelectorAll('.axis-label')].map((label) => label.textContent)).to.deep.equal([`${IMG}a`, `${IMG}b`, `${IMG}c`]);
  });

  it('guards formulas and quotes markup in the CSV, and names the download after a cleaned key', async () => {
    card = document.createElement('sozialraum-profile-card');
    card.data = hostileProfile();
    document.body.append(card);
    await card.updateComplete;
    let filename = '';
    card.addEventListener('sozialraum-profile-export', (event) => {
      filename = (event as CustomEvent<{ filename: string }>).detail.filename;
      event.preventDefault();
    });
    const csv = await (await card.exportCsv())!.text();
    expect(csv).to.contain(`;"'=HYPERLINK(""http://evil.example"",""klick"")";`);
    expect(csv).not.to.match(/;=HYPERLINK/);
    expect(filename).to.match(/^steckbrief-[\w.-]+\.csv$/);
  });
});
