// Text of the editor's brush (painting units into areas) in German (default) and English.
import type { Language } from '@sozialraum/element';

export interface BrushMessages {
  heading: string;
  toggle: string;
  hint: string;
  active: string;
  size: string;
  sizeCells: (cells: number) => string;
  /** The brush that paints a whole unit of the upper level, named by its file. */
  sizeUpper: (source: string) => string;
  residents: string;
  deviation: string;
  lock: (area: string) => string;
  locked: string;
  noGrid: string;
  loadingGrid: string;
  unitsFailed: string;
  units: (count: number, file: string) => string;
  /** The label of a paint step in the history. */
  step: (count: number, area: string) => string;
  painting: (count: number, area: string) => string;
  /** Announced after each stroke that changed nothing. */
  nothing: string;
  /** Announced when the session changed during a stroke (undo, redo, import): the stroke is dropped. */
  dropped: string;
}

const de: BrushMessages = {
  heading: 'Aus Einheiten bauen',
  toggle: 'Zellen malen',
  hint: 'Ziehen Sie über die Karte, um die 100-m-Zellen dem aktiven Sozialraum zuzuordnen. Jeder Strich ist ein Schritt, den „Rückgängig“ zurücknimmt. Jedes Gebiet bleibt zusammenhängend, gesperrte Gebiete bleiben unverändert.',
  active: 'Aktiver Sozialraum',
  size: 'Pinselgröße',
  sizeCells: (cells) => (cells === 1 ? '1 Zelle' : `${cells} × ${cells} Zellen`),
  sizeUpper: (source) => `ganze Einheit aus ${source}`,
  residents: 'Einwohner (Zellen)',
  deviation: 'Abweichung vom Ziel',
  lock: (area) => `${area} sperren`,
  locked: 'gesperrt',
  noGrid: 'Zum Malen braucht der Editor ein Einwohnergitter (Attribut grid).',
  loadingGrid: 'Das Einwohnergitter wird geladen …',
  unitsFailed: 'Aus dem Gitter ließen sich keine Einheiten bilden.',
  units: (count, file) => `${new Intl.NumberFormat('de-DE').format(count)} Zellen aus ${file}`,
  step: (count, area) => `${count} ${count === 1 ? 'Zelle' : 'Zellen'} zu ${area} gemalt`,
  painting: (count, area) => `${count} ${count === 1 ? 'Zelle' : 'Zellen'} zu ${area}`,
  nothing: 'Der Strich hat keine Zelle verändert.',
  dropped: 'Die Gebiete haben sich während des Strichs geändert (Rückgängig, Wiederholen oder Import); der Strich wurde verworfen.',
};

const en: BrushMessages = {
  heading: 'Build from units',
  toggle: 'Paint cells',
  hint: 'Drag across the map to give the 100 m cells to the active Sozialraum. Each stroke is one step that Undo takes back. Every area stays in one piece; locked areas stay as they are.',
  active: 'Active Sozialraum',
  size: 'Brush size',
  sizeCells: (cells) => (cells === 1 ? '1 cell' : `${cells} × ${cells} cells`),
  sizeUpper: (source) => `whole unit of ${source}`,
  residents: 'Residents (cells)',
  deviation: 'Deviation from target',
  lock: (area) => `Lock ${area}`,
  locked: 'locked',
  noGrid: 'Painting needs a residents grid (the grid attribute).',
  loadingGrid: 'Loading the residents grid …',
  unitsFailed: 'No units could be made from the grid.',
  units: (count, file) => `${new Intl.NumberFormat('en-GB').format(count)} cells from ${file}`,
  step: (count, area) => `paint ${count} ${count === 1 ? 'cell' : 'cells'} into ${area}`,
  painting: (count, area) => `${count} ${count === 1 ? 'cell' : 'cells'} to ${area}`,
  nothing: 'The stroke changed no cell.',
  dropped: 'The areas changed during the stroke (undo, redo or import); the stroke was dropped.',
};

export function brushMessages(language: Language): BrushMessages {
  return language === 'en' ? en : de;
}
