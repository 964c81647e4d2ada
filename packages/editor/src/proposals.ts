// Versions and comments: named states of the areas, adopting one as a step, comparing two with what moved between
// areas and carrying a column of the map's table through the comparison; comments on areas and pins on the map.
import { html, nothing, type TemplateResult } from 'lit';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import type { FeatureCollection } from 'geojson';
import {
  carryChoices as carryChoicesOf,
  carryComparison,
  message,
  overlayAreas,
  SozialraumError,
  topologyToFeatureCollection,
  type AreaCollection,
  type CarryChoice,
  type ComparisonCarry,
  type CrosswalkOverlay,
  type IndexSpec,
  type Table,
  type Topology,
  type TopologyPatch,
} from '@sozialraum/core';
import type { Language } from '@sozialraum/element';
import type { EditorComment, EditorVersion } from './storage.js';
import type { VersionSaveDetail } from './sozialraum-editor.component.js';
import type { EditorRuntime, VersionComparison } from './editor-runtime.js';
import { isolate, userText } from '@sozialraum/element';

export class ProposalsController {
  readonly r: EditorRuntime;
  comparison: VersionComparison | undefined;
  /** What the last comparison measured, for carrying indicators through it. */
  compared: { overlay: CrosswalkOverlay | undefined; firstIds: string[]; secondIds: string[]; changed: string[] } | undefined;
  carried: ComparisonCarry | undefined;
  choices: { table: Table; spec: IndexSpec | undefined; language: Language; choices: CarryChoice[] } | undefined;
  pendingPin: [number, number] | undefined;
  readonly pinPreview = new Feature<Point>();

  constructor(runtime: EditorRuntime) {
    this.r = runtime;
    this.pinPreview.set('kind', 'pin-preview');
  }

  // Versions and comparison

  async saveVersion(name?: string): Promise<void> {
    const title = name?.trim() || this.r.t.versionDefault(this.r.versions.length + 1);
    const version: EditorVersion = { name: title, savedAt: new Date().toISOString(), topology: structuredClone(this.r.editor.topology) };
    this.r.versions = [...this.r.versions, version];
    this.r.session.recordMeta('versions');
    this.r.announce(this.r.t.versionSaved(title));
    this.r.host.emit<VersionSaveDetail>('sozialraum-version-save', { name: title, savedAt: version.savedAt, areas: this.r.interactions.liveKeys().size });
    if (this.r.editor.canUndo) this.pushToMap();
    this.r.host.requestUpdate();
    await this.r.session.saved;
  }

  /**
   * Gives the map the edited areas as its `areas`, so that its own property (and what it shares with the table and
   * choropleth as `state.areas`) matches what the user saved or exported. The map reloads and fits its view to the
   * areas; the view the user was looking at is put back once the map has drawn them.
   */
  pushToMap(): void {
    const map = this.r.map as (HTMLElement & { areas?: FeatureCollection }) | null;
    if (!map) return;
    const view = this.r.state.olMap.getView();
    const [center, resolution] = [view.getCenter(), view.getResolution()];
    map.addEventListener(
      'sozialraum-data-load',
      () => {
        if (center) view.setCenter(center);
        if (resolution) view.setResolution(resolution);
      },
      { once: true, signal: this.r.host.signal },
    );
    map.areas = this.r.exchange.toFeatureCollection();
  }

  /**
   * Makes a saved version the current state, as one undoable step: a patch from the current arcs and areas to the
   * version's, so that undo gives back exactly what was there.
   */
  adoptVersion(name: string): void {
    const version = this.r.versions.find((candidate) => candidate.name === name);
    if (!version) return;
    const current = this.r.editor.topology;
    const target = structuredClone(version.topology);
    const entries = <T>(before: readonly T[], after: readonly T[]): [number, T | null, T | null][] => {
      const result: [number, T | null, T | null][] = [];
      for (let i = 0; i < Math.max(before.length, after.length); i += 1) {
        const [a, b] = [before[i] ?? null, after[i] ?? null];
        if (JSON.stringify(a) !== JSON.stringify(b)) result.push([i, a, b]);
      }
      return result;
    };
    const patch: TopologyPatch = {
      label: `adopt version "${name}"`,
      text: message(`adopt version "${name}"`, `Fassung „${name}“ übernommen`),
      arcs: entries(current.arcs, target.arcs),
      areas: entries(current.areas, target.areas),
      arcCount: [current.arcs.length, target.arcs.length],
      areaCount: [current.areas.length, target.areas.length],
    };
    this.r.run('adopt', () => this.r.editor.apply(patch));
  }

  compare(from: string | null, to: string | null): VersionComparison | undefined {
    const topologyOf = (name: string | null): Topology | undefined =>
      name === null ? this.r.editor.topology : this.r.versions.find((version) => version.name === name)?.topology;
    const a = topologyOf(from);
    const b = topologyOf(to);
    if (!a || !b) return undefined;
    const collectionOf = (topology: Topology, name: string): AreaCollection => {
      const features = topologyToFeatureCollection(topology).features;
      return {
        source: name,
        crs: topology.crs,
        idField: topology.idField,
        nameField: topology.nameField,
        features,
        ids: features.map((feature) => String(feature.properties![topology.idField])),
        issues: [],
      };
    };
    const fromName = from ?? this.r.t.current;
    const toName = to ?? this.r.t.current;
    const first = collectionOf(a, fromName);
    const second = collectionOf(b, toName);
    const signature = (collection: AreaCollection) =>
      new Map(collection.features.map((feature, index) => [collection.ids[index]!, JSON.stringify(feature.geometry)]));
    const properties = (collection: AreaCollection) =>
      new Map(collection.features.map((feature, index) => [collection.ids[index]!, JSON.stringify(feature.properties)]));
    const [before, after] = [signature(first), signature(second)];
    const [namesBefore, namesAfter] = [properties(first), properties(second)];
    const candidates = [...new Set([...before.keys(), ...after.keys()])].filter(
      (key) => before.get(key) !== after.get(key) || namesBefore.get(key) !== namesAfter.get(key),
    );
    const candidateSet = new Set(candidates);
    const subset = (collection: AreaCollection): AreaCollection => {
      const indices = collection.ids.flatMap((id, index) => (candidateSet.has(id) ? [index] : []));
      return { ...collection, features: indices.map((index) => collection.features[index]!), ids: indices.map((index) => collection.ids[index]!) };
    };
    // Only areas whose coordinates differ can have given or taken area; the overlay of those alone is exact and fast.
    const overlay = candidates.length > 0 ? overlayAreas(subset(first), subset(second), this.r.live.grid ? { population: this.r.live.grid } : {}) : undefined;
    // A neighbour of a split gains a vertex where the line met its edge, without changing shape: the same area in
    // both versions and all of it overlapping itself is no change.
    const same = (key: string) => {
      if (namesBefore.get(key) !== namesAfter.get(key)) return false;
      const a = overlay?.sourceTotals.get(key)?.area;
      const b = overlay?.targetTotals.get(key)?.area;
      const self = overlay?.pieces.find((piece) => piece.source === key && piece.target === key)?.area;
      if (a === undefined || b === undefined || self === undefined) return false;
      const tolerance = 0.01 + 1e-9 * a;
      return Math.abs(a - b) <= tolerance && Math.abs(a - self) <= tolerance;
    };
    const changed = candidates.filter((key) => !same(key));
    const changedSet = new Set(changed);
    const moved = (overlay?.pieces ?? [])
      .filter((piece) => piece.source !== piece.target && piece.area > 0.01)
      .map((piece) => ({
        from: piece.source,
        to: piece.target,
        area_m2: piece.area,
        ...(piece.population !== undefined ? { residents: piece.population } : {}),
      }))
      .sort((x, y) => y.area_m2 - x.area_m2);
    const comparison: VersionComparison = { from: fromName, to: toName, changed, moved };
    this.comparison = comparison;
    this.compared = { overlay, firstIds: first.ids, secondIds: second.ids, changed };
    this.carried = undefined;
    this.r.interactions.highlighted = changedSet;
    this.r.interactions.marksLayer.changed();
    this.r.announce(this.r.t.compared(changed.length));
    this.r.host.requestUpdate();
    return comparison;
  }

  /** The columns of the map's table that a comparison can carry (core's carryChoices), worked out once per table. */
  carryChoices(): CarryChoice[] {
    const state = this.r.host.state();
    const table = state?.table;
    const keyColumn = state?.join?.keyColumn;
    if (!table || !keyColumn) return [];
    const spec = state.thematic?.result.spec;
    const language = this.r.host.language();
    const cached = this.choices;
    if (cached?.table === table && cached.spec === spec && cached.language === language) return cached.choices;
    const choices = carryChoicesOf(table, { keyColumn, language, ...(spec ? { spec } : {}) });
    this.choices = { table, spec, language, choices };
    return choices;
  }

  /**
   * Carries a column of the map's table (see `carryChoices`) through the last comparison, from the first version's
   * areas to the second's (core's carryComparison), and shows it below the comparison. Undefined without a
   * comparison; a column that cannot be carried is refused with a message naming it and the choices.
   */
  carry(column: string | null): ComparisonCarry | undefined {
    const compared = this.compared;
    const state = this.r.host.state();
    const table = state?.table;
    const keyColumn = state?.join?.keyColumn;
    this.carried = undefined;
    this.r.host.requestUpdate();
    if (column === null || !compared || !table || !keyColumn) return undefined;
    const choices = this.carryChoices();
    const choice = choices.find((candidate) => candidate.column === column);
    if (!choice) {
      const names = choices.map((candidate) => candidate.column).join(', ');
      this.r.host.emitError(
        new SozialraumError(
          'unknown-field',
          message(
            `"${column}" is not a count or rate that can be carried; the choices are ${names || 'none'}`,
            `„${column}“ ist keine übertragbare Anzahl oder Quote; möglich sind ${names || 'keine'}`,
          ),
          { source: table.source },
        ),
      );
      return undefined;
    }
    this.carried = carryComparison(compared.overlay, table, {
      keyColumn,
      choice,
      firstIds: compared.firstIds,
      secondIds: compared.secondIds,
      changed: compared.changed,
    });
    this.r.announce(this.r.t.carried(choice.label));
    return this.carried;
  }

  // Comments and pins

  placePin(event: MapBrowserEvent): void {
    if (this.r.host.element.tool !== 'comment' || this.r.session.locked) return;
    const [x, y] = this.r.interactions.toModel(event.coordinate);
    this.setPendingPin([x!, y!]);
    this.r.announce(this.r.t.commentPinPlaced);
    void this.r.host.element.updateComplete.then(() => this.r.host.element.shadowRoot?.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')?.focus());
  }

  setPendingPin(position: [number, number] | undefined): void {
    if (position === this.pendingPin) return;
    this.pendingPin = position;
    if (position) {
      this.pinPreview.setGeometry(new Point(this.r.interactions.toView(position)));
      if (!this.r.interactions.overlaySource.hasFeature(this.pinPreview)) this.r.interactions.overlaySource.addFeature(this.pinPreview);
    } else if (this.r.interactions.overlaySource.hasFeature(this.pinPreview)) {
      this.r.interactions.overlaySource.removeFeature(this.pinPreview);
    }
    this.r.host.requestUpdate();
  }

  addComment(form: HTMLFormElement): void {
    const text = String(new FormData(form).get('comment') ?? '').trim();
    if (!text) return;
    const areaKey = this.pendingPin ? undefined : this.r.selected();
    if (!this.pendingPin && !areaKey) return this.r.announce(this.r.t.selectFirst);
    const comment: EditorComment = {
      id: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      text,
      createdAt: new Date().toISOString(),
      areaKey: areaKey ?? undefined,
      position: this.pendingPin,
    };
    this.r.comments = [...this.r.comments, comment];
    this.setPendingPin(undefined);
    form.reset();
    this.drawPins();
    this.r.session.recordMeta('comments');
    this.r.announce(this.r.t.commentSaved);
  }

  deleteComment(id: string): void {
    this.r.comments = this.r.comments.filter((comment) => comment.id !== id);
    this.drawPins();
    this.r.session.recordMeta('comments');
    this.r.host.requestUpdate();
  }

  drawPins(): void {
    for (const feature of this.r.interactions.overlaySource.getFeatures())
      if (feature.get('kind') === 'pin') this.r.interactions.overlaySource.removeFeature(feature);
    for (const comment of this.r.comments) {
      if (!comment.position) continue;
      // The text is a feature property, never markup.
      const pin = new Feature({ geometry: new Point(this.r.interactions.toView(comment.position)), kind: 'pin', text: comment.text });
      pin.setId(comment.id);
      this.r.interactions.overlaySource.addFeature(pin);
    }
  }

  renderVersions(): TemplateResult {
    const t = this.r.t;
    const options = (selected: string) => html`<option value="" ?selected=${selected === ''}>${t.current}</option>
      ${this.r.versions.map((version) => html`<option value=${version.name} ?selected=${selected === version.name}>${version.name}</option>`)}`;
    const comparison = this.comparison;
    return html`<section part="versions" class="versions" aria-labelledby="versions-title">
      <h3 id="versions-title">${t.versions}</h3>
      <form
        class="row save-version"
        @submit=${(event: Event) => {
          event.preventDefault();
          const form = event.target as HTMLFormElement;
          void this.saveVersion(String(new FormData(form).get('name') ?? ''));
          form.reset();
        }}
      >
        <label>${t.versionName}<input name="name" autocomplete="off" /></label>
        <button type="submit" ?disabled=${this.r.session.locked}>${t.versionSave}</button>
      </form>
      ${
        this.r.versions.length === 0
          ? html`<p class="note">${t.versionsNone}</p>`
          : html`<ul>
              ${this.r.versions.map(
                (version) =>
                  html`<li>
                    ${userText(version.name)} <span class="note">(${new Intl.DateTimeFormat(t.numberLocale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(version.savedAt))})</span>
                    <button type="button" class="link adopt" ?disabled=${this.r.session.locked} @click=${() => this.adoptVersion(version.name)}>${t.adopt(isolate(version.name))}</button>
                  </li>`,
              )}
            </ul>
            <form
              class="row compare"
              @submit=${(event: Event) => {
                event.preventDefault();
                const data = new FormData(event.target as HTMLFormElement);
                const pick = (name: string) => String(data.get(name) ?? '') || null;
                this.compare(pick('from'), pick('to'));
              }}
            >
              <label>${t.compareFrom}<select name="from">${options(comparison?.from && comparison.from !== t.current ? comparison.from : this.r.versions[0]!.name)}</select></label>
              <label>${t.compareTo}<select name="to">${options(comparison?.to && comparison.to !== t.current ? comparison.to : '')}</select></label>
              <button type="submit">${t.compare}</button>
            </form>`
      }
      ${comparison ? this.renderComparison(comparison) : nothing}
    </section>`;
  }

  renderComparison(comparison: VersionComparison): TemplateResult {
    const t = this.r.t;
    return html`<div class="comparison">
      <p><strong>${t.comparison(isolate(comparison.from), isolate(comparison.to))}</strong></p>
      ${
        comparison.changed.length === 0
          ? html`<p class="note">${t.comparisonNone}</p>`
          : html`<p>${t.changedAreas(comparison.changed.length, comparison.changed.join(', '))}</p>
            <table class="moved">
              <thead>
                <tr>
                  <th scope="col">${t.movedFrom}</th>
                  <th scope="col">${t.movedTo}</th>
                  <th scope="col" class="number">${t.movedArea}</th>
                  ${this.r.live.grid ? html`<th scope="col" class="number">${t.movedResidents}</th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${comparison.moved.map(
                  (move) => html`<tr>
                    <td>${userText(this.r.labelOf(move.from))}</td>
                    <td>${userText(this.r.labelOf(move.to))}</td>
                    <td class="number">${this.r.live.formatNumber(move.area_m2)}</td>
                    ${this.r.live.grid ? html`<td class="number">${this.r.live.formatNumber(move.residents, 1)}</td>` : nothing}
                  </tr>`,
                )}
              </tbody>
            </table>
            ${this.renderCarry()}`
      }
    </div>`;
  }

  renderCarry(): TemplateResult | typeof nothing {
    const t = this.r.t;
    const choices = this.carryChoices();
    if (choices.length === 0) return nothing;
    const carried = this.carried;
    const value = (number: number | null, rate: boolean) => (number === null ? '–' : this.r.live.formatNumber(number, rate ? 1 : 0));
    const rate = carried ? choices.find((choice) => choice.column === carried.column)?.rate !== undefined : false;
    return html`<label class="carry"
        >${t.carry}
        <select @change=${(event: Event) => this.carry((event.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${!carried}>${t.carryChoose}</option>
          ${choices.map((choice) => html`<option value=${choice.column} ?selected=${carried?.column === choice.column}>${choice.rate ? t.carryRate(choice.label) : choice.label}</option>`)}
        </select></label
      >
      ${
        carried
          ? html`<table class="carried">
              <caption>
                ${userText(carried.label)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t.carryArea}</th>
                  <th scope="col" class="number">${t.carryBefore}</th>
                  <th scope="col" class="number">${t.carryAfter}</th>
                  <th scope="col" class="number">${t.carrySplit}</th>
                </tr>
              </thead>
              <tbody>
                ${carried.rows.map(
                  (row) => html`<tr data-id=${row.id}>
                    <th scope="row">${userText(this.r.labelOf(row.id))}</th>
                    <td class="number">${value(row.before, rate)}</td>
                    <td class="number">${value(row.after, rate)}</td>
                    <td class="number">${row.splitShare === null ? '–' : `${this.r.live.formatNumber(row.splitShare * 100)} %`}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            <p class="note">${t.carryBy(carried.weighting === 'population')}</p>
            ${carried.total ? html`<p class="note carry-total">${t.carryTotal(value(carried.total.before, false), value(carried.total.after, false))}</p>` : nothing}
            ${carried.missing.length > 0 ? html`<p class="note">${t.carryMissing(carried.missing.join(', '))}</p>` : nothing}`
          : nothing
      }`;
  }

  renderComments(): TemplateResult {
    const t = this.r.t;
    return html`<section part="comments" class="comments" aria-labelledby="comments-title">
      <h3 id="comments-title">${t.comments}</h3>
      ${this.r.comments.length === 0 ? html`<p class="note">${t.commentsNone}</p>` : nothing}
      <ul>
        ${this.r.comments.map(
          (comment) => html`<li>
            <span class="comment-text">${userText(comment.text, true)}</span>
            <span class="note">${t.commentWhere(comment.areaKey ? `${isolate(this.r.areaName(comment.areaKey) ?? comment.areaKey)} (${isolate(comment.areaKey)})` : t.pin)}</span>
            <button type="button" class="link" @click=${() => this.deleteComment(comment.id)}>${t.deleteComment}</button>
          </li>`,
        )}
      </ul>
    </section>`;
  }
}
