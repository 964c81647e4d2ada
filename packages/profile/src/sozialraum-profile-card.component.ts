// <sozialraum-profile-card>: the Steckbrief of one Sozialraum, drawn from an AreaProfile that core/profile computes:
// key figures, indicators against the city, sub-indices, time series, facilities within reach, notes and method.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ContextConsumer } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import {
  decodeText,
  fetchBytes,
  indexPreset,
  localiseText,
  readTable,
  sourceName,
  validateIndexSpec,
  type AreaProfile,
  type FacilityLayer,
  type IndexSpec,
  type PopulationGrid,
  type ProfileFlag,
  type ProfileIndicator,
  type ProfileSet,
  type Table,
  decimalSeparatorOption,
  deviationUnit,
  roundForDisplay,
} from '@sozialraum/core';
import { SozialraumElement, isolate, sozialraumContext, userText } from '@sozialraum/element';
import { absentText, profileMessages, type ProfileMessages } from './i18n.js';
import { profileCardStyles } from './sozialraum-profile-card.styles.js';
import { radarChart, sparkline, spineChart } from './charts.js';

/** Detail of `sozialraum-profile-export`. */
export interface ProfileExportDetail {
  format: 'png' | 'csv';
  filename: string;
  blob: Blob;
}

interface LoadedInputs {
  spec: IndexSpec | undefined;
  table: Table | undefined;
  facilities: FacilityLayer[];
  grid: PopulationGrid | undefined;
}

/**
 * The one-page profile (Steckbrief) of a Sozialraum: name, key, area, residents and index class; every indicator with
 * its value, the city value, the deviation, a spine chart of where the area stands among all areas, its rank and, where
 * the table has years, a small line and the change since the first year; the sub-indices as a radar chart with the city
 * mean as a ring; facilities inside the area and within a distance, with the share of residents within reach; notes on
 * withheld and estimated values and on rating; and the method of the index. Inside a `<sozialraum-map>` it follows the
 * selection (or shows `area-id`); anywhere, it draws the `AreaProfile` given as `.data`. It prints as one A4 page per
 * card and exports a PNG and a CSV of its numbers.
 *
 * @summary Profile (Steckbrief) of one Sozialraum, printable and exportable.
 *
 * @event {CustomEvent<AreaProfile | null>} sozialraum-profile-change - The card shows another area's profile, or none.
 * @event {CustomEvent<ProfileExportDetail>} sozialraum-profile-export - A PNG or CSV was made and offered for download; cancel it to handle the blob yourself.
 * @event {CustomEvent<SozialraumErrorDetail>} sozialraum-error - A file could not be loaded or the profile not computed; the message names the file or column.
 *
 * @csspart card - The whole card.
 * @csspart header - Name and key.
 * @csspart facts - Area, residents and index class.
 * @csspart indicators - The table of indicators.
 * @csspart domains - The radar chart of sub-indices, or the sentence saying why there is none.
 * @csspart facilities - The table of facilities.
 * @csspart flags - Notes on withheld, estimated and missing values.
 * @csspart method - The method note.
 * @csspart actions - The export buttons.
 *
 * @cssproperty [--sozialraum-font-family=system-ui, sans-serif] - Font.
 * @cssproperty [--sozialraum-text-color=#1f2328] - Text colour.
 * @cssproperty [--sozialraum-text-muted-color=#57606a] - Secondary text, axes.
 * @cssproperty [--sozialraum-surface-color=#ffffff] - Background of the card.
 * @cssproperty [--sozialraum-border-color=#d0d7de] - Rules and borders.
 * @cssproperty [--sozialraum-profile-accent-color=#54278f] - This area in the charts.
 * @cssproperty [--sozialraum-profile-city-color=#b35806] - The city value in the charts (dashed).
 * @cssproperty [--sozialraum-profile-range-color=#bcbddc] - The middle half of all areas in the spine charts.
 * @cssproperty [--sozialraum-profile-font-size=0.875rem] - Base font size on screen.
 */
export class SozialraumProfileCard extends SozialraumElement {
  static override styles = profileCardStyles;

  static override properties = {
    lang: { type: String, reflect: true },
    areaId: { type: String, attribute: 'area-id', reflect: true },
    data: { attribute: false },
    facilities: { type: String },
    populationGrid: { type: String, attribute: 'population-grid' },
    gridValue: { type: String, attribute: 'grid-value' },
    populationSource: { type: String, attribute: 'population-source' },
    distance: { type: Number },
    indicators: { type: String },
    keyField: { type: String, attribute: 'key-field' },
    decimal: { type: String },
    sheet: { type: String },
    headerRow: { type: Number, attribute: 'header-row' },
    yearField: { type: String, attribute: 'year-field' },
    preset: { type: String },
    specUrl: { type: String, attribute: 'spec' },
    spec: { attribute: false },
    minCount: { type: Number, attribute: 'min-count' },
  };

  /** Key of the area to show; without it the card follows the map's selection. */
  areaId: string | undefined;
  /** A profile computed beforehand (areaProfile in @sozialraum/core); takes precedence over the map. */
  data: AreaProfile | undefined;
  /**
   * Space-separated URLs of point layers (facilities): GeoJSON, FlatGeobuf, GeoPackage ("einrichtungen.gpkg#kitas"
   * for a layer), Shapefile (a .shp with its parts beside it, or a .zip). Each file's name (or layer) is its type, e.g.
   * kitas.geojson. Loaded once an area is shown.
   */
  facilities: string | undefined;
  /** URL of a Zensus grid CSV with residents, for the share of residents within reach of a facility. Loaded once an area is shown. */
  populationGrid: string | undefined;
  /** [gridValue='Einwohner'] Column of the grid CSV with residents. */
  gridValue: string | undefined;
  /** Where the grid's residents come from, for the note under the facilities (e.g. "Zensus 2011"); the file name otherwise. */
  populationSource: string | undefined;
  /** [distance=1500] Straight-line distance in metres for facilities near the area. */
  distance: number | undefined;
  /** URL of an indicator table of its own (CSV or Excel .xlsx, e.g. a long table with years); the map's table otherwise. */
  indicators: string | undefined;
  /** Column of that table with the area key; defaults to the map's key column. */
  keyField: string | undefined;
  /** Decimal separator of that table and of the grid, `.` or `,`; told from the cells when not set. */
  decimal: string | undefined;
  /** Sheet of an Excel table, by name or number (1 = the first); the first visible sheet when not set. */
  sheet: string | undefined;
  /** Row of an Excel sheet with the column names, as the spreadsheet numbers it; found when not set. */
  headerRow: number | undefined;
  /** Column with the year, for tables with one row per area and year: the card shows the latest year and the series. */
  yearField: string | undefined;
  /** A built-in index for the card (e.g. `mss-2021-status`); by default the index of the map's choropleth. */
  preset: string | undefined;
  /** URL of an index spec for the card. */
  specUrl: string | undefined;
  /** An index spec object for the card; takes precedence over `spec` and `preset`. */
  spec: IndexSpec | undefined;
  /** [minCount=3] Counts above 0 and below this are withheld. */
  minCount: number | undefined;

  readonly #state = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  #set: { inputs: unknown[]; set: ProfileSet | undefined } = { inputs: [], set: undefined };
  #shown: AreaProfile | null | undefined;
  #cache: { set: ProfileSet | undefined; id: string | null; profile: AreaProfile | null } = { set: undefined, id: null, profile: null };
  #failed = false;
  #placesWanted = false;
  /** Core's profile computations and the exports, loaded with the card's inputs (see profile-runtime.ts). */
  #runtime: typeof import('./profile-runtime.js') | undefined;

  readonly #inputs = new Task(this, {
    task: async ([facilities, grid, gridValue, table, spec, specUrl, preset, decimal, sheet, headerRow], { signal }): Promise<LoadedInputs> => {
      const separator = decimalSeparatorOption(decimal, 'decimal');
      const runtime = (this.#runtime ??= await import('./profile-runtime.js'));
      const text = async (url: string) => decodeText(await fetchBytes(url, { signal }));
      const loadedSpec = spec
        ? validateIndexSpec(spec, 'spec')
        : specUrl
          ? validateIndexSpec(parseJson(await text(specUrl), sourceName(specUrl)), sourceName(specUrl))
          : preset
            ? indexPreset(preset)
            : undefined;
      const layers = facilities?.trim() ? await (await import('./facility-layers.js')).loadFacilityLayers(facilities, signal) : [];
      const populationGrid = grid
        ? { ...runtime.readZensusGrid(await text(grid), { source: sourceName(grid), value: gridValue ?? 'Einwohner', ...separator }), source: sourceName(grid) }
        : undefined;
      const sheetOptions = { ...(sheet ? { sheet } : {}), ...(headerRow !== undefined && Number.isFinite(headerRow) ? { headerRow } : {}) };
      const ownTable = table ? await readTable(await fetchBytes(table, { signal }), { source: sourceName(table), ...separator, ...sheetOptions }) : undefined;
      return { spec: loadedSpec, table: ownTable, facilities: layers, grid: populationGrid };
    },
    // Facilities and the population grid serve one area's figures: they load once an area is to be shown, so a page
    // that never shows one never fetches them (megabytes on a city's portal).
    args: () => {
      const places = this.#areaWanted();
      return [
        places ? this.facilities : undefined,
        places ? this.populationGrid : undefined,
        this.gridValue,
        this.indicators,
        this.spec,
        this.specUrl,
        this.preset,
        this.decimal,
        this.sheet,
        this.headerRow,
      ] as const;
    },
    onError: (error) => {
      this.#failed = true;
      this.emitError(error);
    },
  });

  /** The profile the card shows now: `.data`, or the computed profile of the chosen or selected area. */
  get profile(): AreaProfile | null {
    if (this.data) return this.data;
    const set = this.#profileSet();
    const id = this.#areaId();
    if (!set || id === null) return null;
    if (this.#cache.set !== set || this.#cache.id !== id) this.#cache = { set, id, profile: this.#runtime!.areaProfile(set, id) ?? null };
    return this.#cache.profile;
  }

  /** Whether an area has been asked for (`area-id` or a selection on the map) since the card came: then it stays so. */
  #areaWanted(): boolean {
    this.#placesWanted ||= this.#areaId() !== null;
    return this.#placesWanted;
  }

  /** The area to show: `area-id`, else the map's selection. */
  #areaId(): string | null {
    return this.areaId ?? this.#state.value?.selectedId ?? null;
  }

  /** Computes the shared numbers once per set of inputs; undefined until everything needed is there. */
  #profileSet(): ProfileSet | undefined {
    const state = this.#state.value;
    const loaded = this.#inputs.value;
    if (!state?.areas || this.#inputs.status !== TaskStatus.COMPLETE || !loaded) return undefined;
    // The map's years: with a year column, the card takes the whole table for its series and shows the map's year.
    // On a level above the finest, the map's table is already that level's, of one year.
    const finest = state.levels.length === 0 || state.level === state.levels[0]?.id;
    const mapYears = !loaded.table && finest && state.allYears?.layout.layout === 'long' ? state.allYears : undefined;
    const table = loaded.table ?? mapYears?.table ?? state.table;
    const yearColumn = this.yearField ?? (mapYears?.layout.layout === 'long' ? mapYears.layout.yearColumn : undefined);
    const year = mapYears ? state.year : undefined;
    const thematic = state.thematic;
    const spec = loaded.spec ?? thematic?.result.spec;
    const parent = loaded.table ? undefined : state.parentLevel;
    const inputs = [
      state.areas,
      table,
      spec,
      thematic,
      loaded,
      this.keyField,
      yearColumn,
      year,
      parent,
      this.distance,
      this.minCount,
      this.language,
      this.populationSource,
    ];
    if (inputs.length === this.#set.inputs.length && inputs.every((value, index) => value === this.#set.inputs[index])) return this.#set.set;
    let set: ProfileSet | undefined;
    if (table && spec) {
      const ownResult = !loaded.spec && !loaded.table && !yearColumn && thematic ? thematic.result : undefined;
      try {
        set = this.#runtime!.prepareProfiles({
          areas: state.areas,
          table,
          keyColumn: this.keyField ?? (loaded.table ? state.areas.idField : (state.join?.keyColumn ?? state.areas.idField)),
          spec,
          ...(ownResult ? { result: ownResult } : {}),
          ...(yearColumn ? { yearColumn } : {}),
          ...(year !== undefined ? { year } : {}),
          ...(parent
            ? { parent: { label: parent.label, table: parent.table, keyColumn: parent.join.keyColumn, parentOf: parent.parentOf, names: parent.names } }
            : {}),
          facilities: loaded.facilities,
          ...(loaded.grid ? { populationGrid: { ...loaded.grid, source: this.populationSource ?? loaded.grid.source } } : {}),
          distance: this.distance ?? 1500,
          minCount: this.minCount ?? 3,
          language: this.language,
        });
        this.#failed = false;
      } catch (error) {
        this.#failed = true;
        this.emitError(error);
      }
    }
    this.#set = { inputs, set };
    return set;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const profile = this.profile;
    if (profile === this.#shown || (profile === null && this.#shown === undefined)) return;
    this.#shown = profile;
    this.emit<AreaProfile | null>('sozialraum-profile-change', profile);
  }

  override render(): unknown {
    const m = profileMessages(this.language);
    const profile = this.profile;
    if (!profile) {
      // Until an area is chosen, the card asks for one, whether or not its inputs are still loading.
      const loading = !this.data && this.#areaId() !== null && this.#inputs.status === TaskStatus.PENDING;
      return html`<article part="card" aria-live="polite"><p class="placeholder">${this.#failed ? m.failed : loading ? m.loading : m.none}</p></article>`;
    }
    return this.#card(profile, m);
  }

  #format(m: ProfileMessages, digits = 1): (value: number) => string {
    const format = new Intl.NumberFormat(m.numberLocale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
    return (value) => format.format(value).replace('-', '−');
  }

  #card(profile: AreaProfile, m: ProfileMessages): TemplateResult {
    const language = this.language;
    const one = this.#format(m, 1);
    const whole = this.#format(m, 0);
    const two = this.#format(m, 2);
    const headingId = `profile-${profile.id.replace(/[^\w-]/g, '_')}`;
    const footnotes = [...new Set(profile.indicators.map((indicator) => sourceLine(indicator, m)).filter((line): line is string => !!line))];
    const index = profile.index;
    return html`<article part="card" aria-labelledby=${headingId} lang=${language}>
      <header part="header">
        <h2 id=${headingId}>${userText(profile.name, true)}</h2>
        <span class="key">${m.key} ${userText(profile.id)}${profile.year !== undefined ? html` · ${m.year(profile.year)}` : nothing}</span>
      </header>
      <dl class="facts" part="facts">
        ${profile.areaKm2 === null ? nothing : html`<div><dt>${m.area}</dt><dd>${two(profile.areaKm2)} km²</dd></div>`}
        ${
          profile.population
            ? html`<div>
              <dt>${m.residents}</dt>
              <dd>
                ${profile.population.value === null ? absentText(m, profile.population) : whole(profile.population.value)}
                ${profile.population.date ? html`<span class="sub">${m.asOf(m.date(profile.population.date))}</span>` : nothing}
              </dd>
            </div>`
            : nothing
        }
        ${
          index
            ? html`<div>
              <dt>${userText(localiseText(index.title, language), true)}</dt>
              <dd>
                ${index.class === null || index.label === null ? m.notRated : m.indexClass(localiseText(index.label, language), index.class, index.classLabels.length)}
                <span class="sub">${index.value === null ? '' : `${m.index} ${two(index.value)}`}${index.rank === null ? '' : ` · ${m.rankOf(index.rank, index.ranked)}`}
                  <span class="method-link">· <a href="#method-${headingId}" @click=${(event: Event) => this.#openMethod(event, headingId)}>${m.methodLink}</a></span></span
                >
              </dd>
            </div>`
            : nothing
        }
      </dl>
      ${this.#indicators(profile, m, one, footnotes)}
      <div class="columns">
        ${this.#domains(profile, m, two)} ${this.#facilities(profile, m, whole, one)}
      </div>
      ${this.#flags(profile, m)}
      ${
        profile.method
          ? html`<details part="method" id=${`method-${headingId}`}>
            <summary>${m.method}: ${isolate(localiseText(profile.method.title, language))}</summary>
            <ul>
              ${profile.method.sentences[language].map((sentence) => html`<li>${sentence}</li>`)}
            </ul>
          </details>
          <p class="print-only notes">${m.method}: ${profile.method.sentences[language].join(' ')}</p>`
          : nothing
      }
      ${
        footnotes.length > 0
          ? html`<footer>
            ${m.sources}:
            <ol>
              ${footnotes.map((line) => html`<li>${line}</li>`)}
            </ol>
          </footer>`
          : nothing
      }
      <div class="actions" part="actions">
        <span>${m.export}:</span>
        <button type="button" title=${m.exportPngLabel(isolate(profile.name))} @click=${() => this.exportPng()}>${m.exportPng}</button>
        <button type="button" title=${m.exportCsvLabel(isolate(profile.name))} @click=${() => this.exportCsv()}>${m.exportCsv}</button>
      </div>
    </article>`;
  }

  #indicators(profile: AreaProfile, m: ProfileMessages, one: (value: number) => string, footnotes: string[]): TemplateResult | typeof nothing {
    if (profile.indicators.length === 0) return nothing;
    const whole = this.#format(m, 0);
    const language = this.language;
    const hasSeries = profile.indicators.some((indicator) => indicator.series.some((point) => point.value !== null));
    const methods = [...new Set(profile.indicators.map((indicator) => indicator.cityMethod))];
    // The table scrolls sideways in a narrow card; tabindex lets a keyboard user reach and scroll it.
    return html`<section part="indicators" aria-labelledby="indicators-heading" tabindex="0">
      <h3 id="indicators-heading">${m.indicators}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">${m.indicator}</th>
            <th scope="col" class="num">${m.value}</th>
            ${profile.parent ? html`<th scope="col" class="num">${userText(profile.parent.label)}<span class="change">${userText(profile.parent.name)}</span></th>` : nothing}
            <th scope="col" class="num">${m.city}</th>
            <th scope="col" class="num">${m.deviation}</th>
            <th scope="col">${m.position}</th>
            <th scope="col" class="num">${m.rank}</th>
            ${hasSeries ? html`<th scope="col">${m.trend}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${profile.indicators.map((indicator) => {
            // Labels are isolated but wrap whole: the table scrolls sideways, and a printed card keeps to one page.
            const label = localiseText(indicator.label, language);
            // A per-cent sign follows each number; a longer unit ("je 1.000") is said once, under the label.
            const unit = indicator.unit === '%' ? ' %' : '';
            const note = footnotes.indexOf(sourceLine(indicator, m) ?? '') + 1;
            const withUnit = (value: number) => `${one(value)}${unit}`;
            const counts =
              indicator.numerator !== null && indicator.denominator !== null ? `${whole(indicator.numerator)} / ${whole(indicator.denominator)}` : '';
            const detail = [indicator.unit && indicator.unit !== '%' ? indicator.unit : '', counts].filter(Boolean).join(' · ');
            return html`<tr>
              <th scope="row"><bdi>${label}</bdi>${note > 0 ? html`<sup>${note}</sup>` : nothing}${detail ? html`<span class="change">${detail}</span>` : nothing}</th>
              <td class="num">${indicator.value === null ? absentText(m, indicator) : withUnit(indicator.value)}${indicator.estimated ? html`<span class="change">${m.estimated}</span>` : nothing}</td>
              ${profile.parent ? html`<td class="num">${indicator.parentValue === null || indicator.parentValue === undefined ? '–' : withUnit(indicator.parentValue)}</td>` : nothing}
              <td class="num">${indicator.city === null ? '–' : withUnit(indicator.city)}</td>
              <td class="num">${indicator.deviation === null ? '–' : deviationText(roundForDisplay(indicator.deviation, 1), one, indicator.unit === '%' ? deviationUnit('%', language) : '')}</td>
              <td>${spineChart(indicator, label, withUnit, m.spine, m.noValue)}</td>
              <td class="num">${indicator.rank === null ? '–' : html`${indicator.rank}<span class="change"> / ${indicator.ranked}</span>`}</td>
              ${hasSeries ? html`<td>${this.#trend(indicator, label, m, one)}</td>` : nothing}
            </tr>`;
          })}
        </tbody>
      </table>
      <p class="legend">
        ${m.spineLegend} ${methods.map((method) => m.cityMethod[method]).join(' ')} ${m.rankNote}
      </p>
    </section>`;
  }

  #trend(indicator: ProfileIndicator, label: string, m: ProfileMessages, one: (value: number) => string): TemplateResult {
    const unit = indicator.unit === '%' ? ' %' : '';
    const points = indicator.series
      .filter((point) => point.value !== null)
      .map((point) => `${point.year}: ${one(point.value!)}${unit}`)
      .join(', ');
    if (!points) return html`<span class="change">${m.noSeries}</span>`;
    const change = indicator.change;
    return html`${sparkline(indicator.series, indicator.citySeries, m.series(label, points))}
      ${change ? html`<span class="change">${m.change(`${change.difference > 0 ? '+' : ''}${one(change.difference)}${indicator.unit === '%' ? ` ${m.percentagePoints}` : indicator.unit ? ` ${indicator.unit}` : ''}`, change.from)}</span>` : nothing}`;
  }

  #domains(profile: AreaProfile, m: ProfileMessages, two: (value: number) => string): TemplateResult {
    const language = this.language;
    const domains = profile.domains;
    if (domains.length < 3)
      return html`<section part="domains" class="wide"><h3>${m.domains}</h3><p class="legend">${m.fewDomains(domains.length)}</p></section>`;
    const labels = domains.map((domain) => localiseText(domain.label, language));
    const entries = domains
      .map((domain, index) =>
        m.domainValue(labels[index]!, domain.value === null ? m.noValue : two(domain.value), domain.cityMean === null ? m.noValue : two(domain.cityMean)),
      )
      .join('; ');
    return html`<section part="domains" aria-labelledby="domains-heading">
      <h3 id="domains-heading">${m.domains}</h3>
      ${radarChart(domains, labels, m.radar(entries))}
      <p class="legend">${m.radarLegend}</p>
    </section>`;
  }

  #facilities(profile: AreaProfile, m: ProfileMessages, whole: (value: number) => string, one: (value: number) => string): TemplateResult | typeof nothing {
    const facilities = profile.facilities;
    if (!facilities) return nothing;
    const language = this.language;
    const distance = facilities.distance >= 1000 ? `${one(facilities.distance / 1000)} km` : `${whole(facilities.distance)} m`;
    const withGrid = facilities.gridPopulation !== null || facilities.types.some((type) => type.reachableShare !== null);
    return html`<section part="facilities" class=${profile.domains.length < 3 ? 'wide' : ''} aria-labelledby="facilities-heading" tabindex="0">
      <h3 id="facilities-heading">${m.facilities}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">${m.facilityType}</th>
            <th scope="col" class="num">${m.inside}</th>
            <th scope="col" class="num">${m.within(distance)}</th>
            ${withGrid ? html`<th scope="col" class="num">${m.reachable(distance)}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${facilities.types.map(
            (type) => html`<tr>
              <th scope="row"><bdi>${localiseText(type.label, language)}</bdi></th>
              <td class="num">${type.inside}</td>
              <td class="num">${type.within}</td>
              ${withGrid ? html`<td class="num">${type.reachableShare === null ? (type.suppressed ? m.withheld : '–') : `${whole(type.reachableShare * 100)} %`}</td>` : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
      <p class="legend">${m.facilitiesNote(distance, facilities.crs, withGrid ? (facilities.gridSource ?? '') : '')}${withGrid && facilities.estimated ? ` (${m.estimated})` : ''}</p>
    </section>`;
  }

  #flags(profile: AreaProfile, m: ProfileMessages): TemplateResult {
    return html`<section part="flags" aria-labelledby="flags-heading">
      <h3 id="flags-heading">${m.flags}</h3>
      ${
        profile.flags.length === 0
          ? html`<p class="notes">${m.noFlags}</p>`
          : html`<ul class="flags notes">
            ${profile.flags.map((flag) => html`<li>${flagText(flag, m)}</li>`)}
          </ul>`
      }
    </section>`;
  }

  #openMethod(event: Event, headingId: string): void {
    event.preventDefault();
    const details = this.renderRoot.querySelector<HTMLDetailsElement>(`#method-${headingId}`);
    if (!details) return;
    details.open = true;
    details.querySelector('summary')?.focus();
  }

  /** Draws the profile as a PNG and offers it for download; resolves with the image. */
  async exportPng(): Promise<Blob | undefined> {
    const profile = this.profile;
    if (!profile) return undefined;
    const { drawProfile, fileName, pngBlob } = (this.#runtime ??= await import('./profile-runtime.js'));
    const m = profileMessages(this.language);
    const style = getComputedStyle(this);
    const colour = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const format = (value: number, digits = 1) => this.#format(m, digits)(value);
    const canvas = drawProfile(
      profile,
      m,
      this.language,
      {
        text: colour('--sozialraum-text-color', '#1f2328'),
        muted: colour('--sozialraum-text-muted-color', '#57606a'),
        accent: colour('--sozialraum-profile-accent-color', '#54278f'),
        city: colour('--sozialraum-profile-city-color', '#b35806'),
        range: colour('--sozialraum-profile-range-color', '#bcbddc'),
        surface: colour('--sozialraum-surface-color', '#ffffff'),
      },
      format,
    );
    const blob = await pngBlob(canvas);
    this.#offer({ format: 'png', filename: fileName(profile, 'png'), blob });
    return blob;
  }

  /** Writes the profile's numbers as CSV (withheld values empty, formulas guarded) and offers it for download. */
  async exportCsv(): Promise<Blob | undefined> {
    const profile = this.profile;
    if (!profile) return undefined;
    const { csvBlob, fileName } = (this.#runtime ??= await import('./profile-runtime.js'));
    const blob = csvBlob(profile, this.language);
    this.#offer({ format: 'csv', filename: fileName(profile, 'csv'), blob });
    return blob;
  }

  #offer(detail: ProfileExportDetail): void {
    if (this.emit<ProfileExportDetail>('sozialraum-profile-export', detail, { cancelable: true })) this.#runtime?.download(detail.blob, detail.filename);
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A flag in words. Withheld and estimated values are described from their columns only: the notes of disclosure
 * control repeat them in English. The index's validity notes ("EW 110 under 300") are given as the table gives them.
 */
function flagText(flag: ProfileFlag, m: ProfileMessages): string {
  const columns = flag.columns.map((column) => (column === 'facilities' ? m.reachability : column)).join(', ');
  if (flag.kind === 'invalid' || flag.kind === 'missing') return `${m.flag[flag.kind](columns)}${flag.notes.length > 0 ? ` (${flag.notes.join('; ')})` : ''}`;
  return m.flag[flag.kind](columns);
}

/** "Source, date" of an indicator for the footnotes. */
function sourceLine(indicator: ProfileIndicator, m: ProfileMessages): string | undefined {
  if (!indicator.source && !indicator.date) return undefined;
  return [indicator.source, indicator.date ? m.asOf(m.date(indicator.date)) : ''].filter(Boolean).join(', ');
}

/** A deviation from the city with its sign; a rate's in percentage points, since it is a difference of percentages. */
function deviationText(value: number, one: (value: number) => string, unit: string): string {
  return `${value > 0 ? '+' : ''}${one(value)}${unit ? ` ${unit}` : ''}`;
}
