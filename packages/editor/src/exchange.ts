// Import and export: the areas as GeoJSON, FlatGeobuf or GeoPackage for download, and a file read in to replace them (the state
// before it kept as a version).
import { html, nothing, type TemplateResult } from 'lit';
import type { FeatureCollection } from 'geojson';
import { TopologyEditor, buildTopology, formatGeoJSON, loadAreas, messageText, readAreasFiles, sourceName, type AreaCollection } from '@sozialraum/core';
import type { AreasExportDetail } from './sozialraum-editor.component.js';
import { inModelCrs } from './editor-model.js';
import type { EditorRuntime } from './editor-runtime.js';
import { isolate } from '@sozialraum/element';

export class ExchangeController {
  readonly r: EditorRuntime;
  pendingImport: { name: string; areas: AreaCollection } | undefined;

  constructor(runtime: EditorRuntime) {
    this.r = runtime;
  }

  // Import and export

  /** The current areas in their CRS, with the legacy `crs` member (as the map reads it). */
  toFeatureCollection(): FeatureCollection {
    return { ...this.r.editor.toFeatureCollection(), crs: { type: 'name', properties: { name: this.r.crs } } } as FeatureCollection;
  }

  async exportAreas(format: 'geojson' | 'fgb' | 'gpkg'): Promise<AreasExportDetail | undefined> {
    const collection = this.toFeatureCollection();
    const base = (sourceName(this.r.storageKey).replace(/\.[^.]*$/, '') || 'sozialraeume').replace(/[^\p{L}\p{N}_-]+/gu, '_');
    const stem = `${base}-${this.r.host.language() === 'en' ? 'edited' : 'bearbeitet'}`;
    const filename = `${stem}.${format === 'fgb' ? 'fgb' : format === 'gpkg' ? 'gpkg' : 'geojson'}`;
    let blob: Blob;
    if (format === 'gpkg') {
      try {
        // SQLite is WebAssembly, loaded now; a page whose policy forbids it gets the reason, and the other formats still work.
        const { writeGeoPackage } = await import('./geopackage-writer.js');
        const bytes = await writeGeoPackage(collection, this.r.crs, { layer: stem.replace(/[^A-Za-z0-9_]+/g, '_'), source: filename });
        blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/geopackage+sqlite3' });
      } catch (error) {
        this.r.announce(messageText(error, this.r.host.language()));
        this.r.host.emitError(error, filename);
        return undefined;
      }
    } else if (format === 'fgb') {
      const { writeFlatGeobuf } = await this.r.flatGeobufWriter();
      blob = new Blob([writeFlatGeobuf(collection, this.r.crs) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
    } else {
      blob = new Blob([formatGeoJSON(collection, this.r.crs)], { type: 'application/geo+json' });
    }
    const detail: AreasExportDetail = { format, filename, blob };
    if (this.r.host.emit<AreasExportDetail>('sozialraum-areas-export', detail, { cancelable: true })) {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    if (this.r.editor.canUndo) this.r.proposals.pushToMap();
    this.r.announce(this.r.t.exported(filename));
    return detail;
  }

  async readImport(input: HTMLInputElement): Promise<void> {
    const picked = [...(input.files ?? [])];
    input.value = '';
    if (picked.length === 0) return;
    // A loose Shapefile is several files picked together; its .shp names them in messages.
    const file = picked.find((one) => /\.shp$/i.test(one.name)) ?? picked[0]!;
    try {
      const { input: areasInput, source } = readAreasFiles(
        await Promise.all(picked.map(async (one) => ({ name: one.name, bytes: new Uint8Array(await one.arrayBuffer()) }))),
      );
      const topology = this.r.editor.topology;
      const areas = await loadAreas(areasInput, { source, idField: topology.idField, ...(topology.nameField ? { nameField: topology.nameField } : {}) });
      this.pendingImport = { name: file.name, areas: inModelCrs(areas, this.r.crs) };
      this.r.host.requestUpdate();
      await this.r.host.element.updateComplete;
      this.r.host.element.shadowRoot?.querySelector<HTMLButtonElement>('.confirm button')?.focus();
    } catch (error) {
      this.r.announce(`${this.r.t.importFailed} ${messageText(error, this.r.host.language())}`);
      this.r.host.emitError(error, file.name);
    }
  }

  async confirmImport(): Promise<void> {
    const pending = this.pendingImport;
    if (!pending) return;
    this.pendingImport = undefined;
    // The state before the import stays as a version, so an import is never a loss.
    await this.r.proposals.saveVersion(this.r.t.beforeImport(pending.name));
    this.r.editor = new TopologyEditor(buildTopology(pending.areas).topology);
    this.r.session.rebase();
    this.r.replaced('import', this.r.t.done.import(pending.name));
  }

  renderExchange(): TemplateResult {
    const t = this.r.t;
    return html`<section part="exchange" class="exchange" aria-labelledby="exchange-title">
      <h3 id="exchange-title">${t.exchange}</h3>
      <div class="row">
        <button type="button" class="export-geojson" @click=${() => void this.exportAreas('geojson')}>${t.exportGeoJson}</button>
        <button type="button" class="export-fgb" @click=${() => void this.exportAreas('fgb')}>${t.exportFlatGeobuf}</button>
        <button type="button" class="export-gpkg" @click=${() => void this.exportAreas('gpkg')}>${t.exportGeoPackage}</button>
      </div>
      <label>${t.importFile}<input
          type="file"
          multiple
          accept=".geojson,.json,.fgb,.gpkg,.zip,.shp,.shx,.dbf,.prj,.cpg,application/geo+json"
          @change=${(event: Event) => void this.readImport(event.target as HTMLInputElement)} /></label>
      ${
        this.pendingImport
          ? html`<div class="confirm" role="group" aria-labelledby="import-text">
            <p id="import-text">${t.importConfirm(isolate(this.pendingImport.name), this.pendingImport.areas.features.length)}</p>
            <div class="row">
              <button type="button" @click=${() => void this.confirmImport()}>${t.importReplace}</button>
              <button
                type="button"
                @click=${() => {
                  this.pendingImport = undefined;
                  this.r.host.requestUpdate();
                }}
              >
                ${t.importCancel}
              </button>
            </div>
          </div>`
          : nothing
      }
    </section>`;
  }
}
