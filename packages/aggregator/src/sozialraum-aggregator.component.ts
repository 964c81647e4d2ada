// <sozialraum-aggregator>: puts a Zensus grid or a GeoTIFF onto the Sozialräume of its <sozialraum-map> in workers,
// with progress and cancel, hands the results to the map's table, and offers them as a CSV download.
import { html, nothing, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ContextConsumer } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import {
  COVERAGE_METHODS,
  SozialraumError,
  decodeText,
  detectDelimiter,
  fetchBytes,
  assertGridText,
  message,
  messageText,
  normaliseCrsName,
  readGeoTiff,
  coverageIssues,
  screenCells,
  secretBytes,
  sourceName,
  stripBom,
  type AreaCollection,
  type CoverageMethod,
  type DataIssue,
  type Grid,
  type ProtectedAggregation,
  type ProtectedPoints,
  type RasterArray,
} from '@sozialraum/core';
import { SozialraumElement, isolate, sozialraumContext, type TableExtendDetail } from '@sozialraum/element';
import {
  AREA_STATISTICS,
  WorkerPool,
  aggregateAreas,
  areasExtent,
  packAreas,
  transferables,
  type AreaAggregate,
  type AreaStatisticName,
} from '@sozialraum/worker';
import { aggregatorMessages } from './i18n.js';
import { parseList, parseMethod, parseStats } from './attributes.js';
import { validMinCount, validMinPopulation } from './protection-options.js';
import { aggregatorStyles } from './sozialraum-aggregator.styles.js';

/** Detail of `sozialraum-aggregation-progress`. */
export interface AggregationProgressDetail {
  /** 'read' while the grid or raster loads (no count yet), 'aggregate' while areas are computed. */
  phase: 'read' | 'aggregate';
  /** Areas done and in all; 0 of 0 while reading. */
  done: number;
  total: number;
}

/**
 * Detail of `sozialraum-aggregation-complete`, and what `run()` resolves with. Its `columns`, `rows` (per area key,
 * the text of every new column: numbers with a decimal point, '' where there is no value) and `source` are also
 * sent to the map as `sozialraum-table-extend`.
 */
export interface AggregationResult extends TableExtendDetail {
  /** The grid column or the GeoTIFF band ("band 1") that was aggregated. */
  value: string;
  method: CoverageMethod;
  stats: AreaStatisticName[];
  /** The table column of each statistic: the first is `name`, the others `name_statistic`. */
  statColumns: Partial<Record<AreaStatisticName, string>>;
  /**
   * The statistics per area as computed, in the order of the map's areas; NaN where there is no value. These are
   * the numbers before disclosure control: what `rows` and `csv` publish has small counts withheld.
   */
  areas: AreaAggregate[];
  /**
   * Per area after disclosure control (core's protectAggregation, the same rules as `sozialraum aggregate`): flags
   * (`suppressed`, `estimated`, `small-population`, `near-duplicate-suppressed`) and notes that say why a value is
   * missing and whether the input was public or confidential. For points: core's protectPointAggregation.
   */
  disclosure: ProtectedAggregation | ProtectedPoints;
  /**
   * True for Zensus grids: their counts are perturbed or suppressed, so sums over areas are estimates. False for a
   * grid declared `confidential`: the office's own counts are exact.
   */
  estimated: boolean;
  /** Rows of the input that could not be used, each naming file and row. */
  issues: DataIssue[];
  /** True when the work ran on the page's main thread (`workers="0"`, or workers not allowed). */
  mainThread: boolean;
  /** The result as CSV text: the area key, one column per statistic, `flags` and `notes`; small counts withheld. */
  csv: string;
}

type RasterInput = { kind: 'file'; file: File } | { kind: 'grid'; url: string } | { kind: 'raster'; url: string } | { kind: 'points'; url: string };

interface LoadedRaster {
  key: readonly unknown[];
  tiff: boolean;
  grid: Grid;
  values: RasterArray;
  nodata: number | undefined;
  value: string;
  estimated: boolean;
  issues: DataIssue[];
}

const GRID_COLUMN = /^(gitter_id_|x_mp_|y_mp_)/i;
/** The CRS of the Zensus grid and of the rasters derived from it, assumed for the window until the file says otherwise. */
const DEFAULT_RASTER_CRS = 'EPSG:3035';

/**
 * Puts census grids and rasters onto the Sozialräume of the enclosing `<sozialraum-map>`: a Zensus grid CSV
 * (`grid`, with the column in `value`) or a GeoTIFF / Cloud Optimized GeoTIFF (`raster`, only the window under the
 * areas is read), or a file the user picks. The cells are shared out exactly by covered area (or by cell centre, or
 * every touched cell) in a pool of web workers; a progress bar runs and Cancel stops the workers. The results
 * join the map's table as new columns (through `sozialraum-table-extend`), so `<sozialraum-choropleth
 * indicator="…">` shows them at once, and they can be downloaded as CSV. Nothing is sent anywhere: files picked
 * from disk stay in the page.
 *
 * Workers load from `sozialraum-worker.js` next to `sozialraum.js` (or `aggregate.worker.js` of
 * `@sozialraum/worker`); the Content-Security-Policy must allow it with `worker-src 'self'`. Where workers are not
 * allowed the computation runs on the main thread with the same results.
 *
 * @summary Aggregates a Zensus grid or a GeoTIFF onto the Sozialräume in workers, with progress, cancel and CSV.
 *
 * @event {CustomEvent<AggregationProgressDetail>} sozialraum-aggregation-progress - Reading started, or more areas are done; rises to done = total.
 * @event {CustomEvent<AggregationResult>} sozialraum-aggregation-complete - The statistics of every area are ready.
 * @event {CustomEvent<TableExtendDetail>} sozialraum-table-extend - New columns for the map's table; the map adds them, so choropleth, table and profile see them.
 * @event {CustomEvent<SozialraumErrorDetail>} sozialraum-error - The grid or raster cannot be used (not found, not a Zensus grid, not a readable GeoTIFF, bad attribute); the message names the file.
 *
 * @csspart form - The form: file, characteristic or band, method, statistics, column name, start button.
 * @csspart start - The button that starts the computation (also with `auto`, to run again after a cancel).
 * @csspart progress - The progress bar with the count of areas and the Cancel button, while a computation runs.
 * @csspart cancel - The Cancel button.
 * @csspart status - The announcement of the finished or cancelled computation; after a cancel or a failure it names the result
 *   still shown, with the method that made it.
 * @csspart error - The message shown when the input cannot be used.
 * @csspart warnings - The notes on the result: rows of the input that could not be used, values withheld for confidentiality.
 * @csspart download - The link that downloads the result as CSV.
 *
 * @cssproperty [--sozialraum-font-family=system-ui, sans-serif] - Font of all text.
 * @cssproperty [--sozialraum-text-color=#1f2328] - Text colour.
 * @cssproperty [--sozialraum-text-muted-color=#57606a] - Colour of notes.
 * @cssproperty [--sozialraum-surface-color=#ffffff] - Background of form and messages.
 * @cssproperty [--sozialraum-border-color=#d0d7de] - Borders of form and fields.
 * @cssproperty [--sozialraum-focus-color=#0b5cad] - Buttons, progress bar and focus ring.
 * @cssproperty [--sozialraum-link-color=#0b5cad] - The download link.
 * @cssproperty [--sozialraum-error-color=#b3261e] - Accent of error messages.
 * @cssproperty [--sozialraum-spacing=0.5em] - Space between the parts.
 */
export class SozialraumAggregator extends SozialraumElement {
  static override styles = aggregatorStyles;

  static override properties = {
    grid: { type: String },
    raster: { type: String },
    points: { type: String },
    sum: { type: String },
    category: { type: String },
    value: { type: String },
    band: { type: Number },
    method: { type: String },
    stats: { type: String },
    name: { type: String },
    workers: { type: Number },
    minCount: { type: Number, attribute: 'min-count' },
    minPopulation: { type: Number, attribute: 'min-population' },
    confidential: { type: Boolean },
    secret: { attribute: false },
    auto: { type: Boolean },
    rasterCrs: { type: String, attribute: 'raster-crs' },
    lang: { type: String, reflect: true },
    file: { attribute: false },
    _progress: { state: true },
    _valueColumns: { state: true },
    _fileIsTiff: { state: true },
    _download: { state: true },
  };

  /** URL of a Zensus grid CSV (`GITTER_ID_100m` or `x_mp_100m`/`y_mp_100m`, semicolons, as published). */
  grid: string | undefined;
  /** URL of a GeoTIFF or Cloud Optimized GeoTIFF; only the window under the areas is read (HTTP range requests). */
  raster: string | undefined;
  /**
   * URL of a file of points (facilities, addresses): GeoJSON, FlatGeobuf, a GeoPackage (its layer by "#layer") or a
   * Shapefile (a .shp with its .shx, .dbf and .prj beside it, or a .zip), read and counted per area as
   * `sozialraum aggregate --points` does:
   * columns `count`, `sum` (of the property `sum`) and `count_<category>` (split by the property `category`).
   */
  points: string | undefined;
  /** With `points`: a numeric property to add up per area, e.g. `plaetze`. */
  sum: string | undefined;
  /** With `points`: a property to split the counts by, e.g. `traeger_art`. */
  category: string | undefined;
  /** Column of the grid CSV to aggregate, e.g. `Einwohner`; may be left out when the file has only one. */
  value: string | undefined;
  /** Band of the GeoTIFF, counted from 1. */
  band = 1;
  /** How cells are assigned to areas: `exact` (by covered share of each cell), `centre` (cell centre inside), `touched` (every cell touched, in full). */
  method = 'exact';
  /** Comma-separated statistics per area: `sum`, `density` (sum per km²), `mean`, `count`, `min`, `max`, `coverage`. */
  stats = 'sum';
  /** Name of the first statistic's column in the map's table (e.g. `EW_Zensus`); further statistics get `name_statistic`. Defaults to the grid column or the file name. */
  name: string | undefined;
  /** Number of workers; `0` computes on the main thread. Defaults to the number of cores less one. */
  workers: number | undefined;
  /**
   * Disclosure control: sums, minima and maxima above 0 and below this are withheld in the table and the download
   * (and the means and densities that would give them back), flagged `suppressed`. `0` turns it off, for rasters
   * that do not count people.
   */
  minCount = 3;
  /** Areas with fewer persons (the sum) than this are withheld whole, as `sozialraum aggregate --min-population` does. */
  minPopulation: number | undefined;
  /**
   * The grid or raster is the office's own confidential data, not a published grid (`--confidential` of the CLI).
   * Every row's notes say which it was. Counts are protected by suppression and the differencing guard, and with
   * `secret` perturbed by the cell-key method.
   */
  confidential = false;
  /**
   * The office's secret for cell-key perturbation of confidential counts (grids, rasters, points), as the bytes of the
   * file `sozialraum aggregate --secret` reads: the same secret gives the same noise as the command line. A property
   * only, never an attribute, so it stays out of the page's markup; meant for the office's internal pages.
   */
  secret: Uint8Array | undefined;
  /** Computes whenever an input changes (areas, file, attributes); otherwise the user starts it with the button. */
  auto = false;
  /** CRS of a GeoTIFF, used to cut the window of the areas before the file is read; the file's own GeoKeys win. Default EPSG:3035. */
  rasterCrs: string | undefined;
  /** A file chosen by the user (or set from a script): a Zensus grid CSV or a GeoTIFF; takes precedence over `grid` and `raster`. */
  file: File | undefined;

  private _progress: AggregationProgressDetail | undefined;
  private _valueColumns: string[] = [];
  private _fileIsTiff = false;
  private _download: { url: string; fileName: string } | undefined;

  readonly #state = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  #pool: WorkerPool | undefined;
  #loaded: LoadedRaster | undefined;
  #interrupted = false;
  /** The result whose columns the map holds now: a cancelled or failed run does not take them back. */
  #shown: AggregationResult | undefined;

  readonly #task = new Task(this, {
    task: async (
      [areas, input, value, band, method, stats, name, workers, rasterCrs, minCount, minPopulation, confidential, sum, category, key],
      { signal },
    ) => {
      if (!areas || !input) return initialState;
      if (key && !confidential) {
        // As `sozialraum aggregate` refuses --secret without --confidential: ignoring the secret would publish exact
        // counts to someone who believes them perturbed.
        throw new SozialraumError(
          'missing-value',
          message(
            'secret needs confidential: only confidential counts are perturbed; a published grid is public already',
            'secret braucht confidential: nur vertrauliche Zahlen werden überlagert; ein veröffentlichtes Gitter ist schon öffentlich',
          ),
          { source: this.localName, column: 'confidential' },
        );
      }
      const secret = key ? secretBytes(key, `${this.localName} secret`, 'secret.key') : undefined;
      if (input.kind === 'points') {
        const { aggregatePointsFile } = await import('./points.js');
        this.#progress({ phase: 'read', done: 0, total: 0 });
        const request = { areas, url: input.url, source: this.#sourceOf(input), sum, category, name, confidential, secret, signal };
        return aggregatePointsFile({
          ...request,
          minCount: validMinCount(minCount),
          minPopulation: validMinPopulation(minPopulation),
          language: this.language,
        });
      }
      const args = { areas, input, value, band, method, stats, name, workers, rasterCrs, minCount, minPopulation, confidential, secret };
      return this.#aggregate(args, signal);
    },
    args: () =>
      [
        this.#state.value?.areas,
        this.#input(),
        this.value,
        this.band,
        this.method,
        this.stats,
        this.name,
        this.workers,
        this.rasterCrs,
        this.minCount,
        this.minPopulation,
        this.confidential,
        this.sum,
        this.category,
        this.secret,
      ] as const,
    argsEqual: (a, b) => a.every((value, index) => sameArgument(value, b[index])),
    autoRun: false,
    onComplete: (result) => this.#completed(result),
    onError: (error) => {
      if (!isAborted(error)) this.#fail(error);
    },
  });

  /** The worker pool of the last computation, for diagnostics: `liveWorkers`, `onMainThread`, `fallbackReason`. */
  get pool(): WorkerPool | undefined {
    return this.#pool;
  }

  /** The result of the last finished computation, which map and table show; a later cancelled or failed run leaves it. */
  get result(): AggregationResult | undefined {
    return this.#shown;
  }

  /**
   * Computes now, whatever `auto` says. Resolves with the result; rejects with the error shown, or with an
   * 'aborted' SozialraumError when cancelled.
   */
  run(): Promise<AggregationResult> {
    if (!this.#state.value?.areas) return Promise.reject(new Error(`${this.localName}: the map has no areas loaded yet`));
    if (!this.#input()) return Promise.reject(new Error(`${this.localName}: no file is chosen and neither "grid" nor "raster" is set`));
    void this.#task.run();
    return this.#task.taskComplete as Promise<AggregationResult>;
  }

  /** Stops a running computation: its workers end at once and `run()` rejects as aborted. */
  cancel(): void {
    this.#task.abort(new DOMException('cancelled by the user', 'AbortError'));
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#task.autoRun = this.auto;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved within the page in the middle of a computation: the move cancelled it; with `auto` it starts again.
    if (this.#interrupted && this.auto) void this.#task.run();
    this.#interrupted = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#interrupted = this.#task.status === TaskStatus.PENDING;
    this.#task.abort(new DOMException(`${this.localName} was removed from the page`, 'AbortError'));
    this.#pool?.dispose();
    this.#pool = undefined;
    if (this._download) URL.revokeObjectURL(this._download.url);
    this._download = undefined;
  }

  override render(): unknown {
    const t = aggregatorMessages(this.language);
    const areas = this.#state.value?.areas;
    const input = this.#input();
    const running = this.#task.status === TaskStatus.PENDING;
    const error = this.#task.status === TaskStatus.ERROR ? this.#task.error : undefined;
    const cancelled = error !== undefined && isAborted(error);
    const result = this.result;
    const tiff = input?.kind === 'raster' || (input?.kind === 'file' && this._fileIsTiff);
    const chosenStats = new Set(parseList(this.stats));
    const progress = this._progress;
    // Rows of the input that could not be used, then what disclosure control withheld, in the element's language.
    const notes = result ? [...result.issues.map((entry) => messageText(entry, this.language)), ...result.disclosure.notes] : [];
    const percent = running && progress?.phase === 'aggregate' && progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : undefined;
    return html`
      <form part="form" @submit=${this.#onSubmit}>
        <fieldset ?disabled=${running}>
          <legend>${t.title}</legend>
          <label>
            ${t.file}
            <input type="file" accept=".csv,.txt,.tif,.tiff,text/csv,image/tiff" @change=${this.#onFile} />
          </label>
          ${
            tiff
              ? html`<label>${t.band} <input type="number" min="1" step="1" .value=${String(this.band)} @change=${this.#onBand} /></label>`
              : html`<label>
                  ${t.value}
                  <input type="text" list="value-columns" autocomplete="off" .value=${this.value ?? ''} @change=${this.#onValue} />
                </label>
                <datalist id="value-columns">${this._valueColumns.map((column) => html`<option value=${column}></option>`)}</datalist>`
          }
          <label>
            ${t.method}
            <select @change=${this.#onMethod}>
              ${COVERAGE_METHODS.map((method) => html`<option value=${method} ?selected=${method === this.method}>${t.methods[method]}</option>`)}
            </select>
          </label>
          <label>
            ${t.column}
            <input type="text" autocomplete="off" .value=${this.name ?? ''} placeholder=${ifDefined(this.#defaultName(input))} @change=${this.#onName} />
          </label>
          <fieldset class="stats">
            <legend>${t.statistics}</legend>
            ${AREA_STATISTICS.map(
              (name) => html`<label><input type="checkbox" value=${name} .checked=${chosenStats.has(name)} @change=${this.#onStat} />${t.stats[name]}</label>`,
            )}
          </fieldset>
          <p class="source">${input ? t.chosenSource(isolate(this.#sourceOf(input))) : t.noInput}${areas ? nothing : html` ${t.noAreas}`}</p>
          <button type="submit" part="start" ?disabled=${!areas || !input}>${t.start}</button>
        </fieldset>
      </form>
      ${
        running
          ? html`<div class="run" part="progress">
            <progress max="100" value=${ifDefined(percent)} aria-label=${t.progress}></progress>
            <span>${progress?.phase === 'aggregate' ? `${percent} % · ${t.computing(progress.done, progress.total)}` : input ? t.reading(isolate(this.#sourceOf(input))) : ''}</span>
            <button type="button" part="cancel" @click=${() => this.cancel()}>${t.cancel}</button>
          </div>`
          : nothing
      }
      <div class="status" part="status" role="status">
        ${cancelled ? html`<p>${t.cancelled}${result ? ` ${t.stillShown}` : ''}</p>` : nothing}${result && !running ? this.#renderResult(result) : nothing}
      </div>
      ${
        error !== undefined && !cancelled
          ? html`<div class="error" part="error" role="alert">
            <strong>${t.failed(input ? this.#sourceOf(input) : this.localName)}</strong>
            <p>${messageText(error, this.language)}</p>
          </div>`
          : nothing
      }
      ${
        notes.length > 0
          ? html`<details class="warnings" part="warnings">
            <summary>${t.warnings(notes.length)}</summary>
            <ul>
              ${notes.slice(0, 200).map((note) => html`<li>${note}</li>`)}
            </ul>
          </details>`
          : nothing
      }
      ${result && this._download ? html`<a part="download" href=${this._download.url} download=${this._download.fileName}>${t.download(isolate(this._download.fileName))}</a>` : nothing}
    `;
  }

  #renderResult(result: AggregationResult): unknown {
    const t = aggregatorMessages(this.language);
    const format = new Intl.NumberFormat(t.numberLocale, { maximumFractionDigits: 0 });
    // Over the areas shown only: the total of all would give a withheld sum back as the difference.
    const shown = result.disclosure.rows.filter((row) => typeof row.values.sum === 'number');
    const total = result.stats.includes('sum') ? shown.reduce((sum, row) => sum + row.values.sum!, 0) : undefined;
    const withheld = result.disclosure.rows.length - shown.length;
    return html`<p>${t.done(result.areas.length, isolate(result.source), t.methods[result.method])}</p>
      ${total === undefined ? nothing : html`<p class="note">${t.total(t.stats.sum, format.format(total))}${withheld > 0 ? ` ${t.withheld(withheld)}` : ''}</p>`}
      ${result.estimated ? html`<p class="note">${t.estimated}</p>` : nothing}
      ${result.mainThread ? html`<p class="note">${t.mainThread}</p>` : nothing}`;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The computation

  async #aggregate(
    args: {
      areas: AreaCollection;
      input: RasterInput;
      value: string | undefined;
      band: number;
      method: string;
      stats: string;
      name: string | undefined;
      workers: number | undefined;
      rasterCrs: string | undefined;
      minCount: number;
      minPopulation: number | undefined;
      confidential: boolean;
      secret: Uint8Array | undefined;
    },
    signal: AbortSignal,
  ): Promise<AggregationResult> {
    const { areas, input } = args;
    const source = this.#sourceOf(input);
    const method = parseMethod(args.method, this.localName);
    const stats = parseStats(args.stats, this.localName);
    const pool = this.#poolOfSize(args.workers);
    // Workers load while the data does.
    void pool.warm();
    this.#progress({ phase: 'read', done: 0, total: 0 });
    const loaded = await this.#load(input, areas, { value: args.value, band: args.band, rasterCrs: args.rasterCrs, pool, signal, source });
    // Negative cells, infinities and undeclared nodata codes are left out and named, as on the command line.
    const screened = screenCells(loaded.grid, loaded, { source, counts: args.minCount !== 0 });
    const raster = screened.excluded > 0 ? { ...loaded, values: screened.band.values as Float64Array, issues: [...loaded.issues, ...screened.issues] } : loaded;
    // The sum is computed even when not shown: a mean or a density is withheld when the sum it gives back is small.
    // The coverage is too: an area without cells with data is empty and flagged, never 0.
    const computed = [...new Set<AreaStatisticName>([...stats, 'sum', 'coverage'])];
    const computedAreas = await aggregateAreas(
      pool,
      { areas, raster, method, stats: computed, source },
      { signal, onProgress: (done, total) => this.#progress({ phase: 'aggregate', done, total }) },
    );
    const { aggregateCsv, aggregateTable } = await import('./protection-runtime.js');
    // A published Zensus grid holds estimates; a grid declared confidential is the office's own exact counts.
    const estimated = raster.estimated && !args.confidential;
    // The one protection pipeline of core (protectAggregation), as `sozialraum aggregate` runs it, in a worker: the
    // differencing guard weighs every area on the grid again. An unreadable min-count keeps the default rather than
    // turning the protection off.
    const packed = packAreas(areas);
    const values = raster.values.slice();
    const disclosure = await pool.run(
      'protect',
      {
        areas: packed,
        grid: raster.grid,
        values,
        nodata: raster.nodata,
        method,
        statistics: computedAreas.map((area) => ({
          id: area.id,
          values: Object.fromEntries(computed.map((statistic) => [statistic, area[statistic] ?? null])),
        })),
        protection: {
          minCount: validMinCount(args.minCount),
          minPopulation: validMinPopulation(args.minPopulation),
          estimated,
          confidential: args.confidential,
          language: this.language,
        },
        secret: args.secret,
      },
      { signal, transfer: [...transferables(packed), values.buffer as ArrayBuffer] },
    );
    const results = computedAreas.map((area) => {
      const shown: AreaAggregate = { id: area.id };
      for (const statistic of stats) shown[statistic] = area[statistic]!;
      return shown;
    });
    const name = args.name?.trim() || this.#defaultName(input, raster.value) || raster.value;
    const statColumns: Partial<Record<AreaStatisticName, string>> = {};
    stats.forEach((statistic, index) => {
      statColumns[statistic] = index === 0 ? name : `${name}_${statistic}`;
    });
    const columns = stats.map((statistic) => statColumns[statistic]!);
    const rows: Record<string, Record<string, string>> = {};
    for (const area of disclosure.rows) {
      rows[area.id] = Object.fromEntries(stats.map((statistic) => [statColumns[statistic]!, cellText(area.values[statistic])]));
    }
    const csv = aggregateCsv(
      aggregateTable(
        disclosure,
        stats.map((statistic) => ({ statistic, label: statColumns[statistic]! })),
        areas.idField,
      ),
    );
    return {
      columns,
      rows,
      source,
      value: raster.value,
      method,
      stats,
      statColumns,
      areas: results,
      disclosure,
      estimated,
      issues: [
        ...raster.issues,
        ...coverageIssues(
          computedAreas.map((area) => area.id),
          computedAreas.map((area) => area.coverage ?? Number.NaN),
          source,
        ),
      ],
      mainThread: pool.onMainThread,
      csv,
    };
  }

  /** The grid or raster, read once per input and kept while only method, statistics or name change. */
  async #load(
    input: RasterInput,
    areas: AreaCollection,
    options: { value: string | undefined; band: number; rasterCrs: string | undefined; pool: WorkerPool; signal: AbortSignal; source: string },
  ): Promise<LoadedRaster> {
    const { pool, signal, source } = options;
    const identity = input.kind === 'file' ? input.file : input.url;
    // A grid is kept per file and column; a raster window also depends on band, CRS and the areas it lies under.
    const gridKey = [identity, input.kind, options.value];
    const rasterKey = [identity, input.kind, options.band, options.rasterCrs, areas];
    const cached = this.#loaded;
    if (cached && sameKeys(cached.key, cached.tiff ? rasterKey : gridKey)) return cached;
    let bytes: Uint8Array | undefined;
    if (input.kind === 'file') bytes = new Uint8Array(await input.file.arrayBuffer());
    else if (input.kind === 'grid') bytes = await fetchBytes(input.url, { signal });
    if (signal.aborted) throw new SozialraumError('aborted', message('reading was cancelled', 'das Lesen wurde abgebrochen'), { source });
    const isTiff = input.kind === 'raster' || (bytes !== undefined && isTiffBytes(bytes));
    let loaded: LoadedRaster;
    if (isTiff) {
      const band = Number.isInteger(options.band) && options.band >= 1 ? options.band : 1;
      const assumed = normaliseCrsName(options.rasterCrs ?? DEFAULT_RASTER_CRS) ?? options.rasterCrs ?? DEFAULT_RASTER_CRS;
      const from: Uint8Array | string = bytes ?? (input as { url: string }).url;
      const read = (crs: string) => {
        const bbox = areasExtent(areas, crs);
        return readGeoTiff(from, { source, band, signal, ...(bbox ? { bbox } : {}) });
      };
      let raster;
      try {
        raster = await read(assumed);
      } catch (error) {
        if (error instanceof SozialraumError && error.code === 'no-match') {
          throw new SozialraumError(
            'no-match',
            message(
              `does not overlap the areas, whose extent was taken in ${assumed}; if the file uses another CRS, name it with the attribute raster-crs (${error.text.en})`,
              `überschneidet die Gebiete nicht, deren Ausdehnung in ${assumed} angenommen wurde; verwendet die Datei ein anderes Koordinatenreferenzsystem, ` +
                `geben Sie es mit dem Attribut raster-crs an (${error.text.de})`,
            ),
            { source },
            { cause: error },
          );
        }
        throw error;
      }
      // The window was cut in the assumed CRS; the file names its own, and that one counts.
      if (raster.grid.crs !== assumed) raster = await read(raster.grid.crs);
      loaded = {
        key: rasterKey,
        tiff: true,
        grid: raster.grid,
        values: raster.values,
        nodata: raster.nodata,
        value: `band ${band}`,
        estimated: false,
        issues: [],
      };
    } else {
      assertGridText(bytes!, source);
      const columns = csvHeader(bytes!);
      const candidates = columns.filter((column) => !GRID_COLUMN.test(column));
      this._valueColumns = candidates;
      const value = options.value?.trim() || (candidates.length === 1 ? candidates[0]! : undefined);
      if (!value) {
        throw new SozialraumError(
          'unknown-field',
          message(
            `name the column to aggregate (attribute value); the file has ${candidates.join(', ') || 'no value column'}`,
            `geben Sie die zu aggregierende Spalte an (Attribut value); die Datei hat ${candidates.join(', ') || 'keine Wertspalte'}`,
          ),
          { source },
        );
      }
      const whole = bytes!.byteOffset === 0 && bytes!.byteLength === bytes!.buffer.byteLength ? (bytes!.buffer as ArrayBuffer) : bytes!.slice().buffer;
      const zensus = await pool.run('zensus-grid', { bytes: whole, source, value }, { signal, transfer: [whole] });
      loaded = {
        key: gridKey,
        tiff: false,
        grid: zensus.grid,
        values: zensus.values,
        nodata: zensus.nodata,
        value,
        estimated: zensus.estimated,
        issues: zensus.issues,
      };
    }
    this.#loaded = loaded;
    return loaded;
  }

  #poolOfSize(workers: number | undefined): WorkerPool {
    const size = workers === undefined || !Number.isFinite(workers) ? undefined : Math.max(0, Math.floor(workers));
    if (this.#pool && (size === undefined || this.#pool.size === size)) return this.#pool;
    this.#pool?.dispose();
    this.#pool = new WorkerPool(size === undefined ? {} : { size });
    return this.#pool;
  }

  #progress(detail: AggregationProgressDetail): void {
    this._progress = detail;
    this.emit<AggregationProgressDetail>('sozialraum-aggregation-progress', detail);
  }

  #completed(result: AggregationResult): void {
    this.#shown = result;
    if (this._download) URL.revokeObjectURL(this._download.url);
    const blob = new Blob([`\ufeff${result.csv}`], { type: 'text/csv;charset=utf-8' });
    const fileName = `${(result.columns[0] ?? 'ergebnis').replace(/[^\p{L}\p{N}_.-]+/gu, '_')}.csv`;
    this._download = { url: URL.createObjectURL(blob), fileName };
    this.emit<TableExtendDetail>('sozialraum-table-extend', { columns: result.columns, rows: result.rows, source: result.source });
    this.emit<AggregationResult>('sozialraum-aggregation-complete', result);
  }

  #fail(error: unknown): void {
    const input = this.#input();
    this.emitError(error, input ? this.#sourceOf(input) : this.localName);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Inputs

  #input(): RasterInput | undefined {
    if (this.file) return { kind: 'file', file: this.file };
    if (this.grid) return { kind: 'grid', url: this.grid };
    if (this.raster) return { kind: 'raster', url: this.raster };
    if (this.points) return { kind: 'points', url: this.points };
    return undefined;
  }

  #sourceOf(input: RasterInput): string {
    return input.kind === 'file' ? input.file.name : sourceName(input.url);
  }

  #defaultName(input: RasterInput | undefined, value = this.value): string | undefined {
    if (!input) return undefined;
    const tiff = input.kind === 'raster' || (input.kind === 'file' && this._fileIsTiff);
    if (!tiff) return value?.trim() || undefined;
    const stem = this.#sourceOf(input).replace(/\.[^.]*$/, '');
    return this.band > 1 ? `${stem}_${this.band}` : stem;
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    // The outcome is shown in the element; the promise is for scripts.
    this.run().catch(() => undefined);
  }

  async #onFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    // Only the first bytes: whether it is a GeoTIFF, else the CSV header for the choice of column.
    const head = new Uint8Array(await file.slice(0, 65_536).arrayBuffer());
    this._fileIsTiff = isTiffBytes(head);
    if (!this._fileIsTiff) {
      this._valueColumns = csvHeader(head).filter((column) => !GRID_COLUMN.test(column));
      if (!this.value || !this._valueColumns.includes(this.value)) this.value = this._valueColumns[0];
    }
    this.file = file;
  }

  #onValue(event: Event): void {
    this.value = (event.target as HTMLInputElement).value.trim() || undefined;
  }

  #onBand(event: Event): void {
    const band = Number((event.target as HTMLInputElement).value);
    if (Number.isInteger(band) && band >= 1) this.band = band;
  }

  #onMethod(event: Event): void {
    this.method = (event.target as HTMLSelectElement).value;
  }

  #onName(event: Event): void {
    this.name = (event.target as HTMLInputElement).value.trim() || undefined;
  }

  #onStat(): void {
    const checked = [...this.renderRoot.querySelectorAll<HTMLInputElement>('fieldset.stats input:checked')].map((input) => input.value);
    this.stats = checked.join(',');
  }
}

/** File inputs are compared by identity, the other arguments by value (a new input object per call otherwise reruns). */
function sameArgument(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === 'object' && typeof b === 'object' && 'kind' in a && 'kind' in b) {
    const x = a as RasterInput;
    const y = b as RasterInput;
    return x.kind === y.kind && (x.kind === 'file' ? x.file === (y as { file: File }).file : x.url === (y as { url: string }).url);
  }
  return Object.is(a, b);
}

function sameKeys(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function isAborted(error: unknown): boolean {
  return (error instanceof SozialraumError && error.code === 'aborted') || (error instanceof DOMException && error.name === 'AbortError');
}

function isTiffBytes(bytes: Uint8Array): boolean {
  const [a, b, c, d] = bytes;
  return (a === 0x49 && b === 0x49 && (c === 0x2a || c === 0x2b) && d === 0) || (a === 0x4d && b === 0x4d && c === 0 && (d === 0x2a || d === 0x2b));
}

/** The column names of a CSV from its first line. */
function csvHeader(bytes: Uint8Array): string[] {
  const newline = bytes.indexOf(0x0a);
  const line = stripBom(decodeText(bytes.subarray(0, newline < 0 ? Math.min(bytes.length, 65_536) : newline))).replace(/\r$/, '');
  const delimiter = detectDelimiter(line);
  return line
    .split(delimiter)
    .map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

/** A number as a table cell: up to 12 significant digits, null for no value. */
function cellValue(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Number(value.toPrecision(12)) : null;
}

/** The same as text with a decimal point, '' for no value, for the table the map joins. */
function cellText(value: number | null | undefined): string {
  return String(cellValue(value) ?? '');
}
