// Live population and checks: the residents of every area (from a Zensus grid in a worker, or a table column spread
// by area), updated for the areas a step touched; the validator's findings around each step; their panels.
import { html, nothing, type TemplateResult } from 'lit';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  fetchBytes,
  messageText,
  overlayAreas,
  parseNumber,
  populationOfGeometries,
  sourceName,
  topologyNeighbours,
  validateAreas,
  type AreaCollection,
  type AreaFeature,
  type CoverageFinding,
  type EditResult,
  type PopulationGrid,
} from '@sozialraum/core';
import { packAreas, transferables } from '@sozialraum/worker';
import type { EditorMessages } from './i18n.js';
import type { EditorRuntime } from './editor-runtime.js';
import { userText } from '@sozialraum/element';
import { sameGeometry } from './editor-model.js';

/** Areas more than this share off the target size are marked, as core's validator does by default. */
const BALANCE_TOLERANCE = 0.5;
export const LIST_LIMIT = 60;

export class LiveController {
  readonly r: EditorRuntime;
  population: Map<string, number> | undefined;
  findings: CoverageFinding[] = [];
  /** What the population comes from, as text in the language shown (the language can change after loading). */
  populationNote: (t: EditorMessages) => string = () => '';
  populationEstimated = false;
  populationOf: ((areas: { key: string; geometry: Polygon | MultiPolygon }[]) => Map<string, number>) | undefined;
  grid: PopulationGrid | undefined;
  checking = false;
  neighbours: Map<string, string[]> | undefined;
  /** The areas the last or current step touches, with their residents before and after. */
  rows: { key: string; before: number | undefined; after: number | undefined }[] = [];

  constructor(runtime: EditorRuntime) {
    this.r = runtime;
  }

  get minPopulation(): number {
    const value = Number(this.r.host.element.minPopulation);
    return Number.isFinite(value) ? value : 1000;
  }

  get targetPopulation(): number {
    const value = Number(this.r.host.element.targetPopulation);
    return Number.isFinite(value) && value > 0 ? value : 5000;
  }

  isFar(value: number): boolean {
    return Math.abs(value - this.targetPopulation) / this.targetPopulation > BALANCE_TOLERANCE;
  }

  // Population

  async loadPopulation(): Promise<void> {
    const element = this.r.host.element;
    if (element.grid) {
      const value = element.value?.trim() || 'Einwohner';
      const source = sourceName(element.grid);
      this.populationNote = (t) => t.populationLoading;
      this.r.host.requestUpdate();
      // Read in a worker, as the aggregator does; the pool falls back to the main thread where workers are not allowed.
      const pool = this.r.pool;
      try {
        const bytes = await fetchBytes(element.grid, { signal: this.r.host.signal });
        const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
        const zensus = await pool.run('zensus-grid', { bytes: buffer, source, value }, { signal: this.r.host.signal, transfer: [buffer] });
        const grid: PopulationGrid = { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata, estimated: zensus.estimated, source };
        this.grid = grid;
        this.populationOf = (areas) => populationOfGeometries(grid, areas, this.r.crs);
        this.populationNote = (t) => t.populationFromGrid(source, value);
        this.populationEstimated = zensus.estimated;
      } catch (error) {
        this.populationNote = (t) => t.populationFailed;
        this.r.host.emitError(error, source);
      }
    } else if (element.populationColumn) {
      const column = element.populationColumn;
      const join = this.r.state.join;
      const values = new Map<string, number>();
      const decimal = this.r.state.table?.decimalSeparator ?? '.';
      for (const [key, row] of join?.rowsByKey ?? []) {
        const value = row[column] === undefined ? null : parseNumber(row[column]!, decimal);
        if (value !== null) values.set(key, value);
      }
      const base = this.r.base;
      // Residents of a new shape: each original area's residents spread evenly over its area, summed over the overlap.
      this.populationOf = (areas) => {
        const target: AreaCollection = {
          source: 'edited',
          crs: this.r.crs,
          idField: 'key',
          nameField: undefined,
          features: areas.map(({ key, geometry }) => ({ type: 'Feature', properties: { key }, geometry })),
          ids: areas.map(({ key }) => key),
          issues: [],
        };
        const overlay = overlayAreas(base, target);
        const result = new Map<string, number>(areas.map(({ key }) => [key, 0]));
        for (const piece of overlay.pieces) {
          const total = overlay.sourceTotals.get(piece.source)?.area ?? 0;
          const value = values.get(piece.source);
          if (value !== undefined && total > 0) result.set(piece.target, result.get(piece.target)! + (value * piece.area) / total);
        }
        return result;
      };
      this.population = values;
      this.populationNote = (t) => t.populationFromTable(column);
      this.r.interactions.marksLayer.changed();
      return;
    } else {
      this.populationNote = (t) => t.populationNone;
      return;
    }
    this.recomputeAllPopulation();
  }

  recomputeAllPopulation(): void {
    if (!this.populationOf) return;
    const areas = this.r.editor.topology.areas.flatMap((area) => (area ? [{ key: area.key, geometry: this.r.editor.geometry(area.key)! }] : []));
    // Unchanged areas keep their table values; only a grid gives every area its value from geometry.
    if (this.grid || !this.population) this.population = this.populationOf(areas);
    else
      this.updatePopulation({
        label: '',
        changed: areas.map((area) => area.key).filter((key) => !this.r.base.ids.includes(key) || !sameGeometry(this.r.base, key, this.r.editor.geometry(key)!)),
        added: [],
        removed: [],
      });
    this.r.interactions.marksLayer.changed();
  }

  updatePopulation(result: EditResult): Map<string, number> {
    if (!this.populationOf || !this.population) return new Map();
    for (const key of result.removed) this.population.delete(key);
    const live = this.r.interactions.liveKeys();
    for (const key of [...this.population.keys()]) if (!live.has(key)) this.population.delete(key);
    const keys = [...new Set([...result.changed, ...result.added])].filter((key) => live.has(key));
    const fresh = this.populationOf(keys.map((key) => ({ key, geometry: this.r.editor.geometry(key)! })));
    for (const [key, value] of fresh) this.population.set(key, value);
    this.r.interactions.marksLayer.changed();
    return fresh;
  }

  // Checks

  validateOptions() {
    return {
      ...(this.population ? { population: this.population } : {}),
      minPopulation: this.minPopulation,
      targetPopulation: this.targetPopulation,
    };
  }

  /**
   * Checks the whole set in the worker. Steps taken while it runs are checked around them (validateAround), and
   * their findings replace those of the full check for the areas they touched, which the full check saw before the
   * step. A newer full check supersedes an older one still running.
   */
  async validateAll(): Promise<void> {
    if (this.r.host.signal.aborted) return;
    const generation = ++this.#generation;
    this.#touched = new Set();
    this.checking = true;
    this.r.host.requestUpdate();
    try {
      const collection = this.r.editor.toFeatureCollection();
      const idField = this.r.editor.topology.idField;
      const ids = collection.features.map((feature) => String(feature.properties![idField]));
      const areas = packAreas({
        source: 'edited',
        crs: this.r.crs,
        idField,
        nameField: undefined,
        features: collection.features as AreaFeature[],
        ids,
        issues: [],
      });
      const { population, ...limits } = this.validateOptions();
      const options = { ...limits, ...(population ? { population: [...population] } : {}) };
      const findings = await this.r.pool.run('validate', { areas, options }, { signal: this.r.host.signal, transfer: transferables(areas) });
      if (generation !== this.#generation) return;
      const touched = this.#touched;
      this.findings = [
        ...findings.filter((finding) => !finding.ids.some((id) => touched.has(id))),
        ...this.findings.filter((finding) => finding.ids.some((id) => touched.has(id))),
      ];
    } catch (error) {
      if (!this.r.host.signal.aborted) this.r.host.emitError(error);
    } finally {
      if (generation === this.#generation) {
        this.checking = false;
        this.#touched = undefined;
      }
      this.r.host.requestUpdate();
    }
  }

  #generation = 0;
  /** The areas steps touched while a full check runs; undefined when none runs. */
  #touched: Set<string> | undefined;

  /** Checks the changed areas and their neighbours, and replaces the findings that concerned them. */
  validateAround(keys: string[], removed: string[]): void {
    const neighbours = this.neighbourMap();
    const around = new Set(keys);
    for (const key of keys) for (const neighbour of neighbours.get(key) ?? []) around.add(neighbour);
    const collection = this.r.editor.toFeatureCollection();
    const idField = this.r.editor.topology.idField;
    const features = collection.features.filter((feature) => around.has(String(feature.properties![idField])));
    const ids = features.map((feature) => String(feature.properties![idField]));
    let local = validateAreas({ crs: this.r.crs, idField, features, ids }, this.validateOptions());
    // A subset of the areas can enclose an area outside it; such a "gap" is that area, not a gap.
    local = local.filter(
      (finding) => finding.type !== 'gap' || this.r.state.areasSource.getFeaturesAtCoordinate(this.r.interactions.toView(finding.location)).length === 0,
    );
    const concerned = new Set([...keys, ...removed]);
    for (const key of concerned) this.#touched?.add(key);
    this.findings = [
      ...this.findings.filter((finding) => !finding.ids.some((id) => concerned.has(id))),
      ...local.filter((finding) => finding.ids.some((id) => concerned.has(id))),
    ];
  }

  neighbourMap(): Map<string, string[]> {
    this.neighbours ??= topologyNeighbours(this.r.editor.topology);
    return this.neighbours;
  }

  showFinding(finding: CoverageFinding): void {
    const view = this.r.state.olMap.getView();
    const feature = finding.ids[0] ? this.r.state.areasSource.getFeatureById(finding.ids[0]) : null;
    const extent = feature?.getGeometry()?.getExtent();
    if (extent && finding.type !== 'gap' && finding.type !== 'overlap' && finding.type !== 'self-intersection')
      view.fit(extent, { padding: [40, 40, 40, 40], duration: 250 });
    else view.animate({ center: this.r.interactions.toView(finding.location), zoom: Math.max(view.getZoom() ?? 0, 14), duration: 250 });
    if (finding.ids[0] && feature) this.r.host.state()?.select(finding.ids[0]);
    this.r.interactions.showIndicator(this.r.interactions.toView(finding.location));
  }

  formatNumber(value: number | undefined, digits = 0, signed = false): string {
    if (value === undefined) return '–';
    // A formatter is made once per form: the marks list formats a number per area on every render.
    const locale = this.r.t.numberLocale;
    const key = `${locale} ${digits} ${signed}`;
    let format = this.#formats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, ...(signed ? { signDisplay: 'exceptZero' as const } : {}) });
      this.#formats.set(key, format);
    }
    return format.format(value);
  }

  readonly #formats = new Map<string, Intl.NumberFormat>();

  renderLive(): TemplateResult {
    const t = this.r.t;
    return html`<section part="live" class="live" aria-labelledby="live-title">
      <h3 id="live-title">${t.live}</h3>
      <p class="note">${this.populationNote(t)}${this.populationEstimated ? ` ${t.populationEstimated}` : ''}</p>
      ${
        this.rows.length === 0 || !this.population
          ? html`<p class="note">${t.liveEmpty}</p>`
          : html`<table>
            <thead>
              <tr><th scope="col">${t.area}</th><th scope="col" class="number">${t.residents}</th><th scope="col" class="number">${t.change}</th></tr>
            </thead>
            <tbody>
              ${this.rows.map(({ key, before, after }) => {
                const mark = after === undefined ? '' : after < this.minPopulation ? 'small' : this.isFar(after) ? 'far' : '';
                return html`<tr data-key=${key} class=${mark}>
                  <th scope="row">${userText(this.r.areaName(key) ?? key)} (${userText(key)})</th>
                  <td class="number">${this.formatNumber(after)}${mark ? html` <span class="visually-hidden">(${mark === 'small' ? t.small(this.formatNumber(this.minPopulation)) : t.far(this.formatNumber(this.targetPopulation))})</span>` : nothing}</td>
                  <td class="number">${after !== undefined && before !== undefined ? this.formatNumber(after - before, 0, true) : '–'}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
      }
    </section>`;
  }

  renderMarks(): TemplateResult {
    const t = this.r.t;
    const population = this.population;
    const small: [string, number][] = [];
    const far: [string, number][] = [];
    for (const [key, value] of population ?? []) {
      if (value < this.minPopulation) small.push([key, value]);
      else if (this.isFar(value)) far.push([key, value]);
    }
    small.sort((a, b) => a[1] - b[1]);
    far.sort((a, b) => Math.abs(b[1] - this.targetPopulation) - Math.abs(a[1] - this.targetPopulation));
    const entries = [...small.map((entry) => [...entry, 'small'] as const), ...far.map((entry) => [...entry, 'far'] as const)];
    return html`<section part="marks" class="marks" aria-labelledby="marks-title">
      <h3 id="marks-title">${t.marks} (${small.length} ${t.small(this.formatNumber(this.minPopulation))}, ${far.length} ${t.far(this.formatNumber(this.targetPopulation))})</h3>
      ${!population ? html`<p class="note">${this.populationNote(t)}</p>` : entries.length === 0 ? html`<p class="note">${t.marksNone}</p>` : nothing}
      <ul>
        ${entries.slice(0, LIST_LIMIT).map(
          ([key, value, kind]) => html`<li data-key=${key} class=${kind}>
            <button type="button" class="link" @click=${() => this.showFinding({ type: kind === 'small' ? 'small-population' : 'unbalanced', ids: [key], area_m2: 0, location: [0, 0], message: '', text: { en: '', de: '' } })}>${userText(this.r.areaName(key) ?? key)} (${userText(key)})</button>:
            ${this.formatNumber(value)} <span class="badge">${kind === 'small' ? t.small(this.formatNumber(this.minPopulation)) : t.far(this.formatNumber(this.targetPopulation))}</span>
          </li>`,
        )}
        ${entries.length > LIST_LIMIT ? html`<li>${t.findingsMore(entries.length - LIST_LIMIT)}</li>` : nothing}
      </ul>
    </section>`;
  }

  renderFindings(): TemplateResult {
    const t = this.r.t;
    // Population findings are listed with the marks; here the shape of the partition.
    const findings = this.findings.filter(
      (finding) => finding.type !== 'small-population' && finding.type !== 'unbalanced' && finding.type !== 'large-population',
    );
    return html`<section part="findings" class="findings" aria-labelledby="findings-title">
      <h3 id="findings-title">${t.findings} (${findings.length})</h3>
      ${this.checking ? html`<p class="note">${t.findingsChecking}</p>` : findings.length === 0 ? html`<p class="note">${t.findingsNone}</p>` : nothing}
      <ul>
        ${findings.slice(0, LIST_LIMIT).map(
          (finding) => html`<li data-type=${finding.type}>
            <button type="button" class="link" title=${messageText(finding, this.r.host.language())} @click=${() => this.showFinding(finding)}>${t.showFinding(t.findingTypes[finding.type] ?? finding.type, finding.ids.join(', '))}</button>
          </li>`,
        )}
        ${findings.length > LIST_LIMIT ? html`<li>${t.findingsMore(findings.length - LIST_LIMIT)}</li>` : nothing}
      </ul>
    </section>`;
  }
}
