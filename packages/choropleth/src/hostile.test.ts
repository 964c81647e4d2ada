/// <reference types="mocha" />
// Hostile and broken input given to the elements in Chromium. Markup in feature names, keys, CSV cells, column and
// file names and the texts of an index spec stays text in the tooltip, the table, the legend, the error messages and
// the warnings, and never runs. Broken, truncated, huge and empty files end in a role=alert message naming the file
// and the problem and a sozialraum-error event; the page keeps reacting and the next good file loads. Names of
// 200,000 characters keep tooltip, table and legend their size, and a right-to-left override in a name ends with it.
import { expect } from 'chai';
import { seededBytes } from '../../core/dist/test/seeded-bytes.js';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '@sozialraum/map';
import './index.js';
import type { DataLoadDetail, SozialraumErrorDetail, SozialraumMap, ThematicLayer } from '@sozialraum/map';
import type { IndexSpec } from '@sozialraum/core';
import type Polygon from 'ol/geom/Polygon.js';
import type { SozialraumChoropleth } from './sozialraum-choropleth.js';
import { areasSource, nextEvent } from '../../element/dist/test/map.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const BERLIN_FGB = '/data-samples/berlin/lor_planungsraeume_2021.fgb';
const HOSTILE = '/test/fixtures/hostile';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const SVG = '"><svg onload="window.__pwned=1">';
const JAVASCRIPT = 'javascript:window.__pwned=1';

/** An index spec whose every text is markup that would run if it were ever written as HTML. */
const HOSTILE_SPEC = {
  specVersion: 1,
  id: 'feindlich',
  title: `${IMG}Index`,
  description: SCRIPT,
  source: JAVASCRIPT,
  indicators: [{ column: 'S1', label: SVG, unit: '<b>%</b>', direction: 'higher-is-need', domain: 'feld' }],
  domains: [{ id: 'feld', label: `${IMG}Handlungsfeld` }],
  standardisation: { method: 'z-score' },
  combination: { method: 'sum' },
  classification: { method: 'quantile', classes: 3, labels: [`${IMG}niedrig`, `${SCRIPT}mittel`, `${SVG}hoch`] },
} as unknown as IndexSpec;

declare global {
  interface Window {
    __pwned?: number;
  }
}

function createMap(attributes: Record<string, string>, children = ''): SozialraumMap {
  const map = document.createElement('sozialraum-map');
  for (const [name, value] of Object.entries(attributes)) map.setAttribute(name, value);
  map.style.cssText = 'display: block; width: 800px; --sozialraum-map-height: 420px;';
  map.innerHTML = children;
  document.body.append(map);
  return map;
}

function alertText(root: Element): string {
  return root.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function text(element: Element | null | undefined): string {
  return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The page pixel of an area's interior point. */
function pixelInside(map: SozialraumMap, id: string): [number, number] {
  const geometry = areasSource(map).getFeatureById(id)!.getGeometry() as Polygon;
  const pixel = map.olMap.getPixelFromCoordinate(geometry.getInteriorPoint().getFirstCoordinate()!)!;
  const viewport = map.olMap.getViewport()!.getBoundingClientRect();
  return [Math.round(viewport.left + pixel[0]!), Math.round(viewport.top + pixel[1]!)];
}

/** Every shadow root below `root`, however deep. */
function shadowRoots(root: ParentNode): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) roots.push(element.shadowRoot, ...shadowRoots(element.shadowRoot));
  }
  return roots;
}

/**
 * Elements that markup in the data would have made: images, scripts, frames, javascript: links, and any element with
 * an event handler attribute (an injected <svg onload> has one). Listed as outerHTML so a failure shows what got in.
 */
function injectedElements(): string[] {
  const found: string[] = [];
  for (const root of [document as unknown as ParentNode, ...shadowRoots(document)]) {
    for (const element of root.querySelectorAll('*')) {
      const tag = element.localName;
      // The test page itself loads the tests as module scripts.
      const harness = tag === 'script' && root === (document as unknown as ParentNode) && !element.closest('sozialraum-map');
      const markup =
        (['img', 'script', 'iframe', 'object', 'embed'].includes(tag) && !harness) ||
        (tag === 'a' && /^\s*javascript:/i.test(element.getAttribute('href') ?? '')) ||
        [...element.attributes].some((attribute) => attribute.name.startsWith('on'));
      if (markup) found.push(element.outerHTML.slice(0, 120));
    }
  }
  return found;
}

/** Waits long enough for an injected <img onerror> to have failed to load and run. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** How late a zero-delay timeout fires now: the page is responsive when this is well under a second. */
async function timeoutDelay(): Promise<number> {
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now() - start;
}

/** The longest the event loop was blocked while `work` ran, measured with a 10 ms interval. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; blocked: number }> {
  let last = performance.now();
  let blocked = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    blocked = Math.max(blocked, now - last - 10);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { result, blocked };
  } finally {
    clearInterval(timer);
  }
}

/** The screen rectangle of the characters `start` to `end` of a text node. */
function charBox(node: Text, start: number, end = start + 1): DOMRect {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return range.getBoundingClientRect();
}

/** The first text node below `element` whose text contains `needle`. */
function textNode(element: Element, needle: string): Text {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent!.includes(needle)) return node as Text;
  throw new Error(`no text "${needle}" in ${element.localName}`);
}

/**
 * Whether `text`, shown after user text in `element`, is laid out left to right and to the right of the user text:
 * a right-to-left override that leaked out of the user text would put its last character left of its first.
 */
function readsAfter(element: Element, userText: Element, text: string): { inOrder: boolean; after: boolean } {
  const node = textNode(element, text);
  const start = node.textContent!.indexOf(text);
  const first = charBox(node, start);
  const last = charBox(node, start + text.length - 1);
  return { inOrder: first.left < last.left, after: first.left >= userText.getBoundingClientRect().right - 1 };
}

const blobUrls: string[] = [];
function blobUrl(bytes: Uint8Array): string {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
  blobUrls.push(url);
  return url;
}

describe('hostile input in the elements', () => {
  let map: SozialraumMap | undefined;
  const uncaught: string[] = [];
  const onError = (event: ErrorEvent) => uncaught.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => uncaught.push(`unhandled rejection: ${String(event.reason)}`);

  before(() => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });

  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    blobUrls.forEach((url) => URL.revokeObjectURL(url));
  });

  afterEach(async () => {
    await settle();
    expect(window.__pwned, 'markup from the data ran').to.equal(undefined);
    const injected = injectedElements();
    expect(injected.length, `elements made from markup in the data: ${JSON.stringify(injected)}`).to.equal(0);
    expect(uncaught).to.deep.equal([]);
    map?.remove();
    map = undefined;
    await resetMouse();
  });

  describe('markup in the data stays text', () => {
    it('names, keys, table cells and the texts of a spec show as text in tooltip, table, legend and warnings', async () => {
      map = createMap(
        { areas: `${HOSTILE}/names.geojson`, 'id-field': 'id', 'name-field': 'name', indicators: `${HOSTILE}/table.csv` },
        // The legend goes below the map, so that it covers none of the areas the pointer visits.
        `<sozialraum-choropleth></sozialraum-choropleth><sozialraum-legend></sozialraum-legend><sozialraum-table></sozialraum-table>`,
      );
      const choropleth = map.querySelector('sozialraum-choropleth') as SozialraumChoropleth;
      const changed = nextEvent<ThematicLayer>(map, 'sozialraum-thematic-change');
      choropleth.spec = HOSTILE_SPEC;
      await map.ready;
      const { detail: thematic } = await changed;
      expect(thematic.title).to.equal(`${IMG}Index`);
      const legend = map.querySelector('sozialraum-legend')!;
      const table = map.querySelector('sozialraum-table')!;
      await (legend as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;

      // Legend: title, class labels and the method card.
      const legendRoot = legend.shadowRoot!;
      expect(legendRoot.querySelector('figcaption')!.textContent).to.equal(`${IMG}Index`);
      const classes = [...legendRoot.querySelectorAll('[part="classes"] li')].map(text);
      expect(classes[0]).to.contain(`${IMG}niedrig`);
      expect(classes[1]).to.contain(`${SCRIPT}mittel`);
      expect(classes[2]).to.contain(`${SVG}hoch`);
      const method = text(legendRoot.querySelector('[part="method"]'));
      expect(method).to.contain(`${SVG} (S1, <b>%</b>)`).and.contain(JAVASCRIPT).and.contain(`${IMG}Handlungsfeld`);

      // Table: caption, column headers, names, keys, class labels.
      const tableRoot = table.shadowRoot!;
      expect(text(tableRoot.querySelector('caption'))).to.contain(`${IMG}Index`);
      const headers = [...tableRoot.querySelectorAll('thead th')].map(text);
      expect(headers).to.include(`${SVG} (<b>%</b>)`).and.include(`${IMG}Handlungsfeld`);
      const rows = [...tableRoot.querySelectorAll('tbody tr')];
      const row = (id: string) => rows.find((candidate) => (candidate as HTMLElement).dataset.id === id)!;
      expect(text(row('x5').querySelector('th button'))).to.equal('<a href="javascript:window.__pwned=1">Link</a>');
      expect(row('x5').querySelector('th button')!.getAttribute('aria-label')).to.contain('<a href="javascript:window.__pwned=1">Link</a>');
      expect(text(row('x2').querySelector('th button'))).to.equal(`${SCRIPT}Platz`);
      expect(text(row(SVG).querySelector('th button'))).to.equal(JAVASCRIPT);
      expect(text(row(SVG).querySelector('td'))).to.equal(SVG);
      // The table row whose key names no area is listed under its key.
      expect(text(row(SCRIPT).querySelector('th button'))).to.equal(SCRIPT);
      const labels = rows.map((candidate) => text(candidate.querySelectorAll('td')[candidate.querySelectorAll('td').length - 3]));
      expect(labels).to.include(`${IMG}niedrig`).and.include(`${SVG}hoch`);

      // Warnings: the repeated key of the areas and the table, and the table row that names no area.
      const warnings = [...map.shadowRoot!.querySelectorAll('[part="warnings"] li')].map(text);
      expect(warnings).to.include('names.geojson, Objekt 4, Schlüssel „x1“: wiederholt den Schlüssel von Objekt 1; Schlüssel müssen eindeutig sein');
      expect(warnings).to.include('table.csv, Zeile 7, Schlüssel „x2“: wiederholt den Schlüssel aus Zeile 3; nur Zeile 3 wird verwendet');
      expect(warnings).to.include(`table.csv, Spalte „id“: 1 Zeile nennt kein Gebiet: „${SCRIPT}“ (Zeile 6)`);

      // Tooltip: name, key and class label of the area under the pointer.
      const tooltip = map.shadowRoot!.querySelector<HTMLElement>('[part="tooltip"]')!;
      for (const [id, name] of [
        ['x1', `${IMG}Kiez`],
        ['x2', `${SCRIPT}Platz`],
        [SVG, JAVASCRIPT],
        ['x5', '<a href="javascript:window.__pwned=1">Link</a>'],
      ] as const) {
        const hovered = nextEvent<{ id: string; name: string }>(map, 'sozialraum-area-hover');
        await sendMouse({ type: 'move', position: pixelInside(map, id) });
        const { detail } = await hovered;
        expect(detail).to.deep.equal({ id, name });
        expect(tooltip.hidden).to.equal(false);
        expect(tooltip.textContent).to.contain(name).and.contain(id).and.contain(`\u2068${IMG}Index\u2069: `);
        // Name, key and class label, each in its own <bdi>: nothing else was made from the text.
        expect(tooltip.children.length).to.be.at.most(3);
        expect([...tooltip.children].every((child) => child.localName === 'bdi')).to.equal(true);
      }
    });

    it('a cell with markup in a column shown on the map is named as not a number, as text', async () => {
      map = createMap(
        { areas: `${HOSTILE}/names.geojson`, 'id-field': 'id', indicators: `${HOSTILE}/table.csv` },
        '<sozialraum-choropleth indicator="S2"></sozialraum-choropleth>',
      );
      const choropleth = map.querySelector('sozialraum-choropleth') as SozialraumChoropleth;
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      const { detail } = await failed;
      expect(detail.code).to.equal('bad-number');
      expect(detail).to.include({ source: 'table.csv', row: 3, column: 'S2' });
      await choropleth.updateComplete;
      expect(alertText(choropleth)).to.equal(`Die Karte konnte nicht berechnet werden. table.csv, Zeile 3, Spalte „S2“: „${IMG}“ ist keine Zahl`);
    });

    it('a column name with markup, a key field with markup and an indicator with markup appear as text in the error messages', async () => {
      map = createMap({ areas: `${HOSTILE}/names.geojson`, 'id-field': 'id', indicators: `${HOSTILE}/columns.csv` });
      let failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      expect((await failed).detail).to.include({ code: 'unknown-field', source: 'columns.csv' });
      await map.updateComplete;
      expect(alertText(map)).to.equal(
        `Die Tabelle „columns.csv“ konnte nicht mit den Gebieten verbunden werden. columns.csv: hat keine Schlüsselspalte „id“; die Spalten sind ${IMG}, ${SCRIPT}, EW`,
      );

      failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      map.setAttribute('key-field', SVG);
      expect((await failed).detail.message).to.equal(`columns.csv: has no key column "${SVG}"; the columns are ${IMG}, ${SCRIPT}, EW`);
      await map.updateComplete;
      expect(alertText(map)).to.contain(`hat keine Schlüsselspalte „${SVG}“`);

      const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
      map.removeAttribute('key-field');
      map.setAttribute('indicators', `${HOSTILE}/table.csv`);
      await loaded;
      const choropleth = document.createElement('sozialraum-choropleth') as SozialraumChoropleth;
      choropleth.setAttribute('indicator', IMG);
      failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      map.append(choropleth);
      const { detail } = await failed;
      expect(detail.code).to.equal('unknown-field');
      await choropleth.updateComplete;
      expect(alertText(choropleth)).to.contain(`hat keine Spalte „${IMG}“`);
    });

    it('file names with markup and javascript: URLs appear as text in the messages and are never run', async () => {
      for (const name of [`${IMG}.geojson`, `${SVG}.geojson`]) {
        map?.remove();
        map = createMap({ areas: `${HOSTILE}/${name}` });
        const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
        await map.ready;
        expect((await failed).detail.code).to.equal('fetch-failed');
        await map.updateComplete;
        expect(alertText(map)).to.contain(`Die Gebiete aus „${name}“ konnten nicht geladen werden.`).and.contain('HTTP 404');
      }
      map!.remove();
      map = createMap({ areas: JAVASCRIPT });
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      const { detail } = await failed;
      expect(detail.code).to.equal('fetch-failed');
      expect(detail.source).to.equal(JAVASCRIPT);
      await map.updateComplete;
      expect(alertText(map)).to.contain(`Die Gebiete aus „${JAVASCRIPT}“ konnten nicht geladen werden. ${JAVASCRIPT}: ist nicht erreichbar`);

      // The indicators and a spec URL, too.
      const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
      map.setAttribute('areas', `${HOSTILE}/names.geojson`);
      map.setAttribute('id-field', 'id');
      map.setAttribute('indicators', JAVASCRIPT);
      await loaded;
      await map.updateComplete;
      expect(alertText(map)).to.contain(`Die Tabelle „${JAVASCRIPT}“ konnte nicht mit den Gebieten verbunden werden.`);
      const choropleth = document.createElement('sozialraum-choropleth') as SozialraumChoropleth;
      choropleth.setAttribute('spec', `${HOSTILE}/${IMG}.json`);
      const specFailed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      map.append(choropleth);
      expect((await specFailed).detail.code).to.equal('fetch-failed');
      await choropleth.updateComplete;
      expect(alertText(choropleth)).to.contain(`${HOSTILE}/${IMG}.json: der Server antwortete mit HTTP 404`);
      const jsFailed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      choropleth.setAttribute('spec', JAVASCRIPT);
      expect((await jsFailed).detail.code).to.equal('fetch-failed');
      await choropleth.updateComplete;
      expect(alertText(choropleth)).to.contain(`${JAVASCRIPT}: ist nicht erreichbar`);
    });

    it('a basemap attribution with markup is shown as text by OpenLayers', async () => {
      map = createMap({
        areas: `${HOSTILE}/names.geojson`,
        'id-field': 'id',
        basemap: `${HOSTILE}/tiles/{z}/{x}/{y}.png`,
        'basemap-attribution': `${IMG}© Amt`,
      });
      await map.ready;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const attribution = map.shadowRoot!.querySelector('.ol-attribution')!;
      expect(attribution.textContent).to.contain(`${IMG}© Amt`);
    });
  });

  describe('long and spoofed text keeps the layout', () => {
    const LONG = `${HOSTILE}/lange-namen.geojson`;
    const SPOOF = 'Nord\u202egnirts';

    /** A map of the long names with `children`; `spec`, if given, goes to its choropleth. */
    async function longNamesMap(children: string, spec?: IndexSpec): Promise<SozialraumMap> {
      const element = createMap({ areas: LONG, 'id-field': 'id', 'name-field': 'name', indicators: `${HOSTILE}/lange-namen.csv` }, children);
      const changed = nextEvent<ThematicLayer>(element, 'sozialraum-thematic-change');
      if (spec) (element.querySelector('sozialraum-choropleth') as SozialraumChoropleth).spec = spec;
      const failed = nextEvent<SozialraumErrorDetail>(element, 'sozialraum-error').then(({ detail }) => Promise.reject(new Error(detail.message)));
      // A late error after the layer came is the afterEach's to report, not an unhandled rejection.
      failed.catch(() => undefined);
      await element.ready;
      await Promise.race([changed, failed]);
      return element;
    }

    /** An index of the one column of `lange-namen.csv` whose title and labels are `text`. */
    function specTitled(text: string): IndexSpec {
      return {
        ...HOSTILE_SPEC,
        title: text,
        indicators: [{ column: 'S1', label: text, direction: 'higher-is-need', domain: 'feld' }],
        domains: [{ id: 'feld', label: 'Feld' }],
        classification: { method: 'quantile', classes: 2, labels: ['niedrig', text] },
      } as IndexSpec;
    }

    async function hoverTooltip(element: SozialraumMap, id: string): Promise<HTMLElement> {
      const hovered = nextEvent<{ id: string }>(element, 'sozialraum-area-hover');
      await sendMouse({ type: 'move', position: pixelInside(element, id) });
      expect((await hovered).detail.id).to.equal(id);
      return element.shadowRoot!.querySelector<HTMLElement>('[part="tooltip"]')!;
    }

    it('names of 200,000 and 100,000 characters are cut with an ellipsis in tooltip and table and kept whole in their title', async () => {
      map = await longNamesMap('<sozialraum-choropleth indicator="S1"></sozialraum-choropleth><sozialraum-table></sozialraum-table>');
      const names = new Map(
        areasSource(map)
          .getFeatures()
          .map((feature) => [feature.getId() as string, feature.get('name') as string]),
      );
      expect(names.get('lang-200k')).to.have.length(200_000);
      expect(names.get('lang-100k')).to.have.length(100_000);
      const table = map.querySelector('sozialraum-table')!;
      await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const tableRoot = table.shadowRoot!;
      const short = tableRoot.querySelector('tr[data-id="kurz"]')!.getBoundingClientRect();
      for (const id of ['lang-200k', 'lang-100k']) {
        const row = tableRoot.querySelector(`tr[data-id="${id}"]`)!;
        const name = row.querySelector<HTMLElement>('th bdi')!;
        const cell = row.querySelector('th')!.getBoundingClientRect();
        console.log(`table, ${names.get(id)!.length} characters: name column ${Math.round(cell.width)} × ${Math.round(row.getBoundingClientRect().height)} px`);
        expect(cell.width, 'name column (px)').to.be.below(400);
        expect(row.getBoundingClientRect().height, 'row height (px)').to.be.at.most(short.height + 1);
        expect(getComputedStyle(name).textOverflow).to.equal('ellipsis');
        expect(name.scrollWidth, 'the name is cut').to.be.above(name.clientWidth);
        // Whole in the title, the text and the button's name.
        expect(name.title).to.equal(names.get(id));
        expect(name.textContent).to.equal(names.get(id));
        expect(row.querySelector('th button')!.getAttribute('aria-label')).to.contain(names.get(id));
      }
      expect(tableRoot.querySelector('table')!.getBoundingClientRect().width, 'table width (px)').to.be.below(1200);

      for (const id of ['lang-200k', 'lang-100k']) {
        const tooltip = await hoverTooltip(map, id);
        const box = tooltip.getBoundingClientRect();
        console.log(`tooltip, ${names.get(id)!.length} characters: ${Math.round(box.width)} × ${Math.round(box.height)} px`);
        expect(box.width, 'tooltip width (px)').to.be.below(450);
        expect(box.height, 'tooltip height (px)').to.be.below(80);
        expect(tooltip.querySelector('bdi')!.textContent).to.equal(names.get(id));
      }
    });

    it('a spec title of 200,000 characters keeps legend and table caption to a few lines', async () => {
      const title = 'Sozialindex '.repeat(16_667).slice(0, 200_000);
      map = await longNamesMap(
        '<sozialraum-choropleth></sozialraum-choropleth><sozialraum-legend></sozialraum-legend><sozialraum-table></sozialraum-table>',
        specTitled(title),
      );
      const legend = map.querySelector('sozialraum-legend')!;
      const table = map.querySelector('sozialraum-table')!;
      await (legend as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const caption = legend.shadowRoot!.querySelector('figcaption')!.getBoundingClientRect();
      const figure = legend.shadowRoot!.querySelector('figure')!.getBoundingClientRect();
      const tableCaption = table.shadowRoot!.querySelector('caption')!.getBoundingClientRect();
      console.log(
        `legend with a 200,000-character title: ${Math.round(figure.width)} × ${Math.round(figure.height)} px, title ${Math.round(caption.height)} px high; table caption ${Math.round(tableCaption.height)} px high`,
      );
      expect(figure.width, 'legend width (px)').to.be.below(400);
      expect(caption.height, 'legend title: at most three lines (px)').to.be.below(70);
      expect(tableCaption.height, 'table caption (px)').to.be.below(60);
      expect(legend.shadowRoot!.querySelector<HTMLElement>('figcaption bdi')!.title).to.equal(title);
    });

    it('a right-to-left override in a name or title ends with it in the tooltip, the table caption and the announcements', async () => {
      map = await longNamesMap('<sozialraum-choropleth></sozialraum-choropleth><sozialraum-table></sozialraum-table>', specTitled(SPOOF));

      // Tooltip: the key "spiegel" follows the name, left to right, and is not read backwards as "legeips".
      const tooltip = await hoverTooltip(map, 'spiegel');
      const name = tooltip.firstElementChild!;
      expect(name.textContent).to.equal(SPOOF);
      expect(readsAfter(tooltip, name, 'spiegel')).to.deep.equal({ inOrder: true, after: true });
      // The class line names the index and the class, the label isolated from the ": " before it.
      const klass = tooltip.querySelector('.class')!;
      expect(klass.textContent).to.equal(`\u2068${SPOOF}\u2069: \u2068${SPOOF}\u2069`);
      expect(readsAfter(klass, klass, ': ')).to.include({ inOrder: true });

      // Table: the caption's count follows the title in order; the name and the class label sit in <bdi>.
      const table = map.querySelector('sozialraum-table')!;
      await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const caption = table.shadowRoot!.querySelector('caption')!;
      expect(readsAfter(caption, caption.querySelector('bdi')!, '4 Gebiete')).to.deep.equal({ inOrder: true, after: true });
      const row = table.shadowRoot!.querySelector('tr[data-id="spiegel"]')!;
      expect(getComputedStyle(row.querySelector('th bdi')!).unicodeBidi).to.equal('isolate');

      // Announcement: name and key between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
      // The pointer leaves the map, so that the keyboard's step to "spiegel" is news.
      await sendMouse({ type: 'move', position: [0, 0] });
      map.selected = 'kurz';
      const viewport = map.shadowRoot!.querySelector<HTMLElement>('[part="map"]')!;
      viewport.focus();
      const hover = nextEvent<{ id: string }>(map, 'sozialraum-area-hover');
      await sendKeys({ press: 'ArrowLeft' });
      expect((await hover).detail.id).to.equal('spiegel');
      await map.updateComplete;
      expect(map.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!.textContent).to.contain(`\u2068${SPOOF}\u2069 (\u2068spiegel\u2069)`);
    });
  });

  describe('broken, truncated, huge and empty files', () => {
    async function expectRefused(areas: string, code: string, message: string | RegExp, name: string): Promise<SozialraumMap> {
      const element = createMap({ areas, 'id-field': 'id' });
      const failed = nextEvent<SozialraumErrorDetail>(element, 'sozialraum-error');
      await element.ready;
      const { detail } = await failed;
      expect(await timeoutDelay(), 'a timeout after the error fires late').to.be.below(1000);
      expect(detail.code).to.equal(code);
      expect(detail.source).to.equal(name);
      if (typeof message === 'string') expect(detail.message).to.equal(message);
      else expect(detail.message).to.match(message);
      await element.updateComplete;
      // The event carries the English message; the German page shows the same finding in German.
      expect(detail.language).to.equal('de');
      expect(alertText(element)).to.equal(`Die Gebiete aus „${name}“ konnten nicht geladen werden. ${detail.text}`);
      expect(areasSource(element).getFeatures()).to.have.length(0);
      return element;
    }

    async function expectGoodFileLoads(element: SozialraumMap, url = BERLIN): Promise<void> {
      const loaded = nextEvent<DataLoadDetail>(element, 'sozialraum-data-load');
      element.setAttribute('id-field', 'PLR_ID');
      element.setAttribute('areas', url);
      expect((await loaded).detail.areas).to.equal(542);
      await element.updateComplete;
      expect(alertText(element)).to.equal('');
      expect(areasSource(element).getFeatures()).to.have.length(542);
    }

    const cases: [string, string, string][] = [
      ['kaputt.geojson', 'parse-error', `kaputt.geojson: not valid JSON: Expected ',' or ']' after array element in JSON at position 331 (line 3 column 111)`],
      [
        'falsche-typen.geojson',
        'invalid-geometry',
        'falsche-typen.geojson: none of its 3 features is a drawable polygon (feature 1, key "a": a position is not a pair of finite numbers: ["13.35", "52.5"]; it is left out of the map)',
      ],
      [
        'abgeschnitten.fgb',
        'parse-error',
        'abgeschnitten.fgb: cannot read FlatGeobuf after 1 features: the file ends after 10000 bytes, inside feature 2 (4628 of its 5524 bytes are there); it may be truncated',
      ],
      [
        'riesig.geojson',
        'implausible-coordinates',
        'riesig.geojson: coordinates x -1e+300…1e+300, y -1e+300…1e+300 lie outside the valid range of EPSG:4326, first in feature 1; the file may name the wrong CRS or have x and y swapped',
      ],
      [
        'riesig-ohne-crs.geojson',
        'unknown-crs',
        'riesig-ohne-crs.geojson: the file names no coordinate reference system and its coordinates (x -1e+300…1e+300, y -1e+300…1e+300) are not longitude/latitude, first in feature 1; declare the CRS (for example EPSG:25832 or EPSG:25833)',
      ],
      [
        'leer.geojson',
        'invalid-geometry',
        'leer.geojson: none of its 3 features is a drawable polygon (feature 1, key "a": the geometry is empty; it is left out of the map)',
      ],
    ];
    for (const [name, code, message] of cases) {
      it(`${name}: ${message.slice(name.length + 2)}`, async () => {
        map = await expectRefused(`${HOSTILE}/${name}`, code, message, name);
        await expectGoodFileLoads(map);
      });
    }

    it('the Berlin FlatGeobuf cut in half names the feature where it ends, and the whole file loads after it', async () => {
      const bytes = new Uint8Array(await (await fetch(BERLIN_FGB)).arrayBuffer());
      const url = blobUrl(bytes.slice(0, bytes.length >> 1));
      const name = url.split('/').pop()!;
      map = await expectRefused(
        url,
        'parse-error',
        `${name}: cannot read FlatGeobuf after 254 features: the file ends after 1618532 bytes, inside feature 255 (2336 of its 5380 bytes are there); it may be truncated`,
        name,
      );
      await expectGoodFileLoads(map, BERLIN_FGB);
    });

    it('a FeatureCollection object whose features are no list is refused as the areas property', async () => {
      map = createMap({ 'id-field': 'id' });
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      map.areas = { type: 'FeatureCollection', features: { a: 1 } } as never;
      expect((await failed).detail).to.include({ code: 'not-a-feature-collection', source: 'areas' });
      await map.updateComplete;
      expect(alertText(map)).to.contain('areas: die FeatureCollection hat keine Liste „features“');
    });

    it('areas with a repeated key or a coordinate of 1e400 load with a warning naming the feature', async () => {
      map = createMap({ areas: `${HOSTILE}/doppelt.geojson`, 'id-field': 'id', 'name-field': 'name' });
      let loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
      await map.ready;
      let { detail } = await loaded;
      expect(detail.issues.map((entry) => entry.message)).to.deep.equal([
        'doppelt.geojson, feature 2, key "a": repeats the key of feature 1; keys must be unique',
      ]);
      await map.updateComplete;
      expect(alertText(map)).to.equal('');
      expect([...map.shadowRoot!.querySelectorAll('[part="warnings"] li')].map(text)).to.deep.equal([
        'doppelt.geojson, Objekt 2, Schlüssel „a“: wiederholt den Schlüssel von Objekt 1; Schlüssel müssen eindeutig sein',
      ]);

      loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
      map.removeAttribute('name-field');
      map.setAttribute('areas', `${HOSTILE}/unendlich.geojson`);
      ({ detail } = await loaded);
      expect(detail.areas).to.equal(1);
      expect(detail.issues.map((entry) => entry.message)).to.deep.equal([
        'unendlich.geojson, feature 1, key "a": a position is not a pair of finite numbers: [Infinity, 52.5]; it is left out of the map',
      ]);
    });

    it('draws every area it reports as loaded, also those with a repeated key', async () => {
      map = createMap({ areas: `${HOSTILE}/doppelt.geojson`, 'id-field': 'id' });
      const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
      await map.ready;
      const { detail } = await loaded;
      expect(areasSource(map).getFeatures()).to.have.length(detail.areas);
    });

    it('names an area with a repeated key in the table as the map does, after its first feature', async () => {
      map = createMap(
        { areas: `${HOSTILE}/names.geojson`, 'id-field': 'id', 'name-field': 'name', indicators: `${HOSTILE}/table.csv` },
        '<sozialraum-choropleth indicator="S1"></sozialraum-choropleth><sozialraum-table></sozialraum-table>',
      );
      const changed = nextEvent<ThematicLayer>(map, 'sozialraum-thematic-change');
      await map.ready;
      await changed;
      const table = map.querySelector('sozialraum-table')!;
      await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const row = [...table.shadowRoot!.querySelectorAll<HTMLElement>('tbody tr')].find((candidate) => candidate.dataset.id === 'x1')!;
      expect(text(row.querySelector('th button'))).to.equal(`${IMG}Kiez`);
    });

    describe('100 MB of garbage', function () {
      this.timeout(120_000);
      const SIZE = 100 * 1024 * 1024;

      async function refusedWhileResponsive(bytes: Uint8Array, code: string, message: (name: string) => string | RegExp): Promise<void> {
        const url = blobUrl(bytes);
        const name = url.split('/').pop()!;
        const { result: element, blocked } = await longestBlock(async () => expectRefused(url, code, message(name), name));
        map = element;
        // Fetching the blob and refusing it leave the page responsive; the longest block is measured, not guessed.
        console.log(`100 MB to <sozialraum-map areas>: ${alertText(element)} (event loop blocked at most ${Math.round(blocked)} ms)`);
        expect(blocked, 'longest block of the event loop (ms)').to.be.below(1000);
        await expectGoodFileLoads(map);
      }

      it('random bytes are refused by their first byte', async () => {
        await refusedWhileResponsive(
          seededBytes(SIZE, 42),
          'unknown-format',
          (name) => `${name}: is neither GeoJSON nor FlatGeobuf (it does not start with "{" or the bytes "fgb")`,
        );
      });

      it('"{" and random bytes are refused at the first control byte', async () => {
        const bytes = seededBytes(SIZE, 7);
        bytes[0] = 0x7b;
        await refusedWhileResponsive(
          bytes,
          'parse-error',
          (name) =>
            new RegExp(
              `^${name}: not valid JSON: byte \\d+ \\(line 1\\) is the control character 0x[0-9a-f]{2}, which JSON never holds; the file is binary or damaged, not GeoJSON$`,
            ),
        );
      });

      it('"{" and printable garbage are refused at the second character', async () => {
        const bytes = seededBytes(SIZE, 9);
        for (let index = 0; index < bytes.length; index += 1) bytes[index] = 0x20 + (bytes[index]! % 95);
        bytes[0] = 0x7b;
        bytes[1] = 0x21;
        await refusedWhileResponsive(
          bytes,
          'parse-error',
          (name) => `${name}: not valid JSON: Expected property name or '}' in JSON at position 1 (line 1 column 2)`,
        );
      });

      it('100 MB of "[" are refused at the 513th level instead of parsed for seconds', async () => {
        await refusedWhileResponsive(
          new Uint8Array(SIZE).fill(0x5b),
          'parse-error',
          (name) =>
            `${name}: not valid JSON: byte 513 (line 1) opens the 513th nested list or object; GeoJSON needs fewer than 20 levels, so the file is damaged or not GeoJSON`,
        );
      });

      it('100 MB of random bytes as the indicator table are refused as binary, and the areas stay', async () => {
        map = createMap({ areas: `${HOSTILE}/names.geojson`, 'id-field': 'id' });
        await map.ready;
        const url = blobUrl(seededBytes(SIZE, 11));
        const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
        const { result, blocked } = await longestBlock(async () => {
          map!.setAttribute('indicators', url);
          return (await failed).detail;
        });
        expect(result.code).to.equal('unknown-format');
        expect(result.message).to.match(/is binary data, not a CSV table: it holds the control character U\+00[0-1][0-9A-F]; save the table as CSV$/);
        expect(await timeoutDelay()).to.be.below(1000);
        console.log(`100 MB to <sozialraum-map indicators>: ${result.message} (event loop blocked at most ${Math.round(blocked)} ms)`);
        expect(blocked, 'longest block of the event loop (ms)').to.be.below(3000);
        // All five areas are drawn, the one repeating the key "x1" too.
        expect(areasSource(map).getFeatures()).to.have.length(5);
      });
    });
  });
});
