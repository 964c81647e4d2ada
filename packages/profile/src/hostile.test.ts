/// <reference types="mocha" />
// Markup and formulas in the data of a profile stay text: an area name, indicator labels, units, sources, domain
// and facility labels and notes written as HTML are shown as they are, never run, and the CSV guards formulas. A name
// of 200,000 characters keeps the card a few lines high and stays whole in the title and the CSV; a right-to-left
// override in a key ends with it.
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
    index: {
      title: `${SVG}Index`,
      value: 1,
      class: 2,
      label: `${IMG}hoch`,
      classLabels: ['a', `${IMG}hoch`],
      rank: 1,
      ranked: 10,
      direction: 'higher-is-need',
    },
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
    for (const piece of [`${SVG}Arbeitslosigkeit`, `${IMG}Quelle`, `${IMG}hoch`, `${SVG}Kitas`, `${IMG} note`, `${SVG}Satz`, `${IMG}Zensus`, FORMULA])
      expect(all).to.contain(piece);
    const labels = [...root.querySelectorAll('svg[role="img"]')].map((svg) => svg.getAttribute('aria-label'));
    expect(labels.some((label) => label!.includes(`${SVG}Arbeitslosigkeit`))).to.equal(true);
    expect([...root.querySelectorAll('.axis-label')].map((label) => label.textContent)).to.deep.equal([`${IMG}a`, `${IMG}b`, `${IMG}c`]);
  });

  /** The card of `profile` in a 480 px column, rendered and laid out. */
  async function shown(profile: AreaProfile): Promise<SozialraumProfileCard> {
    const element = document.createElement('sozialraum-profile-card');
    element.style.cssText = 'display: block; width: 480px;';
    element.data = profile;
    document.body.append(element);
    await element.updateComplete;
    return element;
  }

  it('a name of 200,000 characters takes at most three lines of the card and stays whole in its title and the CSV', async () => {
    const name = 'Nordkiez'.repeat(25_000);
    const short = await shown({ ...hostileProfile(), name: 'Kiez' });
    const shortHeight = short.getBoundingClientRect().height;
    const lineHeight = short.shadowRoot!.querySelector('h2')!.getBoundingClientRect().height;
    short.remove();
    card = await shown({ ...hostileProfile(), name });
    const root = card.shadowRoot!;
    const box = card.getBoundingClientRect();
    const heading = root.querySelector('h2')!.getBoundingClientRect();
    console.log(
      `profile card with a 200,000-character name: ${Math.round(box.width)} × ${Math.round(box.height)} px (${Math.round(shortHeight)} px with a short name), heading ${Math.round(heading.height)} px high`,
    );
    expect(box.width, 'card width (px)').to.be.at.most(480);
    expect(heading.height, 'heading: at most three lines (px)').to.be.at.most(3 * lineHeight + 1);
    expect(box.height - shortHeight, 'added height (px)').to.be.at.most(2 * lineHeight + 1);
    const bdi = root.querySelector<HTMLElement>('h2 bdi')!;
    expect(bdi.title).to.equal(name);
    expect(bdi.textContent).to.equal(name);
    card.addEventListener('sozialraum-profile-export', (event) => event.preventDefault());
    expect(await (await card.exportCsv())!.text()).to.contain(name);
  });

  it('a right-to-left override in the key ends with the key: the year after it reads left to right', async () => {
    card = await shown({ ...hostileProfile(), id: 'x\u202e12' });
    const key = card.shadowRoot!.querySelector('.key')!;
    const bdi = key.querySelector('bdi')!;
    expect(getComputedStyle(bdi).unicodeBidi).to.equal('isolate');
    const walker = document.createTreeWalker(key, NodeFilter.SHOW_TEXT);
    let year: Text | undefined;
    for (let node = walker.nextNode(); node && !year; node = walker.nextNode()) if (node.textContent!.includes('2021')) year = node as Text;
    const box = (start: number) => {
      const range = document.createRange();
      range.setStart(year!, start);
      range.setEnd(year!, start + 1);
      return range.getBoundingClientRect();
    };
    const at = year!.textContent!.indexOf('2021');
    expect(box(at).left, '"2" left of "1"').to.be.below(box(at + 3).left);
    expect(box(at).left, 'the year right of the key').to.be.above(bdi.getBoundingClientRect().right);
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
