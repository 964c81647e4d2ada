// What the editor's end-to-end tests share: the test page, steps done through the element's step() on the 542 Berlin
// Planungsräume, and the session read back (history, areas, undo to the state as loaded).
import type { Page } from 'playwright-core';

export type StepKind = 'rename' | 'split' | 'merge' | 'vertex' | 'mixed';

export interface SaveStatus {
  state: 'saved' | 'saving' | 'not-saved';
  editing: boolean;
  steps: number;
  committed: number;
  failure?: string;
}

/** The test page with its session under `key`; with `grid`, the editor reads the Zensus grid too. */
export function pageUrl(base: string, key: string, options: { grid?: boolean } = {}): string {
  return `${base}test/pages/editor-persist.html?key=${encodeURIComponent(key)}${options.grid ? '&grid' : ''}`;
}

/** Opens the page and waits until the editor has loaded and looked for saved work (`ready`, not `checked`). */
export async function openEditor(page: Page, base: string, key: string, options: { grid?: boolean } = {}): Promise<void> {
  await page.goto(pageUrl(base, key, options));
  await page.waitForFunction(() => customElements.get('sozialraum-editor') !== undefined);
  await page.evaluate(async () => {
    const editor = document.querySelector('sozialraum-editor') as HTMLElement & { ready: Promise<void> };
    await editor.ready;
  });
}

export function saveStatus(page: Page): Promise<SaveStatus> {
  return page.evaluate(() => (document.querySelector('sozialraum-editor') as unknown as { saveStatus: SaveStatus }).saveStatus);
}

/**
 * Does `count` steps of one kind (or all kinds in turn) as a script would, one animation frame apart; candidates the
 * model refuses (a line crossing an area twice, a vertex that would make a ring cross itself) are skipped. Resolves
 * with the labels of the steps and the save status right after the last.
 */
export function doSteps(page: Page, kind: StepKind, count: number, seed = 1): Promise<{ labels: string[]; status: SaveStatus }> {
  return page.evaluate(
    async ({ kind, count, seed }) => {
      type Area = { key: string; polygons: number[][][] };
      type Session = {
        topology: { arcs: ([number, number][] | null)[]; areas: (Area | null)[] };
        history: string[];
        geometry(key: string): { type: string; coordinates: unknown };
      };
      const editor = document.querySelector('sozialraum-editor') as unknown as { session: Session; step(request: unknown): boolean; saveStatus: SaveStatus };
      const session = editor.session;
      const arcIndex = (ref: number) => (ref < 0 ? ~ref : ref);
      const kinds = kind === 'mixed' ? ['rename', 'split', 'merge', 'vertex'] : [kind];
      const labels: string[] = [];
      let cursor = seed * 101;
      const request = (step: string, index: number): unknown => {
        const areas = session.topology.areas.filter((area): area is Area => area !== null);
        cursor += 1;
        const area = areas[(cursor * 37) % areas.length]!;
        if (step === 'rename') return { operation: 'rename', key: area.key, name: `Umbenannt ${index} „${area.key}“` };
        if (step === 'merge') {
          const arcs = new Set(area.polygons.flat(2).map(arcIndex));
          const other = areas.find((candidate) => candidate !== area && candidate.polygons.flat(2).some((ref) => arcs.has(arcIndex(ref))));
          return other ? { operation: 'merge', keys: [area.key, other.key] } : undefined;
        }
        if (step === 'split') {
          const geometry = session.geometry(area.key);
          const ring = (geometry.type === 'Polygon' ? (geometry.coordinates as number[][][])[0] : (geometry.coordinates as number[][][][])[0]![0])!;
          const xs = ring.map((position) => position[0]!);
          const ys = ring.map((position) => position[1]!);
          const y = (Math.min(...ys) + Math.max(...ys)) / 2 + 0.37;
          return {
            operation: 'split',
            key: area.key,
            line: [
              [Math.min(...xs) - 5, y],
              [Math.max(...xs) + 5, y + 0.5],
            ],
          };
        }
        const arc = area.polygons[0]![0]!.map((ref) => session.topology.arcs[arcIndex(ref)]).find((candidate) => candidate && candidate.length > 2);
        if (!arc) return undefined;
        const from = arc[Math.floor(arc.length / 2)]!;
        return { operation: 'vertex', from, to: [from[0] + 3.25, from[1] - 2.5] };
      };
      for (let index = 0; index < count; index += 1) {
        const step = kinds[index % kinds.length]!;
        let done = false;
        for (let attempt = 0; attempt < 80 && !done; attempt += 1) {
          const next = request(step, index);
          if (next) done = editor.step(next);
        }
        if (!done) throw new Error(`no ${step} step could be done`);
        labels.push(session.history.at(-1)!);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return { labels, status: editor.saveStatus };
    },
    { kind, count, seed },
  );
}

export interface RestoreCheck {
  prompt: boolean;
  /** Steps in the restored history. */
  history: string[];
  /** The restored areas equal the state the restored history leads to from the loaded areas (redo after undo). */
  historyMatchesAreas: boolean;
  /** Undoing every restored step gives the areas as loaded from the file, coordinates compared as JSON. */
  undoReachesLoaded: boolean;
  areaCount: number;
}

/** Restores the saved session (if the editor offers it) and checks it against its own history. */
export function restoreAndCheck(page: Page): Promise<RestoreCheck> {
  return page.evaluate(async () => {
    const editor = document.querySelector('sozialraum-editor') as unknown as HTMLElement & {
      session: { history: string[]; canUndo: boolean };
      toFeatureCollection(): { features: unknown[] };
      undo(): void;
      redo(): void;
      updateComplete: Promise<boolean>;
      saved: Promise<void>;
    };
    const loaded = JSON.stringify(editor.toFeatureCollection());
    const button = editor.shadowRoot!.querySelector<HTMLButtonElement>('.restore-button');
    if (!button)
      return { prompt: false, history: [], historyMatchesAreas: true, undoReachesLoaded: true, areaCount: editor.toFeatureCollection().features.length };
    const restored = new Promise((resolve) => editor.addEventListener('sozialraum-areas-change', resolve, { once: true }));
    button.click();
    await restored;
    const history = [...editor.session.history];
    const after = JSON.stringify(editor.toFeatureCollection());
    const areaCount = editor.toFeatureCollection().features.length;
    for (let i = 0; i < history.length; i += 1) editor.undo();
    const undoReachesLoaded = JSON.stringify(editor.toFeatureCollection()) === loaded && !editor.session.canUndo;
    for (let i = 0; i < history.length; i += 1) editor.redo();
    const historyMatchesAreas = JSON.stringify(editor.toFeatureCollection()) === after;
    await editor.saved;
    return { prompt: true, history, historyMatchesAreas, undoReachesLoaded, areaCount };
  });
}
