// Text of the boundary editor in German (default) and English.
import type { EditErrorCode } from '@sozialraum/core';
import type { Language } from '@sozialraum/element';

export type EditorTool = 'select' | 'split' | 'merge' | 'vertex' | 'barrier' | 'carve' | 'rename' | 'comment';

export interface EditorMessages {
  title: string;
  loading: string;
  toolbar: string;
  tools: Record<EditorTool, string>;
  hints: Record<EditorTool, string>;
  undo: string;
  redo: string;
  undoStep: (label: string) => string;
  redoStep: (label: string) => string;
  nothingToUndo: string;
  nothingToRedo: string;
  history: string;
  historyEmpty: string;
  original: string;
  restoreFound: (steps: number, versions: number, comments: number, when: string) => string;
  restore: string;
  discard: string;
  restored: (steps: number) => string;
  discarded: string;
  saveFailed: (why: string) => string;
  done: Record<'split' | 'merge' | 'vertex' | 'barrier' | 'carve' | 'rename' | 'import' | 'adopt', (ids: string) => string>;
  adopt: (name: string) => string;
  undone: (label: string) => string;
  redone: (label: string) => string;
  refused: (why: string) => string;
  /** Why the model refused a step, by its EditError code; the model's own detail follows it. */
  editErrors: Record<EditErrorCode, string>;
  noArea: string;
  noBarrier: string;
  barrierLoading: string;
  barrierLoaded: (count: number) => string;
  /** The legend entry of the barrier lines on the map. */
  barrierLegend: string;
  /** Beside the pointer while a dragged vertex would be refused where it is. */
  dropRefused: string;
  barrierFailed: string;
  mergeBase: (name: string, key: string) => string;
  mergeWith: string;
  mergeNoNeighbours: string;
  mergeButton: (count: number) => string;
  /** The label of the choice of the area whose key and name a merge keeps. */
  mergeKeep: string;
  /** The name of the new part of a split: the old name with its part number. */
  partName: (name: string, part: number) => string;
  selectFirst: string;
  renameKey: string;
  renameName: string;
  renameButton: string;
  population: string;
  populationFromGrid: (file: string, column: string) => string;
  populationFromTable: (column: string) => string;
  populationNone: string;
  populationLoading: string;
  populationFailed: string;
  populationEstimated: string;
  live: string;
  liveEmpty: string;
  area: string;
  key: string;
  residents: string;
  change: string;
  marks: string;
  marksNone: string;
  small: (min: string) => string;
  far: (target: string) => string;
  findings: string;
  findingsNone: string;
  findingsChecking: string;
  findingsMore: (count: number) => string;
  findingTypes: Record<string, string>;
  showFinding: (type: string, ids: string) => string;
  versions: string;
  versionName: string;
  versionSave: string;
  versionSaved: (name: string) => string;
  versionsNone: string;
  versionDefault: (n: number) => string;
  current: string;
  compareFrom: string;
  compareTo: string;
  compare: string;
  comparing: string;
  comparison: (from: string, to: string) => string;
  comparisonNone: string;
  changedAreas: (count: number, keys: string) => string;
  movedFrom: string;
  movedTo: string;
  movedArea: string;
  movedResidents: string;
  compared: (count: number) => string;
  carry: string;
  carryChoose: string;
  carryRate: (label: string) => string;
  carryArea: string;
  carryBefore: string;
  carryAfter: string;
  carrySplit: string;
  carryBy: (population: boolean) => string;
  carryTotal: (before: string, after: string) => string;
  carryMissing: (keys: string) => string;
  carried: (label: string) => string;
  comments: string;
  commentText: string;
  commentOnArea: (name: string) => string;
  commentPinHint: string;
  commentPinPlaced: string;
  commentSave: string;
  commentSaved: string;
  commentsNone: string;
  commentWhere: (where: string) => string;
  pin: string;
  deleteComment: string;
  exchange: string;
  exportGeoJson: string;
  exportFlatGeobuf: string;
  exportGeoPackage: string;
  exported: (file: string) => string;
  importFile: string;
  importConfirm: (file: string, count: number) => string;
  importReplace: string;
  importCancel: string;
  importFailed: string;
  beforeImport: (file: string) => string;
  cancel: string;
  storageKey: (key: string) => string;
  numberLocale: string;
}

const de: EditorMessages = {
  title: 'Grenzen bearbeiten',
  loading: 'Editor wird geladen …',
  toolbar: 'Werkzeuge',
  tools: {
    select: 'Auswählen',
    split: 'Teilen',
    merge: 'Zusammenlegen',
    vertex: 'Punkt verschieben',
    barrier: 'An Barriere legen',
    carve: 'Neues Gebiet',
    rename: 'Umbenennen',
    comment: 'Kommentar',
  },
  hints: {
    select: 'Wählen Sie ein Gebiet auf der Karte oder mit den Pfeiltasten und Eingabe.',
    split: 'Zeichnen Sie eine Linie quer durch ein Gebiet: Klick für jeden Punkt, Doppelklick beendet. Escape bricht ab.',
    merge: 'Wählen Sie ein Gebiet und kreuzen Sie die Nachbarn an, mit denen es zusammengelegt werden soll.',
    vertex: 'Ziehen Sie einen Grenzpunkt; alle Gebiete an diesem Punkt folgen.',
    barrier: 'Klicken Sie zwei Punkte auf der gemeinsamen Grenze zweier Gebiete; die Grenze folgt dazwischen der nächsten Barriere.',
    carve: 'Zeichnen Sie ein Vieleck; es wird als neues Gebiet aus den Nachbarn geschnitten. Doppelklick beendet.',
    rename: 'Wählen Sie ein Gebiet und ändern Sie Schlüssel oder Namen.',
    comment: 'Kommentieren Sie das gewählte Gebiet, oder klicken Sie auf die Karte, um eine Stecknadel zu setzen.',
  },
  undo: 'Rückgängig',
  redo: 'Wiederholen',
  undoStep: (label) => `Rückgängig: ${label} (Strg+Z)`,
  redoStep: (label) => `Wiederholen: ${label} (Strg+Umschalt+Z)`,
  nothingToUndo: 'Nichts rückgängig zu machen',
  nothingToRedo: 'Nichts zu wiederholen',
  history: 'Verlauf',
  historyEmpty: 'Noch keine Änderung.',
  original: 'Ausgangsstand',
  restoreFound: (steps, versions, comments, when) =>
    `Es gibt eine nicht abgeschlossene Bearbeitung vom ${when}: ${steps} ${steps === 1 ? 'Schritt' : 'Schritte'}, ${versions} ${versions === 1 ? 'Fassung' : 'Fassungen'}, ${comments} ${comments === 1 ? 'Kommentar' : 'Kommentare'}.`,
  restore: 'Wiederherstellen',
  discard: 'Verwerfen',
  restored: (steps) => `Bearbeitung wiederhergestellt (${steps} ${steps === 1 ? 'Schritt' : 'Schritte'}).`,
  discarded: 'Gespeicherte Bearbeitung verworfen; die Gebiete sind im Ausgangsstand.',
  saveFailed: (why) => `Die Bearbeitung konnte nicht im Browser gespeichert werden: ${why}`,
  done: {
    split: (ids) => `Geteilt: ${ids}.`,
    merge: (ids) => `Zusammengelegt: ${ids}.`,
    vertex: (ids) => `Punkt verschoben; geändert: ${ids}.`,
    barrier: (ids) => `Grenze an die Barriere gelegt: ${ids}.`,
    carve: (ids) => `Neues Gebiet ausgeschnitten: ${ids}.`,
    rename: (ids) => `Umbenannt: ${ids}.`,
    import: (ids) => `Importiert: ${ids}.`,
    adopt: (ids) => `Fassung übernommen; geändert: ${ids}.`,
  },
  adopt: (name) => `„${name}“ übernehmen`,
  undone: (label) => `Rückgängig gemacht: ${label}.`,
  redone: (label) => `Wiederholt: ${label}.`,
  refused: (why) => `Nicht möglich: ${why}`,
  editErrors: {
    'unknown-area': 'Dieses Gebiet gibt es nicht',
    'locked-area': 'Das Gebiet ist gesperrt',
    'breaks-contiguity': 'Jedes Gebiet muss zusammenhängend bleiben',
    'duplicate-key': 'Der Schlüssel ist leer oder schon vergeben',
    'bad-line': 'Die Linie muss das Gebiet einmal betreten und einmal verlassen',
    'not-contiguous': 'Nur benachbarte Gebiete lassen sich zusammenlegen',
    'not-on-boundary': 'Die Punkte müssen auf einer gemeinsamen Grenze liegen',
    'would-cross': 'Die neue Grenze würde eine andere Grenze kreuzen',
    'would-flip': 'Ein Gebiet würde verschwinden oder sich umstülpen',
    'bad-polygon': 'Das Vieleck muss in den Gebieten liegen und eine Fläche haben',
    'inconsistent-topology': 'Die Grenzen passen an dieser Stelle nicht zusammen',
  },
  noArea: 'Die Linie liegt in keinem Gebiet.',
  noBarrier: 'Keine Barrieren geladen (Attribut barriers).',
  barrierLoading: 'Barrieren werden geladen …',
  barrierLoaded: (count) => `${count} Barrierelinien geladen.`,
  barrierLegend: 'Barriere: eine Linie, an die sich Grenzen legen lassen (keine Gebietsgrenze)',
  dropRefused: 'Hier nicht möglich',
  barrierFailed: 'Die Barrieren konnten nicht geladen werden.',
  mergeBase: (name, key) => `Gewählt: ${name} (${key})`,
  mergeWith: 'Zusammenlegen mit',
  mergeNoNeighbours: 'Dieses Gebiet hat keine Nachbarn.',
  mergeButton: (count) => `${count} Gebiete zusammenlegen`,
  mergeKeep: 'Schlüssel und Name behält',
  partName: (name, part) => `${name} (Teil ${part})`,
  selectFirst: 'Wählen Sie zuerst ein Gebiet.',
  renameKey: 'Schlüssel',
  renameName: 'Name',
  renameButton: 'Übernehmen',
  population: 'Einwohner',
  populationFromGrid: (file, column) => `Einwohner aus dem Zensus-Gitter ${file} (Spalte ${column}), genau nach Zellanteilen.`,
  populationFromTable: (column) => `Einwohner aus der Tabellenspalte ${column}, nach Flächenanteilen geschätzt.`,
  populationNone: 'Keine Einwohnerzahlen: geben Sie ein Zensus-Gitter (grid) oder eine Tabellenspalte (population-column) an.',
  populationLoading: 'Einwohnergitter wird gelesen …',
  populationFailed: 'Das Einwohnergitter konnte nicht gelesen werden.',
  populationEstimated: 'Zensuszahlen sind geschätzt (Geheimhaltung); Summen sind Schätzwerte.',
  live: 'Geänderte Gebiete',
  liveEmpty: 'Während Sie zeichnen, stehen hier die Einwohner der betroffenen Gebiete.',
  area: 'Gebiet',
  key: 'Schlüssel',
  residents: 'Einwohner',
  change: 'Änderung',
  marks: 'Auffällige Größen',
  marksNone: 'Alle Gebiete liegen im Rahmen.',
  small: (min) => `unter ${min}`,
  far: (target) => `weit von ${target}`,
  findings: 'Prüfung',
  findingsNone: 'Keine Befunde.',
  findingsChecking: 'Die Gebiete werden geprüft …',
  findingsMore: (count) => `und ${count} weitere`,
  findingTypes: {
    gap: 'Lücke',
    overlap: 'Überlappung',
    'outside-territory': 'außerhalb des Gebiets',
    sliver: 'Splitterfläche',
    'invalid-ring': 'ungültiger Ring',
    'self-intersection': 'Selbstüberschneidung',
    'duplicate-key': 'doppelter Schlüssel',
    'small-population': 'zu wenige Einwohner',
    'large-population': 'zu viele Einwohner',
    unbalanced: 'weit vom Richtwert',
    'not-compact': 'nicht kompakt',
  },
  showFinding: (type, ids) => `${type}: ${ids} – auf der Karte zeigen`,
  versions: 'Fassungen',
  versionName: 'Name der Fassung',
  versionSave: 'Fassung speichern',
  versionSaved: (name) => `Fassung „${name}“ gespeichert.`,
  versionsNone: 'Noch keine Fassung gespeichert.',
  versionDefault: (n) => `Fassung ${n}`,
  current: 'aktueller Stand',
  compareFrom: 'Vergleiche',
  compareTo: 'mit',
  compare: 'Vergleichen',
  comparing: 'Die Fassungen werden verglichen …',
  comparison: (from, to) => `Vergleich: ${from} → ${to}`,
  comparisonNone: 'Die beiden Fassungen sind gleich.',
  changedAreas: (count, keys) => `${count} ${count === 1 ? 'Gebiet' : 'Gebiete'} geändert: ${keys}`,
  movedFrom: 'von',
  movedTo: 'nach',
  movedArea: 'Fläche (m²)',
  movedResidents: 'Einwohner',
  compared: (count) => `Vergleich fertig: ${count} Gebiete geändert.`,
  carry: 'Indikator auf die neuen Grenzen übertragen',
  carryChoose: '– keiner –',
  carryRate: (label) => `${label} (Quote aus Zähler und Nenner)`,
  carryArea: 'Gebiet',
  carryBefore: 'bisher (Tabelle)',
  carryAfter: 'übertragen',
  carrySplit: 'davon geschätzt',
  carryBy: (population) =>
    population
      ? 'Jedes geänderte Gebiet der ersten Fassung ist nach den Einwohnern des Rasters auf die Gebiete der zweiten aufgeteilt; Quoten werden aus übertragenen Zählern und Nennern gebildet.'
      : 'Jedes geänderte Gebiet der ersten Fassung ist nach Fläche auf die Gebiete der zweiten aufgeteilt; Quoten werden aus übertragenen Zählern und Nennern gebildet.',
  carryTotal: (before, after) => `Summe über alle Gebiete: ${before} vorher, ${after} nachher.`,
  carryMissing: (keys) => `Ohne Wert in der Tabelle (tragen nichts bei): ${keys}.`,
  carried: (label) => `${label} übertragen.`,
  comments: 'Kommentare',
  commentText: 'Kommentar',
  commentOnArea: (name) => `Kommentar zu ${name} speichern`,
  commentPinHint: 'Klicken Sie auf die Karte, um eine Stecknadel zu setzen.',
  commentPinPlaced: 'Stecknadel gesetzt; schreiben Sie den Kommentar und speichern Sie.',
  commentSave: 'Kommentar an Stecknadel speichern',
  commentSaved: 'Kommentar gespeichert.',
  commentsNone: 'Noch keine Kommentare.',
  commentWhere: (where) => `zu ${where}`,
  pin: 'Stecknadel',
  deleteComment: 'Löschen',
  exchange: 'Import und Export',
  exportGeoJson: 'GeoJSON herunterladen',
  exportFlatGeobuf: 'FlatGeobuf herunterladen',
  exportGeoPackage: 'GeoPackage herunterladen',
  exported: (file) => `${file} erstellt.`,
  importFile: 'Gebiete importieren (GeoJSON, FlatGeobuf oder GeoPackage)',
  importConfirm: (file, count) => `${file} mit ${count} Gebieten ersetzt die aktuelle Bearbeitung. Der jetzige Stand wird vorher als Fassung gespeichert.`,
  importReplace: 'Ersetzen',
  importCancel: 'Abbrechen',
  importFailed: 'Die Datei konnte nicht importiert werden.',
  beforeImport: (file) => `vor Import von ${file}`,
  cancel: 'Abbrechen',
  storageKey: (key) => `Jede Änderung wird sofort im Browser gespeichert (${key}).`,
  numberLocale: 'de-DE',
};

const en: EditorMessages = {
  title: 'Edit boundaries',
  loading: 'Loading the editor …',
  toolbar: 'Tools',
  tools: {
    select: 'Select',
    split: 'Split',
    merge: 'Merge',
    vertex: 'Move point',
    barrier: 'Follow barrier',
    carve: 'New area',
    rename: 'Rename',
    comment: 'Comment',
  },
  hints: {
    select: 'Select an area on the map, or with the arrow keys and Enter.',
    split: 'Draw a line across an area: click for each point, double-click to finish. Escape cancels.',
    merge: 'Select an area and tick the neighbours to merge it with.',
    vertex: 'Drag a boundary point; every area at that point follows.',
    barrier: 'Click two points on the boundary two areas share; between them the boundary follows the nearest barrier.',
    carve: 'Draw a polygon; it is cut out of its neighbours as a new area. Double-click to finish.',
    rename: 'Select an area and change its key or name.',
    comment: 'Comment on the selected area, or click on the map to place a pin.',
  },
  undo: 'Undo',
  redo: 'Redo',
  undoStep: (label) => `Undo: ${label} (Ctrl+Z)`,
  redoStep: (label) => `Redo: ${label} (Ctrl+Shift+Z)`,
  nothingToUndo: 'Nothing to undo',
  nothingToRedo: 'Nothing to redo',
  history: 'History',
  historyEmpty: 'No change yet.',
  original: 'Original',
  restoreFound: (steps, versions, comments, when) =>
    `There is unfinished work from ${when}: ${steps} ${steps === 1 ? 'step' : 'steps'}, ${versions} ${versions === 1 ? 'version' : 'versions'}, ${comments} ${comments === 1 ? 'comment' : 'comments'}.`,
  restore: 'Restore',
  discard: 'Discard',
  restored: (steps) => `Work restored (${steps} ${steps === 1 ? 'step' : 'steps'}).`,
  discarded: 'Saved work discarded; the areas are as loaded.',
  saveFailed: (why) => `The work could not be saved in the browser: ${why}`,
  done: {
    split: (ids) => `Split: ${ids}.`,
    merge: (ids) => `Merged: ${ids}.`,
    vertex: (ids) => `Point moved; changed: ${ids}.`,
    barrier: (ids) => `Boundary moved onto the barrier: ${ids}.`,
    carve: (ids) => `New area carved: ${ids}.`,
    rename: (ids) => `Renamed: ${ids}.`,
    import: (ids) => `Imported: ${ids}.`,
    adopt: (ids) => `Version adopted; changed: ${ids}.`,
  },
  adopt: (name) => `Adopt “${name}”`,
  undone: (label) => `Undone: ${label}.`,
  redone: (label) => `Redone: ${label}.`,
  refused: (why) => `Not possible: ${why}`,
  editErrors: {
    'unknown-area': 'There is no such area',
    'locked-area': 'The area is locked',
    'breaks-contiguity': 'Every area must stay in one piece',
    'duplicate-key': 'The key is empty or already taken',
    'bad-line': 'The line must enter the area once and leave it once',
    'not-contiguous': 'Only neighbouring areas can be merged',
    'not-on-boundary': 'The points must lie on a boundary two areas share',
    'would-cross': 'The new boundary would cross another boundary',
    'would-flip': 'An area would vanish or turn inside out',
    'bad-polygon': 'The polygon must lie in the areas and have an area',
    'inconsistent-topology': 'The boundaries do not fit together here',
  },
  noArea: 'The line lies in no area.',
  noBarrier: 'No barriers loaded (attribute barriers).',
  barrierLoading: 'Loading the barriers …',
  barrierLoaded: (count) => `${count} barrier lines loaded.`,
  barrierLegend: 'Barrier: a line boundaries can follow (not an area boundary)',
  dropRefused: 'Not possible here',
  barrierFailed: 'The barriers could not be loaded.',
  mergeBase: (name, key) => `Selected: ${name} (${key})`,
  mergeWith: 'Merge with',
  mergeNoNeighbours: 'This area has no neighbours.',
  mergeButton: (count) => `Merge ${count} areas`,
  mergeKeep: 'Key and name kept from',
  partName: (name, part) => `${name} (part ${part})`,
  selectFirst: 'Select an area first.',
  renameKey: 'Key',
  renameName: 'Name',
  renameButton: 'Apply',
  population: 'Residents',
  populationFromGrid: (file, column) => `Residents from the Zensus grid ${file} (column ${column}), exact by cell shares.`,
  populationFromTable: (column) => `Residents from the table column ${column}, estimated by area shares.`,
  populationNone: 'No residents: give a Zensus grid (grid) or a table column (population-column).',
  populationLoading: 'Reading the population grid …',
  populationFailed: 'The population grid could not be read.',
  populationEstimated: 'Zensus counts are estimates (disclosure control); sums are estimates.',
  live: 'Changed areas',
  liveEmpty: 'While you draw, the residents of the areas concerned appear here.',
  area: 'Area',
  key: 'Key',
  residents: 'Residents',
  change: 'Change',
  marks: 'Sizes to look at',
  marksNone: 'All areas are within range.',
  small: (min) => `under ${min}`,
  far: (target) => `far from ${target}`,
  findings: 'Checks',
  findingsNone: 'No findings.',
  findingsChecking: 'Checking the areas …',
  findingsMore: (count) => `and ${count} more`,
  findingTypes: {
    gap: 'gap',
    overlap: 'overlap',
    'outside-territory': 'outside the territory',
    sliver: 'sliver',
    'invalid-ring': 'invalid ring',
    'self-intersection': 'self-intersection',
    'duplicate-key': 'repeated key',
    'small-population': 'too few residents',
    'large-population': 'too many residents',
    unbalanced: 'far from the target',
    'not-compact': 'not compact',
  },
  showFinding: (type, ids) => `${type}: ${ids} – show on the map`,
  versions: 'Versions',
  versionName: 'Name of the version',
  versionSave: 'Save version',
  versionSaved: (name) => `Version “${name}” saved.`,
  versionsNone: 'No version saved yet.',
  versionDefault: (n) => `Version ${n}`,
  current: 'current state',
  compareFrom: 'Compare',
  compareTo: 'with',
  compare: 'Compare',
  comparing: 'Comparing the versions …',
  comparison: (from, to) => `Comparison: ${from} → ${to}`,
  comparisonNone: 'The two versions are the same.',
  changedAreas: (count, keys) => `${count} ${count === 1 ? 'area' : 'areas'} changed: ${keys}`,
  movedFrom: 'from',
  movedTo: 'to',
  movedArea: 'Area (m²)',
  movedResidents: 'Residents',
  compared: (count) => `Comparison done: ${count} areas changed.`,
  carry: 'Carry an indicator to the new boundaries',
  carryChoose: '– none –',
  carryRate: (label) => `${label} (rate from numerator and denominator)`,
  carryArea: 'Area',
  carryBefore: 'before (table)',
  carryAfter: 'carried',
  carrySplit: 'of it estimated',
  carryBy: (population) =>
    population
      ? 'Each changed area of the first version is split onto the areas of the second by the residents of the grid; rates are formed from carried numerators and denominators.'
      : 'Each changed area of the first version is split onto the areas of the second by area; rates are formed from carried numerators and denominators.',
  carryTotal: (before, after) => `Total over all areas: ${before} before, ${after} after.`,
  carryMissing: (keys) => `No value in the table (they carry nothing): ${keys}.`,
  carried: (label) => `${label} carried.`,
  comments: 'Comments',
  commentText: 'Comment',
  commentOnArea: (name) => `Save comment on ${name}`,
  commentPinHint: 'Click on the map to place a pin.',
  commentPinPlaced: 'Pin placed; write the comment and save it.',
  commentSave: 'Save comment at the pin',
  commentSaved: 'Comment saved.',
  commentsNone: 'No comments yet.',
  commentWhere: (where) => `on ${where}`,
  pin: 'pin',
  deleteComment: 'Delete',
  exchange: 'Import and export',
  exportGeoJson: 'Download GeoJSON',
  exportFlatGeobuf: 'Download FlatGeobuf',
  exportGeoPackage: 'Download GeoPackage',
  exported: (file) => `${file} created.`,
  importFile: 'Import areas (GeoJSON, FlatGeobuf or GeoPackage)',
  importConfirm: (file, count) => `${file} with ${count} areas replaces the current work. The current state is saved as a version first.`,
  importReplace: 'Replace',
  importCancel: 'Cancel',
  importFailed: 'The file could not be imported.',
  beforeImport: (file) => `before importing ${file}`,
  cancel: 'Cancel',
  storageKey: (key) => `Every change is saved in the browser at once (${key}).`,
  numberLocale: 'en-GB',
};

export function editorMessages(language: Language): EditorMessages {
  return language === 'en' ? en : de;
}
