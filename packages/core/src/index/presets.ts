// Index specs that ship with the toolkit: the Berlin MSS 2021 status and dynamics indices, and a context index
// over the MSS 2021 context indicators grouped by Handlungsfeld.
import { SozialraumError, message } from '../errors.js';
import type { ClassificationSpec, IndexSpec, IndicatorSpec, ValiditySpec } from './spec.js';
import type { BivariateSpec } from './bivariate.js';

const MSS_SOURCE =
  'Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen Berlin: Monitoring Soziale Stadtentwicklung Berlin 2021 ' +
  '(data as of 31.12.2020; Amt für Statistik Berlin-Brandenburg, Bundesagentur für Arbeit), dl-de/by-2-0';

/** MSS rates only Planungsräume with at least 300 inhabitants; the tables mark the others with -9999. */
const MSS_VALIDITY: ValiditySpec = { populationColumn: 'EW', minPopulation: 300, missing: 'exclude-area' };
const MSS_MISSING = [-9999];

function mssIndicator(column: string, de: string, en: string, unit: string, date: string): IndicatorSpec {
  return { column, label: { de, en }, unit, date, source: 'MSS 2021', direction: 'higher-is-need', missingValues: MSS_MISSING };
}

/**
 * The frame the MSS status and dynamics indices share: the z-scores of three rates added and z-standardised again,
 * valid from 300 inhabitants, classed by standard deviations of the index.
 */
function mssSummedIndex(
  about: Pick<IndexSpec, 'id' | 'title' | 'description' | 'indicators'>,
  classes: Required<Pick<ClassificationSpec, 'breaks' | 'equalTo' | 'labels'>>,
): IndexSpec {
  return {
    specVersion: 1,
    id: about.id,
    title: about.title,
    description: about.description,
    source: MSS_SOURCE,
    indicators: about.indicators,
    standardisation: { method: 'z-score', sd: 'population', reference: 'current' },
    combination: { method: 'sum', restandardise: true },
    validity: MSS_VALIDITY,
    classification: { method: 'standard-deviation', ...classes },
    direction: 'higher-is-need',
  };
}

const MSS_2021_STATUS: IndexSpec = mssSummedIndex(
  {
    id: 'mss-2021-status',
    title: { de: 'Status-Index MSS 2021', en: 'Status index MSS 2021' },
    description: {
      de:
        'Der Status-Index des Monitorings Soziale Stadtentwicklung Berlin 2021: die z-Werte von Arbeitslosigkeit (S1), ' +
        'Transferbezug (S3) und Kinderarmut (S4) am 31.12.2020, addiert und erneut z-standardisiert. Die Klassen ' +
        'beschreiben den sozialen Status: „hoch“ heißt geringe Benachteiligung, „sehr niedrig“ die höchste.',
      en:
        'The status index of the Berlin Monitoring of Social Urban Development 2021: the z-scores of unemployment (S1), ' +
        'transfer benefits (S3) and child poverty (S4) on 31 Dec 2020, added and z-standardised again. The classes ' +
        'describe social status: "high" means little disadvantage, "very low" the most.',
    },
    indicators: [
      mssIndicator('S1', 'Arbeitslosigkeit', 'Unemployment', '%', '2020-12-31'),
      mssIndicator('S3', 'Transferbezug', 'Transfer benefits', '%', '2020-12-31'),
      mssIndicator('S4', 'Kinderarmut', 'Child poverty', '%', '2020-12-31'),
    ],
  },
  {
    breaks: [-1, 1, 1.5],
    // z = −1 and z = 1 both belong to "mittel".
    equalTo: ['upper', 'lower', 'lower'],
    labels: [
      { de: 'hoch', en: 'high' },
      { de: 'mittel', en: 'medium' },
      { de: 'niedrig', en: 'low' },
      { de: 'sehr niedrig', en: 'very low' },
    ],
  },
);

const MSS_2021_DYNAMICS: IndexSpec = mssSummedIndex(
  {
    id: 'mss-2021-dynamics',
    title: { de: 'Dynamik-Index MSS 2021', en: 'Dynamics index MSS 2021' },
    description: {
      de:
        'Der Dynamik-Index des Monitorings Soziale Stadtentwicklung Berlin 2021: die z-Werte der Veränderung von ' +
        'Arbeitslosigkeit (D1), Transferbezug (D3) und Kinderarmut (D4) vom 31.12.2018 zum 31.12.2020 in ' +
        'Prozentpunkten, addiert und erneut z-standardisiert. „Positiv“ heißt: die Anteile sind stärker gesunken oder ' +
        'weniger gestiegen als in der Stadt insgesamt.',
      en:
        'The dynamics index of the Berlin Monitoring of Social Urban Development 2021: the z-scores of the change of ' +
        'unemployment (D1), transfer benefits (D3) and child poverty (D4) from 31 Dec 2018 to 31 Dec 2020 in percentage ' +
        'points, added and z-standardised again. "Positive" means the shares fell more or rose less than in the city as a whole.',
    },
    indicators: [
      mssIndicator('D1', 'Veränderung Arbeitslosigkeit', 'Change in unemployment', 'Prozentpunkte', '2018-12-31/2020-12-31'),
      mssIndicator('D3', 'Veränderung Transferbezug', 'Change in transfer benefits', 'Prozentpunkte', '2018-12-31/2020-12-31'),
      mssIndicator('D4', 'Veränderung Kinderarmut', 'Change in child poverty', 'Prozentpunkte', '2018-12-31/2020-12-31'),
    ],
  },
  {
    breaks: [-1, 1],
    equalTo: ['upper', 'lower'],
    labels: [
      { de: 'positiv', en: 'positive' },
      { de: 'stabil', en: 'stable' },
      { de: 'negativ', en: 'negative' },
    ],
  },
);

function contextIndicator(column: string, de: string, en: string, domain: string, direction: IndicatorSpec['direction'] = 'higher-is-need'): IndicatorSpec {
  return { column, label: { de, en }, unit: '%', date: '2020-12-31', source: 'MSS 2021', direction, weight: 1, domain, missingValues: MSS_MISSING };
}

const QUINTILES: ClassificationSpec = {
  method: 'quantile',
  classes: 5,
  labels: [
    { de: 'sehr niedrig', en: 'very low' },
    { de: 'niedrig', en: 'low' },
    { de: 'mittel', en: 'medium' },
    { de: 'hoch', en: 'high' },
    { de: 'sehr hoch', en: 'very high' },
  ],
};

const MSS_2021_KONTEXT: IndexSpec = {
  specVersion: 1,
  id: 'mss-2021-kontext',
  title: { de: 'Kontext-Bedarfsindex nach Handlungsfeldern (MSS 2021)', en: 'Context need index by field of action (MSS 2021)' },
  description: {
    de:
      'Ein Index des Sozialraum-Toolkits, kein amtlicher Index des MSS: das MSS veröffentlicht die Kontextindikatoren, ' +
      'fasst sie aber nicht zusammen. Die Indikatoren sind nach den drei Handlungsfeldern des MSS gruppiert; je ' +
      'Handlungsfeld wird ein Teilindex gebildet (Mittel der z-Werte), der Gesamtindex ist das Mittel der Teilindizes, ' +
      'erneut z-standardisiert, in fünf gleich großen Klassen des Bedarfs. Lange Wohndauer (KI_10) und ein positiver ' +
      'Wanderungssaldo (KI_12) gelten als Ressource: niedrige Werte bedeuten Bedarf. Ein hohes Wanderungsvolumen ' +
      '(KI_11) zeigt Fluktuation und damit Bedarf. Weggelassen sind KI_05, KI_16, KI_17 und KI_06, die vor allem ' +
      'KI_04 wiederholen (Herkunft allein ist kein Bedarf), KI_13, das in kleinen Gebieten stark schwankt und KI_12 ' +
      'doppelt, sowie KI_08, KI_14 und KI_15, die es 2021 nur für die alten Planungsräume gibt.',
    en:
      'An index of the Sozialraum toolkit, not an official MSS index: MSS publishes the context indicators but does ' +
      'not combine them. The indicators are grouped by the three MSS fields of action; each field gets a sub-index ' +
      '(mean of the z-scores), the overall index is the mean of the sub-indices, z-standardised again, in five ' +
      'equally large classes of need. Long residence (KI_10) and a positive migration balance (KI_12) count as a ' +
      'resource: low values mean need. A high migration volume (KI_11) shows turnover and thus need. Left out are ' +
      'KI_05, KI_16, KI_17 and KI_06, which mostly repeat KI_04 (origin alone is no need), KI_13, which swings widely ' +
      'in small areas and duplicates KI_12, and KI_08, KI_14 and KI_15, which 2021 has only for the old Planungsräume.',
  },
  source: MSS_SOURCE,
  domains: [
    { id: 'armut', label: { de: 'Von Armut bedrohte Zielgruppen', en: 'Groups at risk of poverty' }, weight: 1 },
    { id: 'integration', label: { de: 'Integration', en: 'Integration' }, weight: 1 },
    { id: 'wohnen', label: { de: 'Wohnen und Stabilität der Wohnbevölkerung', en: 'Housing and residential stability' }, weight: 1 },
  ],
  indicators: [
    contextIndicator('KI_01', 'Jugendarbeitslosigkeit', 'Youth unemployment', 'armut'),
    contextIndicator('KI_02', 'Alleinerziehende Haushalte', 'Single-parent households', 'armut'),
    contextIndicator('KI_03', 'Altersarmut', 'Old-age poverty', 'armut'),
    contextIndicator('KI_04', 'Kinder und Jugendliche mit Migrationshintergrund', 'Children and adolescents with a migration background', 'integration'),
    contextIndicator('KI_07', 'Transferbezug von Ausländer:innen', 'Transfer benefits of foreign nationals', 'integration'),
    contextIndicator('KI_09', 'Einfache Wohnlage', 'Simple residential location', 'wohnen'),
    contextIndicator('KI_10', 'Wohndauer über 5 Jahre', 'Residence over five years', 'wohnen', 'lower-is-need'),
    contextIndicator('KI_11', 'Wanderungsvolumen', 'Migration volume', 'wohnen'),
    contextIndicator('KI_12', 'Wanderungssaldo', 'Migration balance', 'wohnen', 'lower-is-need'),
  ],
  standardisation: { method: 'z-score', sd: 'population', reference: 'current' },
  combination: { method: 'weighted-mean', byDomain: true, restandardise: true },
  validity: { populationColumn: 'EW', minPopulation: 300, missing: 'skip-indicator' },
  classification: QUINTILES,
  direction: 'higher-is-need',
};

/** The index specs that ship with the toolkit, by id; frozen, so that no caller changes them for the others. */
export const INDEX_PRESETS: Readonly<Record<string, IndexSpec>> = deepFreeze({
  [MSS_2021_STATUS.id]: MSS_2021_STATUS,
  [MSS_2021_DYNAMICS.id]: MSS_2021_DYNAMICS,
  [MSS_2021_KONTEXT.id]: MSS_2021_KONTEXT,
});

/**
 * The Status-Dynamik-Index of MSS 2021: every Planungsraum in one of the 4 status classes and one of the 3 dynamics
 * classes, the map the city publishes. Its code is status × 10 + dynamics (23: status "mittel", dynamics "negativ").
 */
const MSS_2021_STATUS_DYNAMIK: BivariateSpec = {
  id: 'mss-2021-status-dynamik',
  title: { de: 'Status-Dynamik-Index MSS 2021', en: 'Status-dynamics index MSS 2021' },
  rows: MSS_2021_STATUS,
  columns: MSS_2021_DYNAMICS,
  rowName: { de: 'Status', en: 'Status' },
  columnName: { de: 'Dynamik', en: 'Dynamics' },
};

/** The bivariate presets of the toolkit, by id, frozen like the index presets. */
export const BIVARIATE_PRESETS: Readonly<Record<string, BivariateSpec>> = deepFreeze({
  [MSS_2021_STATUS_DYNAMIK.id]: MSS_2021_STATUS_DYNAMIK,
});

/** A bivariate preset by id, as a copy; an unknown id is an error that lists them. */
export function bivariatePreset(name: string): BivariateSpec {
  const preset = Object.hasOwn(BIVARIATE_PRESETS, name) ? BIVARIATE_PRESETS[name] : undefined;
  if (!preset) {
    const presets = Object.keys(BIVARIATE_PRESETS).join(', ');
    throw new SozialraumError(
      'unknown-field',
      message(`is not a bivariate preset of the toolkit; the presets are ${presets}`, `ist keine bivariate Vorlage des Toolkits; die Vorlagen sind ${presets}`),
      { source: `preset "${name}"` },
    );
  }
  return structuredClone(preset);
}

/** A preset by id, as a copy the caller may change; an unknown id is an error that lists the presets. */
export function indexPreset(name: string): IndexSpec {
  const preset = Object.hasOwn(INDEX_PRESETS, name) ? INDEX_PRESETS[name] : undefined;
  if (!preset) {
    const presets = Object.keys(INDEX_PRESETS).join(', ');
    throw new SozialraumError(
      'unknown-field',
      message(`is not an index preset of the toolkit; the presets are ${presets}`, `ist keine Indexvorlage des Toolkits; die Vorlagen sind ${presets}`),
      { source: `preset "${name}"` },
    );
  }
  return structuredClone(preset);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
