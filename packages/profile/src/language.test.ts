/// <reference types="mocha" />
// Every visible string of the profile card in German by default and in English with lang="en": the test fails on any
// interface text of the other language. Numbers and dates follow the language's conventions.
import { expect } from 'chai';
import './index.js';
import { areaProfile, loadAreas, parseCsv, prepareProfiles, validateIndexSpec, type AreaProfile } from '@sozialraum/core';
import type { Language } from '@sozialraum/map';
import { profileMessages } from './i18n.js';
import type { SozialraumProfileCard } from './sozialraum-profile-card.js';

function texts(language: Language): string[] {
  const collected: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string') collected.push(value);
    else if (typeof value === 'function') collected.push(String(value('Beispiel', 'X1', 'Y2', 'Z3', 'W4', 'V5')));
    else if (value && typeof value === 'object') Object.values(value).forEach(add);
  };
  const { numberLocale: _locale, date: _date, ...messages } = profileMessages(language);
  add(messages);
  return collected;
}

function onlyIn(language: Language): string[] {
  const other = new Set(texts(language === 'de' ? 'en' : 'de'));
  return [...new Set(texts(language))].filter((text) => text.length > 2 && !other.has(text) && !/Beispiel|X1|Y2|Z3|W4/.test(text));
}

/** Interface text of the card: text nodes and accessible names, without the data (names, labels from the spec). */
function visibleText(card: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      // The method note holds the spec's own texts (its source names "Stadt Flensburg"); core tests its sentences.
      if (node.matches('details, .print-only')) return;
      for (const attribute of ['aria-label', 'title']) {
        const value = node.getAttribute(attribute);
        if (value) parts.push(value);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    node.childNodes.forEach(walk);
  };
  walk(card);
  return parts.join(' ').replace(/\s+/g, ' ');
}

function containsWords(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, 'u').test(text);
}

let profile: AreaProfile | undefined;
async function nordstadt(): Promise<AreaProfile> {
  if (profile) return profile;
  const [areasBytes, csv, spec, kitas] = await Promise.all([
    fetch('/data-samples/flensburg/stadtteile.geojson').then((response) => response.arrayBuffer()),
    fetch('/data-samples/flensburg/sozialatlas_stadtteile.csv').then((response) => response.text()),
    fetch('/demo/flensburg-index.json').then((response) => response.json()),
    fetch('/data-samples/flensburg/kitas.geojson').then((response) => response.json()),
  ]);
  const areas = await loadAreas(new Uint8Array(areasBytes), { source: 'stadtteile.geojson', idField: 'AREA_ID', nameField: 'AREA_NAME' });
  const set = prepareProfiles({
    areas,
    table: parseCsv(csv, { source: 'sozialatlas' }),
    keyColumn: 'stadtteil_id',
    yearColumn: 'jahr',
    spec: validateIndexSpec(spec, 'spec'),
    facilities: [{ type: 'kitas', points: kitas }],
    minCount: 30,
  });
  profile = areaProfile(set, 'STGT03')!;
  return profile;
}

async function render(language: Language): Promise<SozialraumProfileCard> {
  const card = document.createElement('sozialraum-profile-card');
  card.setAttribute('lang', language);
  card.data = await nordstadt();
  document.body.append(card);
  await card.updateComplete;
  return card;
}

describe('profile card languages', () => {
  let card: SozialraumProfileCard | undefined;
  afterEach(() => {
    card?.remove();
    card = undefined;
  });

  for (const language of ['en', 'de'] as const) {
    it(`shows no ${language === 'en' ? 'German' : 'English'} interface text with lang="${language}"`, async () => {
      card = await render(language);
      const text = visibleText(card);
      const foreign = onlyIn(language === 'en' ? 'de' : 'en').filter((candidate) => containsWords(text, candidate));
      expect(foreign, `untranslated: ${foreign.join(' | ')}`).to.deep.equal([]);
      const own =
        language === 'en'
          ? ['Indicators', 'Fields of action', 'Facilities', 'Notes', 'Residents', 'Rank 1 = most need']
          : ['Indikatoren', 'Handlungsfelder', 'Einrichtungen', 'Hinweise', 'Einwohner:innen', 'Rang 1 = größter Bedarf'];
      for (const expected of own) expect(text).to.contain(expected);
    });
  }

  it('writes numbers with a decimal comma and thousands dots in German, the other way round in English', async () => {
    card = await render('de');
    expect(card.shadowRoot!.querySelector('[part="facts"]')!.textContent).to.contain('12.532').and.contain('4,07 km²');
    card.remove();
    card = await render('en');
    const facts = card.shadowRoot!.querySelector('[part="facts"]')!.textContent!;
    expect(facts).to.contain('12,532').and.contain('4.07 km²').and.contain('Class 4 of 4: high need');
  });
});
