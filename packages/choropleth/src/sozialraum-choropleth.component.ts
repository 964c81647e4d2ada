// <sozialraum-choropleth>: colours the areas of its <sozialraum-map> by one indicator or a composite index, with
// hatching for areas that are not rated and optional circles for absolute numbers.
import { css, html, nothing, type PropertyValues } from 'lit';
import { ContextConsumer } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import type Polygon from 'ol/geom/Polygon.js';
import type MultiPolygon from 'ol/geom/MultiPolygon.js';
import type { FeatureLike } from 'ol/Feature.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import {
  SozialraumError,
  message,
  messageText,
  bivariatePreset,
  columnLabel,
  computeBivariate,
  computeIndex,
  computeIndexYears,
  firstRowPerKey,
  decodeText,
  fetchBytes,
  indexPreset,
  indicatorSpec,
  localiseText,
  MISSING,
  numberColumn,
  textColumn,
  validateIndexSpec,
  type AreaIndexResult,
  type BivariateResult,
  type LocalisedText,
  type Table,
  type ClassificationSpec,
  type IndexResult,
  type IndexSpec,
  type YearIndexResult,
} from '@sozialraum/core';
import {
  SozialraumElement,
  areaKey,
  sozialraumContext,
  type BivariateAxis,
  type BivariateLayer,
  type CircleScale,
  type MapHost,
  type SozialraumState,
  type ThematicLayer,
} from '@sozialraum/element';
import { bivariateColours, isPaletteName, paletteColours, type PaletteName } from './palettes.js';
import { choroplethMessages } from './i18n.js';
import { areaOutlines, multiplesTemplate, type Outlines } from './multiples.js';

const CLASSIFICATION_METHODS = ['quantile', 'equal-interval', 'ckmeans', 'standard-deviation', 'manual'] as const;
type ClassificationMethod = (typeof CLASSIFICATION_METHODS)[number];

/**
 * Colours the areas of the enclosing `<sozialraum-map>` by one indicator of its table (`indicator`) or by a composite
 * index (`preset`, `spec` URL or `.spec`). Changing the indicator, spec, classification or palette restyles the areas
 * without reloading their geometry. Areas that are not rated (too few inhabitants, values missing) are hatched.
 * With `circles`, a proportional circle per area shows an absolute number next to the rate. With `multiples`, a table
 * of several years (a year column such as `jahr`, or columns such as `EW_2019`, `EW_2021`) is also drawn as one small
 * map per year below the map, classed by one set of breaks for all years so that a colour means the same in each.
 *
 * @summary Choropleth of an indicator or index on the map.
 *
 * @event {CustomEvent<ThematicLayer | null>} sozialraum-thematic-change - The result and class colours changed (for the page; the map shares them with legend, table and profile card through its host).
 * @event {CustomEvent<SozialraumErrorDetail>} sozialraum-error - The spec could not be loaded or does not fit the table; the message names the column or field.
 *
 * @csspart error - The message shown when the map cannot be computed.
 * @csspart multiples - The list of small maps, one per year (with `multiples`).
 * @csspart multiple - One small map with its year as caption.
 *
 * @cssproperty [--sozialraum-class-colors] - Comma-separated class colours, light to dark, replacing the palette (spread over the classes).
 * @cssproperty [--sozialraum-class-stroke=rgba(87, 96, 106, 0.55)] - Outline of the coloured areas.
 * @cssproperty [--sozialraum-hatch-color=#6e7781] - Colour of the hatching of areas that are not rated.
 * @cssproperty [--sozialraum-circle-color=rgba(31, 35, 40, 0.35)] - Fill of the proportional circles.
 */
export class SozialraumChoropleth extends SozialraumElement {
  static override properties = {
    indicator: { type: String },
    label: { type: String },
    mode: { type: String },
    preset: { type: String },
    specUrl: { type: String, attribute: 'spec' },
    spec: { attribute: false },
    classification: { type: String },
    classes: { type: Number },
    breaks: { type: String },
    palette: { type: String },
    circles: { type: String },
    missingValues: { type: String, attribute: 'missing-values' },
    multiples: { type: Boolean },
    lang: { type: String, reflect: true },
    _error: { state: true },
    _years: { state: true },
  };

  static override styles = css`
    .multiples {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin: 0.5rem 0;
      padding: 0;
      list-style: none;
    }
    figure {
      margin: 0;
      font: 0.8125rem var(--sozialraum-font-family, system-ui, sans-serif);
      color: var(--sozialraum-text-color, #1f2328);
      text-align: center;
    }
    svg {
      display: block;
      width: 10rem;
      height: auto;
    }
    path {
      stroke: var(--sozialraum-class-stroke, rgba(87, 96, 106, 0.55));
      stroke-width: 0.3;
      fill-rule: evenodd;
    }
    .hatch rect {
      fill: var(--sozialraum-surface-color, #ffffff);
    }
    .hatch line {
      stroke: var(--sozialraum-hatch-color, #6e7781);
      stroke-width: 1;
    }
  `;

  /** Column of the map's table to show as it is (e.g. `S4`). With `preset` or `spec`, its label, missing-value codes and validity rule come from there. */
  indicator: string | undefined;
  /**
   * `bivariate` crosses the classes of two indices (with a bivariate `preset` such as `mss-2021-status-dynamik`): one
   * colour per combination, a matrix legend, both classes in the table.
   */
  mode: string | undefined;
  /** Label of the `indicator` shown in legend and table, where neither the spec nor the toolkit knows the column. */
  label: string | undefined;
  /** Name of a built-in index spec: `mss-2021-status`, `mss-2021-dynamics`, `mss-2021-kontext`. */
  preset: string | undefined;
  /** URL of an index spec (JSON). */
  specUrl: string | undefined;
  /** An index spec object; takes precedence over `spec` and `preset`. */
  spec: IndexSpec | undefined;
  /** Overrides the spec's classification: `quantile`, `equal-interval`, `ckmeans`, `standard-deviation`, `manual`. */
  classification: string | undefined;
  /** Number of classes for quantile, equal-interval and ckmeans. */
  classes: number | undefined;
  /** Comma-separated breaks: values for `manual`, multiples of the SD for `standard-deviation`. */
  breaks: string | undefined;
  /** Colour palette: `pubu` (default), `blues`, `purples`, `oranges`, `ylgnbu`, `greys`, or diverging `puor`, `brbg`. */
  palette: string | undefined;
  /** Column of absolute numbers drawn as proportional circles (e.g. residents, or people in transfer receipt). */
  circles: string | undefined;
  /** Comma-separated cell values that mean "no value" for a single `indicator` without spec, e.g. `-9999`. */
  missingValues: string | undefined;
  /** Also draw one small map per year when the map's table holds several years. */
  multiples = false;

  private _error: unknown;
  private _years: YearIndexResult[] | undefined;
  #title = '';
  #outlines: { areas: unknown; outlines: Outlines } | undefined;

  readonly #state = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  readonly #byId = new Map<string, AreaIndexResult>();
  #colours: readonly string[] = [];
  /** The map whose area style this choropleth claimed, and how to give it back. */
  #styleClaim: { host: MapHost; release: () => void } | undefined;
  #circlesLayer: VectorLayer<VectorSource> | undefined;
  #hatch: CanvasPattern | string | undefined;
  /** One style per class (and for unrated areas), made again whenever colours change. */
  readonly #styles = new Map<string, Style>();
  #computedFor: unknown[] = [];

  readonly #specTask = new Task(this, {
    task: async ([spec, specUrl, preset, mode], { signal }): Promise<IndexSpec | undefined> => {
      if (spec) return validateIndexSpec(spec, 'spec');
      if (specUrl) {
        const bytes = await fetchBytes(specUrl, { signal });
        const source = specUrl.split(/[?#]/)[0]!.split('/').pop() ?? specUrl;
        let json: unknown;
        try {
          json = JSON.parse(decodeText(bytes));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new SozialraumError('parse-error', message(`not valid JSON: ${reason}`, `kein gültiges JSON: Syntaxfehler (${reason})`), { source });
        }
        return validateIndexSpec(json, source);
      }
      // A bivariate preset names two index specs; the bivariate mode reads it itself.
      if (preset && mode !== 'bivariate') return indexPreset(preset);
      return undefined;
    },
    args: () => [this.spec, this.specUrl, this.preset, this.mode] as const,
    onError: (error) => this.#fail(error),
  });

  get #m() {
    return choroplethMessages(this.language);
  }

  override render(): unknown {
    const error = this._error
      ? html`<div part="error" role="alert"><strong>${this.#m.computeFailed}</strong> ${messageText(this._error, this.language)}</div>`
      : nothing;
    const state = this.#state.value;
    if (!this._years || !state?.areas) return error;
    // The outlines depend on the areas only, so every year and every restyle reuses them.
    if (this.#outlines?.areas !== state.areas) this.#outlines = { areas: state.areas, outlines: areaOutlines(state.host.drawnAreas()) };
    const palette: PaletteName = this.palette && isPaletteName(this.palette) ? this.palette : 'pubu';
    const count = this._years[0]?.result.classes.length ?? 0;
    const colours = customClassColours(getComputedStyle(this), count) ?? paletteColours(palette, count);
    return html`${error}${multiplesTemplate(this.#outlines.outlines, this._years, colours, this.#title, this.#m)}`;
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#recompute();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#release();
  }

  /** Recomputes when the inputs changed since the last computation; cheap to call on every update. */
  #recompute(): void {
    const state = this.#state.value;
    const spec = this.#specTask.value;
    const inputs = [
      state?.areas,
      state?.table,
      state?.join,
      state?.allYears,
      state?.themeVersion,
      spec,
      this.indicator,
      this.label,
      this.mode,
      this.classification,
      this.classes,
      this.breaks,
      this.palette,
      this.circles,
      this.missingValues,
      this.multiples,
      this.language,
    ];
    if (inputs.length === this.#computedFor.length && inputs.every((value, index) => value === this.#computedFor[index])) return;
    if (this.#specTask.status === TaskStatus.PENDING) return; // a spec is loading; its completion updates again
    this.#computedFor = inputs;
    if (!state?.areas) return;
    if (!state.table || !state.join) {
      if (this.indicator || spec) {
        const missing = message(
          'the map has no indicator table (set its "indicators" attribute)',
          'die Karte hat keine Indikatorentabelle (setzen Sie ihr Attribut „indicators“)',
        );
        this.#fail(new SozialraumError('unknown-field', missing, { source: this.localName }));
      }
      return;
    }
    if (this.mode === 'bivariate') {
      this.#recomputeBivariate(state, state.table, state.join.keyColumn);
      return;
    }
    const effective = this.#effectiveSpec(spec);
    if (!effective) return;
    let result: IndexResult;
    let years: YearIndexResult[] | undefined;
    try {
      // The rows the map joined: a key's repeated rows, which its warnings name, are not rated a second time.
      result = computeIndex(firstRowPerKey(state.table, state.join.keyColumn), effective, { keyColumn: state.join.keyColumn, language: this.language });
      if (this.circles) numberColumn(state.table, this.circles);
      // The map shares the rows of the year it shows; the small multiples need every year, which it keeps apart.
      const allYears = state.allYears;
      years = this.multiples
        ? computeIndexYears(allYears?.table ?? state.table, effective, {
            keyColumn: state.join.keyColumn,
            language: this.language,
            ...(allYears?.layout.layout === 'long' ? { yearColumn: allYears.layout.yearColumn } : {}),
          })
        : undefined;
    } catch (error) {
      this.#fail(error);
      return;
    }
    // With small maps, the main map shows its year on the same scale and breaks, so an area has one colour per year.
    const sameYear = years?.find((entry) => entry.year === state.year);
    if (sameYear) result = sameYear.result;
    this._years = years;
    const paletteName: PaletteName = this.palette && isPaletteName(this.palette) ? this.palette : 'pubu';
    const colours = customClassColours(getComputedStyle(this), result.classes.length) ?? paletteColours(paletteName, result.classes.length);
    this.#show(state, result, localiseText(effective.title, this.language), colours);
  }

  /** The Status-Dynamik-Index and the like: two presets' classes crossed, one colour per combination. */
  #recomputeBivariate(state: SozialraumState, table: Table, keyColumn: string): void {
    let computed: BivariateResult;
    try {
      if (!this.preset)
        throw new SozialraumError('unknown-field', message('mode="bivariate" needs a bivariate preset', 'mode="bivariate" braucht eine bivariate Vorlage'), {
          source: this.localName,
        });
      computed = computeBivariate(firstRowPerKey(table, keyColumn), bivariatePreset(this.preset), { keyColumn, language: this.language });
    } catch (error) {
      this.#fail(error);
      return;
    }
    this._years = undefined;
    const { rows, columns, spec } = computed;
    const axis = (result: IndexResult, name: LocalisedText): BivariateAxis => ({
      name: localiseText(name, this.language),
      title: localiseText(result.spec.title, this.language),
      labels: result.classes.map((entry) => entry.label),
      values: new Map(result.areas.map((area) => [area.id, area.index])),
    });
    const colours = bivariateColours(rows.classes.length, columns.classes.length);
    this.#show(state, computed.combined, localiseText(spec.title, this.language), colours, {
      rows: axis(rows, spec.rowName),
      columns: axis(columns, spec.columnName),
      areas: computed.areas,
    });
  }

  /** Styles the areas by `result`, draws the circles, and shares the thematic layer through the map. */
  #show(state: SozialraumState, result: IndexResult, title: string, colours: readonly string[], bivariate?: BivariateLayer): void {
    this.#title = title;
    if (this._error !== undefined) this._error = undefined;
    this.#byId.clear();
    for (const area of result.areas) this.#byId.set(area.id, area);
    this.#hatch = undefined;
    this.#styles.clear();
    this.#colours = colours;
    this.#applyStyle(state);
    const circles = this.#updateCircles(state, result);
    const thematic: ThematicLayer = {
      kind: this.indicator && !bivariate ? 'indicator' : 'index',
      title,
      result,
      colours,
      circlesColumn: this.circles,
      circles,
      bivariate,
    };
    // Computed once here and shared downward by the map; the event only tells the page.
    state.host.showThematic(this, thematic);
    this.emit<ThematicLayer | null>('sozialraum-thematic-change', thematic);
  }

  #effectiveSpec(spec: IndexSpec | undefined): IndexSpec | undefined {
    let effective = spec;
    if (this.indicator) {
      const missingValues = (this.missingValues ?? '')
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean)
        .map(Number);
      effective = indicatorSpec(this.indicator, spec, missingValues);
      if (this.label) effective = { ...effective, title: this.label, indicators: effective.indicators.map((entry) => ({ ...entry, label: this.label! })) };
    }
    if (!effective) return undefined;
    const override = this.#classificationOverride(effective);
    return override ? { ...effective, classification: override } : effective;
  }

  #classificationOverride(spec: IndexSpec): ClassificationSpec | undefined {
    const method = this.classification as ClassificationMethod | undefined;
    if (!method && this.classes === undefined && !this.breaks) return undefined;
    const chosen = method && CLASSIFICATION_METHODS.includes(method) ? method : spec.classification.method;
    const breaks = this.breaks
      ?.split(',')
      .map((value) => Number(value.trim().replace(',', '.')))
      .filter((value) => Number.isFinite(value));
    const sameMethod = chosen === spec.classification.method;
    if (chosen === 'manual' || chosen === 'standard-deviation') {
      const given = breaks?.length ? breaks : sameMethod ? spec.classification.breaks : chosen === 'standard-deviation' ? [-1.5, -0.5, 0.5, 1.5] : undefined;
      return { method: chosen, ...(given ? { breaks: given } : {}), ...(sameMethod && !breaks?.length ? pickLabels(spec.classification) : {}) };
    }
    const classes = this.classes ?? (sameMethod ? spec.classification.classes : undefined) ?? 5;
    return { method: chosen, classes, ...(sameMethod && classes === spec.classification.classes ? pickLabels(spec.classification) : {}) };
  }

  #applyStyle(state: SozialraumState): void {
    const host = state.host;
    if (this.#styleClaim?.host !== host) {
      this.#styleClaim?.release();
      const styleOf = (feature: FeatureLike): Style => {
        const area = this.#byId.get(areaKey(feature));
        const key = !area ? 'none' : area.class === null ? 'unrated' : `class-${area.class}`;
        let style = this.#styles.get(key);
        if (!style) {
          style = this.#styleFor(area);
          this.#styles.set(key, style);
        }
        return style;
      };
      this.#styleClaim = { host, release: host.claimAreaStyle(this, styleOf) };
    }
    host.redrawAreas();
  }

  #styleFor(area: AreaIndexResult | undefined): Style {
    // A thin outline keeps the lightest class apart from the map background and from its neighbours.
    const outline = getComputedStyle(this).getPropertyValue('--sozialraum-class-stroke').trim() || 'rgba(87, 96, 106, 0.55)';
    const stroke = new Stroke({ color: outline, width: 0.6 });
    if (!area || area.class === null) {
      return new Style({ fill: new Fill({ color: this.#hatchPattern() }), stroke: new Stroke({ color: '#8c959f', width: 0.6 }) });
    }
    return new Style({ fill: new Fill({ color: this.#colours[area.class - 1] ?? '#cccccc' }), stroke });
  }

  /** Diagonal hatching for areas without a class, drawn once on a small canvas. */
  #hatchPattern(): CanvasPattern | string {
    if (this.#hatch) return this.#hatch;
    const colour = getComputedStyle(this).getPropertyValue('--sozialraum-hatch-color').trim() || '#6e7781';
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 8;
    const context = canvas.getContext('2d');
    if (!context) return (this.#hatch = 'rgba(110, 119, 129, 0.3)');
    context.fillStyle = getComputedStyle(this).getPropertyValue('--sozialraum-surface-color').trim() || '#ffffff';
    context.fillRect(0, 0, 8, 8);
    context.strokeStyle = colour;
    context.lineWidth = 1.25;
    context.beginPath();
    context.moveTo(0, 8);
    context.lineTo(8, 0);
    context.moveTo(-2, 2);
    context.lineTo(2, -2);
    context.moveTo(6, 10);
    context.lineTo(10, 6);
    context.stroke();
    return (this.#hatch = context.createPattern(canvas, 'repeat') ?? 'rgba(110, 119, 129, 0.3)');
  }

  /** Draws the circles and returns their scale for the legend's size key; undefined without circles. */
  #updateCircles(state: SozialraumState, result: IndexResult): CircleScale | undefined {
    if (this.#circlesLayer) {
      state.host.removeLayer(this, this.#circlesLayer);
      this.#circlesLayer = undefined;
    }
    if (!this.circles || !state.table || !state.join) return undefined;
    const { values, missing } = numberColumn(state.table, this.circles);
    const keys = textColumn(state.table, state.join.keyColumn);
    const valueById = new Map<string, number>();
    for (let row = 0; row < values.length; row += 1) {
      const value = values[row]!;
      if (missing[row] === MISSING.none && value > 0) valueById.set(keys[row]!.trim(), value);
    }
    const max = Math.max(0, ...valueById.values());
    if (max === 0) return undefined;
    const features: Feature<Point>[] = [];
    for (const area of state.host.drawnAreas()) {
      const id = area.key;
      const value = valueById.get(id);
      if (value === undefined || !result) continue;
      const geometry = area.geometry as Polygon | MultiPolygon;
      const point = geometry.getType() === 'Polygon' ? (geometry as Polygon).getInteriorPoint() : (geometry as MultiPolygon).getInteriorPoints();
      const feature = new Feature(new Point(point.getFirstCoordinate().slice(0, 2)));
      feature.setId(id);
      feature.set('value', value);
      features.push(feature);
    }
    const fill = getComputedStyle(this).getPropertyValue('--sozialraum-circle-color').trim() || 'rgba(31, 35, 40, 0.35)';
    // Circle area, not radius, is proportional to the number, so that readers compare quantities correctly.
    const maxRadius = 10;
    this.#circlesLayer = new VectorLayer({
      source: new VectorSource({ features }),
      properties: { name: 'sozialraum-circles' },
      // Large circles first, so that a small one beside a large one stays visible on top of it.
      renderOrder: (a, b) => Number(b.get('value')) - Number(a.get('value')),
      style: (feature) =>
        new Style({
          image: new Circle({
            radius: Math.max(1.5, maxRadius * Math.sqrt(Number(feature.get('value')) / max)),
            fill: new Fill({ color: fill }),
            stroke: new Stroke({ color: '#ffffff', width: 0.75 }),
          }),
        }),
    });
    state.host.addLayer(this, this.#circlesLayer);
    return { label: columnLabel(this.circles, this.language, result.spec).label, max, maxRadius };
  }

  #fail(error: unknown): void {
    this._error = error;
    this.emitError(error);
  }

  /** Gives the map back the area style, the circles and the thematic layer, and tells the page nothing is shown. */
  #release(): void {
    this.#styleClaim?.host.release(this);
    this.#styleClaim = undefined;
    this.#circlesLayer = undefined;
    if (this.#computedFor.length > 0) {
      this.#computedFor = [];
      this.parentElement?.dispatchEvent(new CustomEvent('sozialraum-thematic-change', { detail: null, bubbles: true, composed: true }));
    }
  }
}

/**
 * The class colours an embedder set with `--sozialraum-class-colors` (a comma-separated list, light to dark), spread
 * over `count` classes; undefined when the property is not set.
 */
function customClassColours(styles: CSSStyleDeclaration, count: number): string[] | undefined {
  const list = styles
    .getPropertyValue('--sozialraum-class-colors')
    .split(/,(?![^(]*\))/)
    .map((colour) => colour.trim())
    .filter(Boolean);
  if (list.length === 0 || count === 0) return undefined;
  if (count === 1) return [list[Math.floor((list.length - 1) / 2)]!];
  return Array.from({ length: count }, (_, index) => list[Math.round((index * (list.length - 1)) / (count - 1))]!);
}

function pickLabels(classification: ClassificationSpec): Pick<ClassificationSpec, 'labels' | 'equalTo'> {
  return {
    ...(classification.labels ? { labels: classification.labels } : {}),
    ...(classification.equalTo ? { equalTo: classification.equalTo } : {}),
  };
}
