/// <reference types="mocha" />
// Every visible string in German by default and in English with lang="en": the test fails on any text of the
// other language, so a string added without its translation is caught. Numbers follow the language's conventions.
import { expect } from 'chai';
import '@sozialraum/map';
import './index.js';
import { messages, type Language, type SozialraumErrorDetail, type SozialraumMap } from '@sozialraum/map';
import { indexPreset, localiseText } from '@sozialraum/core';
import { choroplethMessages } from './i18n.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';

/** The static texts of one language: message strings, messages with sample arguments, and the preset's labels. */
function texts(language: Language): string[] {
  const collected: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string') collected.push(value);
    else if (typeof value === 'function') collected.push(String(value('Beispiel', 'X1')));
    else if (value && typeof value === 'object') Object.values(value).forEach(add);
  };
  add(messages(language));
  const { numberLocale: _locale, ...choropleth } = choroplethMessages(language);
  add(choropleth);
  const preset = indexPreset('mss-2021-status');
  collected.push(localiseText(preset.title, language), ...(preset.classification.labels ?? []).map((label) => localiseText(label, language)));
  return collected;
}

/** Strings of `language` that the other language writes differently, e.g. "Rang" but not "Index". */
function onlyIn(language: Language): string[] {
  const other = new Set(texts(language === 'de' ? 'en' : 'de'));
  return [...new Set(texts(language))].filter((text) => text.length > 2 && !other.has(text));
}

/** All text a person sees or hears in the map and its children: shadow DOM text and accessible names, without the area data. */
function visibleText(root: Node): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      if (node.localName === 'tbody') return; // area names and values are data, not interface text
      for (const attribute of ['aria-label', 'title', 'aria-roledescription']) {
        const value = node.getAttribute(attribute);
        if (value) parts.push(value);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    node.childNodes.forEach(walk);
  };
  walk(root);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/**
 * Everyday English words in a German text, outside quotes („…“, "…") where file, column and area names stand: each
 * one is a sentence that was not translated.
 */
function englishWordsIn(text: string): string[] {
  const prose = text.replace(/„[^“]*“|"[^"]*"/g, ' ').toLowerCase();
  const words = ['the', 'no', 'not', 'is', 'are', 'has', 'of', 'and', 'with', 'column', 'row', 'file', 'feature', 'key', 'cannot', 'must'];
  return words.filter((word) => containsWords(prose, word));
}

/** Whether the text holds the phrase as whole words ("Method" is not in "Methode"). */
function containsWords(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, 'u').test(text);
}

async function render(language: Language): Promise<SozialraumMap> {
  const map = document.createElement('sozialraum-map');
  map.setAttribute('lang', language);
  map.setAttribute('areas', BERLIN);
  map.setAttribute('id-field', 'PLR_ID');
  map.setAttribute('indicators', MSS);
  map.style.cssText = 'display: block; width: 900px; --sozialraum-map-height: 420px;';
  map.innerHTML = `<sozialraum-choropleth preset="mss-2021-status"></sozialraum-choropleth>
    <sozialraum-legend slot="overlay"></sozialraum-legend><sozialraum-table></sozialraum-table>`;
  const shown = new Promise((resolve) => map.addEventListener('sozialraum-thematic-change', resolve, { once: true }));
  document.body.append(map);
  await map.ready;
  await shown;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  for (const child of map.querySelectorAll('*')) await (child as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return map;
}

describe('languages', () => {
  let map: SozialraumMap | undefined;
  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  for (const language of ['en', 'de'] as const) {
    it(`shows no ${language === 'en' ? 'German' : 'English'} interface text with lang="${language}"`, async () => {
      map = await render(language);
      const text = visibleText(map);
      const foreign = onlyIn(language === 'en' ? 'de' : 'en').filter((candidate) => containsWords(text, candidate));
      expect(foreign, `untranslated: ${foreign.join(' | ')}`).to.deep.equal([]);
      // The strings of the page's own language are there.
      const own =
        language === 'en' ? ['Map of the Sozialräume', 'not rated', 'Method', 'Rank'] : ['Karte der Sozialräume', 'nicht bewertet', 'Methode', 'Rang'];
      for (const expected of own) expect(text).to.contain(expected);
    });
  }

  it('shows the detail of a bad file in the page language, and the event carries both', async () => {
    const expected = {
      de: 'projected-without-crs.geojson: die Datei nennt kein Koordinatenreferenzsystem',
      en: 'projected-without-crs.geojson: the file names no coordinate reference system',
    };
    for (const language of ['de', 'en'] as const) {
      map?.remove();
      map = document.createElement('sozialraum-map');
      map.setAttribute('lang', language);
      map.setAttribute('areas', '/test/fixtures/projected-without-crs.geojson');
      const failed = new Promise<CustomEvent<SozialraumErrorDetail>>((resolve) =>
        map!.addEventListener('sozialraum-error', (event) => resolve(event as CustomEvent<SozialraumErrorDetail>), { once: true }),
      );
      document.body.append(map);
      await map.ready;
      const { detail } = await failed;
      await map.updateComplete;
      const alert = map.shadowRoot!.querySelector('[role="alert"]')!.textContent!.replace(/\s+/g, ' ');
      expect(alert).to.contain(expected[language]);
      expect(detail.message, 'the event keeps the English message').to.contain(expected.en);
      expect(detail.text).to.contain(expected[language]);
      expect(detail.language).to.equal(language);
      if (language === 'de') {
        expect(englishWordsIn(alert), alert).to.deep.equal([]);
        // Coordinates in the German text have a decimal comma or none, never a decimal point.
        expect(alert).not.to.match(/\d\.\d/);
      }
    }
  });

  it('shows no English words anywhere in the elements of a German page with an error, warnings and a table', async () => {
    // The indicator table's keys lost their leading zeros: the join fails with an explanation; the areas load and
    // the choropleth says why it cannot be drawn.
    map = document.createElement('sozialraum-map');
    map.setAttribute('lang', 'de');
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('indicators', '/test/fixtures/mitte-keys-without-zeros.csv');
    map.innerHTML = `<sozialraum-choropleth indicator="S1"></sozialraum-choropleth>
      <sozialraum-legend slot="overlay"></sozialraum-legend><sozialraum-table></sozialraum-table>`;
    const failed = new Promise((resolve) => map!.addEventListener('sozialraum-error', resolve, { once: true }));
    document.body.append(map);
    await map.ready;
    await failed;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    for (const element of [map, ...map.querySelectorAll('*')]) await (element as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
    const text = visibleText(map);
    expect(text).to.contain('führende Nullen');
    expect(englishWordsIn(text), text).to.deep.equal([]);
  });

  it('writes numbers with a decimal comma in German and a decimal point in English', async () => {
    map = await render('de');
    const german = map.querySelector('sozialraum-legend')!.shadowRoot!.querySelector('[part="classes"]')!.textContent!;
    expect(german).to.match(/-1,00 – 1,00/);
    map.remove();
    map = await render('en');
    const english = map.querySelector('sozialraum-legend')!.shadowRoot!.querySelector('[part="classes"]')!.textContent!;
    expect(english).to.match(/-1\.00 – 1\.00/);
    expect(english).to.contain('medium');
  });
});
