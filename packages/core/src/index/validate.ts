// Checks an index spec read from JSON before anything is computed; every problem names the field by its path.
import { SozialraumError, germanNumber, message, type Message } from '../errors.js';
import type { IndexSpec } from './spec.js';

const NEED_DIRECTIONS = ['higher-is-need', 'lower-is-need'] as const;
const STANDARDISATION_METHODS = ['z-score', 'min-max', 'percentile-rank', 'none'] as const;
const COMBINATION_METHODS = ['sum', 'mean', 'weighted-mean'] as const;
const CLASSIFICATION_METHODS = ['standard-deviation', 'quantile', 'equal-interval', 'ckmeans', 'manual'] as const;
const BREAK_METHODS = new Set(['standard-deviation', 'manual']);

const FIELDS = {
  spec: [
    'specVersion',
    'id',
    'title',
    'description',
    'source',
    'indicators',
    'domains',
    'standardisation',
    'combination',
    'validity',
    'classification',
    'direction',
  ],
  indicator: ['column', 'label', 'unit', 'date', 'source', 'direction', 'weight', 'domain', 'missingValues', 'dataValues', 'numerator', 'denominator'],
  domain: ['id', 'label', 'weight'],
  standardisation: ['method', 'sd', 'reference'],
  combination: ['method', 'byDomain', 'restandardise', 'indexReference'],
  validity: ['populationColumn', 'minPopulation', 'missing'],
  classification: ['method', 'classes', 'breaks', 'equalTo', 'labels'],
  localised: ['de', 'en'],
  reference: ['fixed'],
  meanSd: ['mean', 'sd'],
  minMax: ['min', 'max'],
} as const;

type Json = Record<string, unknown>;

/**
 * Checks that `json` is an index spec of version 1 and returns it typed. Checks types, required fields, known
 * methods, weights (finite, ≥ 0, and only where the combination uses them), ascending breaks, one label per class,
 * domains referenced by indicators, fixed reference values for every indicator, and unknown fields (typos such as
 * "restandardize" would otherwise be ignored silently); fields starting with "$" (e.g. "$schema") are allowed.
 * Throws one SozialraumError ('parse-error') listing every problem, e.g.
 * `mss.json: indicators[2].direction must be "higher-is-need" or "lower-is-need", found "up"`.
 */
export function validateIndexSpec(json: unknown, source: string): IndexSpec {
  const check = new SpecChecker();
  check.spec(json);
  const { problems } = check;
  if (problems.length === 1) throw new SozialraumError('parse-error', problems[0]!, { source });
  if (problems.length > 1) {
    throw new SozialraumError(
      'parse-error',
      message(
        `${problems.length} problems in the index spec: ${problems.map((problem) => problem.en).join('; ')}`,
        `${problems.length} Probleme in der Indexspezifikation: ${problems.map((problem) => problem.de).join('; ')}`,
      ),
      { source },
    );
  }
  return json as IndexSpec;
}

class SpecChecker {
  readonly problems: Message[] = [];

  private problem(en: string, de: string): void {
    this.problems.push(message(en, de));
  }

  spec(json: unknown): void {
    if (!isObject(json)) {
      this.problem(
        `the index spec must be a JSON object, found ${show(json)}`,
        `die Indexspezifikation muss ein JSON-Objekt sein, gefunden: ${show(json, 'de')}`,
      );
      return;
    }
    this.fields(json, '', FIELDS.spec, message('an index spec', 'einer Indexspezifikation'));
    if (json.specVersion === undefined)
      this.problem(
        'specVersion is required; this version of the toolkit reads specVersion 1',
        'specVersion fehlt; diese Version des Toolkits liest specVersion 1',
      );
    else if (json.specVersion !== 1)
      this.problem(`specVersion must be 1, found ${show(json.specVersion)}`, `specVersion muss 1 sein, gefunden: ${show(json.specVersion, 'de')}`);
    this.text(json, 'id', 'id', true);
    this.localised(json.title, 'title', true);
    this.localised(json.description, 'description', false);
    this.text(json, 'source', 'source', false);
    this.oneOf(json.direction, 'direction', NEED_DIRECTIONS, false);

    const combination = this.combination(json.combination);
    const domainIds = this.domains(json.domains, combination);
    this.indicators(json.indicators, domainIds, combination);
    if (Array.isArray(json.indicators) && Array.isArray(json.domains)) this.domainsUsed(json.domains, json.indicators, combination);
    this.standardisation(json.standardisation, Array.isArray(json.indicators) ? json.indicators : []);
    this.validity(json.validity);
    this.classification(json.classification);
  }

  private combination(value: unknown): { method?: string; byDomain: boolean } {
    if (!this.object(value, 'combination', true)) return { byDomain: false };
    this.fields(value, 'combination', FIELDS.combination, message('the combination', 'der Kombination'));
    const method = this.oneOf(value.method, 'combination.method', COMBINATION_METHODS, true);
    this.boolean(value.byDomain, 'combination.byDomain');
    this.boolean(value.restandardise, 'combination.restandardise');
    if (value.indexReference !== undefined) {
      this.meanSd(value.indexReference, 'combination.indexReference');
      if (value.restandardise !== true)
        this.problem(
          'combination.indexReference is only used with combination.restandardise true',
          'combination.indexReference wird nur mit combination.restandardise true verwendet',
        );
    }
    return { ...(method !== undefined ? { method } : {}), byDomain: value.byDomain === true };
  }

  private domains(value: unknown, combination: { method?: string; byDomain: boolean }): Set<string> {
    const ids = new Set<string>();
    if (value === undefined) {
      if (combination.byDomain)
        this.problem(
          'domains is required when combination.byDomain is true: list the domains (Handlungsfelder) the indicators belong to',
          'domains ist nötig, wenn combination.byDomain true ist: führen Sie die Handlungsfelder auf, zu denen die Indikatoren gehören',
        );
      return ids;
    }
    if (!Array.isArray(value) || value.length === 0) {
      this.problem(
        `domains must be a non-empty list of domains, found ${show(value)}`,
        `domains muss eine nicht leere Liste von Handlungsfeldern sein, gefunden: ${show(value, 'de')}`,
      );
      return ids;
    }
    value.forEach((domain, index) => {
      const path = `domains[${index}]`;
      if (!this.object(domain, path, true)) return;
      this.fields(domain, path, FIELDS.domain, message('a domain', 'eines Handlungsfelds'));
      const id = this.text(domain, 'id', `${path}.id`, true);
      if (id !== undefined) {
        if (ids.has(id))
          this.problem(
            `${path}.id "${id}" is used by an earlier domain; domain ids must be unique`,
            `${path}.id „${id}“ wird schon von einem früheren Handlungsfeld verwendet; die IDs der Handlungsfelder müssen eindeutig sein`,
          );
        ids.add(id);
      }
      this.localised(domain.label, `${path}.label`, false);
      const unused =
        combination.method !== undefined && combination.method !== 'weighted-mean'
          ? message(`combination.method "${combination.method}" does not use weights`, `combination.method „${combination.method}“ verwendet keine Gewichte`)
          : !combination.byDomain
            ? message(
                'domain weights are only used with combination.byDomain true',
                'Gewichte der Handlungsfelder werden nur mit combination.byDomain true verwendet',
              )
            : undefined;
      this.weight(domain.weight, `${path}.weight`, unused);
    });
    return ids;
  }

  private indicators(value: unknown, domainIds: Set<string>, combination: { method?: string; byDomain: boolean }): void {
    if (!Array.isArray(value) || value.length === 0) {
      if (value === undefined)
        this.problem('indicators is required: a list of at least one indicator', 'indicators fehlt: eine Liste mit mindestens einem Indikator');
      else
        this.problem(
          `indicators must be a non-empty list, found ${show(value)}`,
          `indicators muss eine nicht leere Liste sein, gefunden: ${show(value, 'de')}`,
        );
      return;
    }
    const columns = new Map<string, number>();
    let weightTotal = 0;
    value.forEach((indicator, index) => {
      const path = `indicators[${index}]`;
      if (!this.object(indicator, path, true)) return;
      this.fields(indicator, path, FIELDS.indicator, message('an indicator', 'eines Indikators'));
      const column = this.text(indicator, 'column', `${path}.column`, true);
      if (column !== undefined) {
        const first = columns.get(column);
        if (first !== undefined)
          this.problem(
            `${path}.column "${column}" is already indicators[${first}].column; each column can be used once`,
            `${path}.column „${column}“ ist schon indicators[${first}].column; jede Spalte kann nur einmal verwendet werden`,
          );
        else columns.set(column, index);
      }
      this.localised(indicator.label, `${path}.label`, false);
      for (const field of ['unit', 'date', 'source', 'numerator', 'denominator']) this.text(indicator, field, `${path}.${field}`, false);
      this.oneOf(indicator.direction, `${path}.direction`, NEED_DIRECTIONS, false);
      const unused =
        combination.method !== undefined && combination.method !== 'weighted-mean'
          ? message(`combination.method "${combination.method}" does not use weights`, `combination.method „${combination.method}“ verwendet keine Gewichte`)
          : undefined;
      weightTotal += this.weight(indicator.weight, `${path}.weight`, unused) ?? 1;
      const domain = this.text(indicator, 'domain', `${path}.domain`, false);
      if (domain !== undefined && !domainIds.has(domain)) {
        if (domainIds.size === 0) {
          this.problem(
            `${path}.domain "${domain}" names no domain: the spec has no domains list`,
            `${path}.domain „${domain}“ nennt kein Handlungsfeld: die Spezifikation hat keine Liste domains`,
          );
        } else {
          this.problem(
            `${path}.domain "${domain}" names no domain; the domains are ${[...domainIds].map((id) => `"${id}"`).join(', ')}`,
            `${path}.domain „${domain}“ nennt kein Handlungsfeld; die Handlungsfelder sind ${[...domainIds].map((id) => `„${id}“`).join(', ')}`,
          );
        }
      }
      if (domain === undefined && combination.byDomain)
        this.problem(`${path}.domain is required when combination.byDomain is true`, `${path}.domain ist nötig, wenn combination.byDomain true ist`);
      if (indicator.missingValues !== undefined && !(Array.isArray(indicator.missingValues) && indicator.missingValues.every(isFiniteNumber))) {
        this.problem(
          `${path}.missingValues must be a list of numbers such as [-9999], found ${show(indicator.missingValues)}`,
          `${path}.missingValues muss eine Liste von Zahlen wie [-9999] sein, gefunden: ${show(indicator.missingValues, 'de')}`,
        );
      }
      if (indicator.dataValues !== undefined && !(Array.isArray(indicator.dataValues) && indicator.dataValues.every(isFiniteNumber))) {
        this.problem(
          `${path}.dataValues must be a list of numbers such as [-9999], found ${show(indicator.dataValues)}`,
          `${path}.dataValues muss eine Liste von Zahlen wie [-9999] sein, gefunden: ${show(indicator.dataValues, 'de')}`,
        );
      }
    });
    if (combination.method === 'weighted-mean' && !combination.byDomain && weightTotal === 0) {
      this.problem(
        'the indicator weights add up to 0; a weighted mean needs at least one weight above 0',
        'die Gewichte der Indikatoren ergeben zusammen 0; ein gewichtetes Mittel braucht mindestens ein Gewicht über 0',
      );
    }
  }

  /** Every domain needs an indicator, and with weighted means its indicators need a weight above 0 between them. */
  private domainsUsed(domains: unknown[], indicators: unknown[], combination: { method?: string; byDomain: boolean }): void {
    let domainWeightTotal = 0;
    domains.forEach((domain, index) => {
      if (!isObject(domain) || typeof domain.id !== 'string') return;
      const members = indicators.filter((indicator) => isObject(indicator) && indicator.domain === domain.id) as Json[];
      if (members.length === 0)
        this.problem(
          `domains[${index}] ("${domain.id}") has no indicator; give an indicator "domain": "${domain.id}" or remove the domain`,
          `domains[${index}] („${domain.id}“) hat keinen Indikator; geben Sie einem Indikator "domain": "${domain.id}" oder entfernen Sie das Handlungsfeld`,
        );
      const weights = members.map((indicator) => (isFiniteNumber(indicator.weight) ? indicator.weight : 1));
      if (members.length > 0 && combination.method === 'weighted-mean' && weights.every((weight) => weight === 0)) {
        this.problem(
          `the weights of the indicators of domain "${domain.id}" add up to 0; its sub-index needs a weight above 0`,
          `die Gewichte der Indikatoren des Handlungsfelds „${domain.id}“ ergeben zusammen 0; sein Teilindex braucht ein Gewicht über 0`,
        );
      }
      domainWeightTotal += isFiniteNumber(domain.weight) ? domain.weight : 1;
    });
    if (combination.byDomain && combination.method === 'weighted-mean' && domainWeightTotal === 0) {
      this.problem(
        'the domain weights add up to 0; a weighted mean of the sub-indices needs at least one weight above 0',
        'die Gewichte der Handlungsfelder ergeben zusammen 0; ein gewichtetes Mittel der Teilindizes braucht mindestens ein Gewicht über 0',
      );
    }
  }

  private standardisation(value: unknown, indicators: unknown[]): void {
    if (!this.object(value, 'standardisation', true)) return;
    this.fields(value, 'standardisation', FIELDS.standardisation, message('the standardisation', 'der Standardisierung'));
    const method = this.oneOf(value.method, 'standardisation.method', STANDARDISATION_METHODS, true);
    this.oneOf(value.sd, 'standardisation.sd', ['population', 'sample'], false);
    const reference = value.reference;
    if (reference === undefined || reference === 'current') return;
    const path = 'standardisation.reference';
    if (!isObject(reference)) {
      this.problem(
        `${path} must be "current" or { "fixed": { "<column>": … } }, found ${show(reference)}`,
        `${path} muss "current" oder { "fixed": { "<Spalte>": … } } sein, gefunden: ${show(reference, 'de')}`,
      );
      return;
    }
    this.fields(reference, path, FIELDS.reference, message('a reference', 'einer Referenz'));
    if (!isObject(reference.fixed)) {
      this.problem(
        `${path}.fixed must be an object with the reference values per indicator column, found ${show(reference.fixed)}`,
        `${path}.fixed muss ein Objekt mit den Referenzwerten je Indikatorspalte sein, gefunden: ${show(reference.fixed, 'de')}`,
      );
      return;
    }
    if (method !== undefined && method !== 'z-score' && method !== 'min-max') {
      this.problem(
        `${path} can only be fixed for the methods "z-score" (mean and sd) and "min-max" (min and max), not for "${method}"`,
        `${path} kann nur für die Methoden „z-score“ (mean und sd) und „min-max“ (min und max) festgelegt werden, nicht für „${method}“`,
      );
      return;
    }
    const columns = indicators
      .filter(isObject)
      .map((indicator) => indicator.column)
      .filter((column): column is string => typeof column === 'string');
    for (const column of columns) {
      const entry = reference.fixed[column];
      const entryPath = `${path}.fixed.${column}`;
      if (entry === undefined)
        this.problem(
          `${entryPath} is required: a fixed reference needs values for every indicator`,
          `${entryPath} fehlt: eine feste Referenz braucht Werte für jeden Indikator`,
        );
      else if (method === 'min-max') this.minMax(entry, entryPath);
      else this.meanSd(entry, entryPath);
    }
    for (const column of Object.keys(reference.fixed)) {
      if (!columns.includes(column))
        this.problem(
          `${path}.fixed.${column} names no indicator column; the indicator columns are ${columns.join(', ')}`,
          `${path}.fixed.${column} nennt keine Indikatorspalte; die Indikatorspalten sind ${columns.join(', ')}`,
        );
    }
  }

  private validity(value: unknown): void {
    if (!this.object(value, 'validity', false)) return;
    this.fields(value, 'validity', FIELDS.validity, message('the validity rule', 'der Gültigkeitsregel'));
    const column = this.text(value, 'populationColumn', 'validity.populationColumn', false);
    if (value.minPopulation !== undefined) {
      if (!isFiniteNumber(value.minPopulation) || value.minPopulation < 0) {
        this.problem(
          `validity.minPopulation must be a number of inhabitants ≥ 0, found ${show(value.minPopulation)}`,
          `validity.minPopulation muss eine Einwohnerzahl ≥ 0 sein, gefunden: ${show(value.minPopulation, 'de')}`,
        );
      } else if (column === undefined) {
        this.problem(
          'validity.minPopulation needs validity.populationColumn: the column holding the population of each area',
          'validity.minPopulation braucht validity.populationColumn: die Spalte mit der Einwohnerzahl jedes Gebiets',
        );
      }
    }
    this.oneOf(value.missing, 'validity.missing', ['exclude-area', 'skip-indicator'], false);
  }

  private classification(value: unknown): void {
    if (!this.object(value, 'classification', true)) return;
    const path = 'classification';
    this.fields(value, path, FIELDS.classification, message('the classification', 'der Klassifikation'));
    const method = this.oneOf(value.method, `${path}.method`, CLASSIFICATION_METHODS, true);
    if (method === undefined) return;
    let classes: number | undefined;
    if (BREAK_METHODS.has(method)) {
      const breaks = value.breaks;
      if (!Array.isArray(breaks) || breaks.length === 0 || !breaks.every(isFiniteNumber)) {
        this.problem(
          `${path}.breaks must be a non-empty list of numbers for method "${method}"${method === 'standard-deviation' ? ' (multiples of the SD, e.g. [-1, 1, 1.5])' : ''}, found ${show(breaks)}`,
          `${path}.breaks muss für die Methode „${method}“ eine nicht leere Liste von Zahlen sein${method === 'standard-deviation' ? ' (Vielfache der Standardabweichung, z. B. [-1, 1, 1.5])' : ''}, gefunden: ${show(breaks, 'de')}`,
        );
        return;
      }
      const unordered = breaks.findIndex((limit, index) => index > 0 && limit <= breaks[index - 1]!);
      if (unordered > 0) {
        this.problem(
          `${path}.breaks must be strictly ascending, but breaks[${unordered}] = ${breaks[unordered]} follows ${breaks[unordered - 1]}`,
          `${path}.breaks muss streng aufsteigend sein, aber breaks[${unordered}] = ${germanNumber(breaks[unordered]!)} folgt auf ${germanNumber(breaks[unordered - 1]!)}`,
        );
      }
      classes = breaks.length + 1;
      if (value.classes !== undefined && value.classes !== classes) {
        this.problem(
          `${path}.classes is ${show(value.classes)}, but ${breaks.length} breaks make ${classes} classes; remove classes or make them agree`,
          `${path}.classes ist ${show(value.classes, 'de')}, aber ${breaks.length} Klassengrenzen ergeben ${classes} Klassen; entfernen Sie classes oder gleichen Sie die Angaben an`,
        );
      }
    } else {
      if (!Number.isInteger(value.classes) || (value.classes as number) < 1 || (value.classes as number) > 100) {
        this.problem(
          `${path}.classes must be a whole number from 1 to 100 for method "${method}", found ${show(value.classes)}`,
          `${path}.classes muss für die Methode „${method}“ eine ganze Zahl von 1 bis 100 sein, gefunden: ${show(value.classes, 'de')}`,
        );
        return;
      }
      classes = value.classes as number;
      if (value.breaks !== undefined)
        this.problem(
          `${path}.breaks is only used by the methods "standard-deviation" and "manual", not "${method}"`,
          `${path}.breaks wird nur von den Methoden „standard-deviation“ und „manual“ verwendet, nicht von „${method}“`,
        );
    }
    if (value.equalTo !== undefined) {
      const sides = value.equalTo;
      if (!Array.isArray(sides) || !sides.every((side) => side === 'lower' || side === 'upper')) {
        this.problem(
          `${path}.equalTo must be a list of "lower" or "upper", one per break, found ${show(sides)}`,
          `${path}.equalTo muss eine Liste aus "lower" oder "upper" sein, eine Angabe je Klassengrenze, gefunden: ${show(sides, 'de')}`,
        );
      } else if (sides.length !== classes - 1) {
        this.problem(
          `${path}.equalTo has ${sides.length} entries, but there are ${classes - 1} breaks; give one per break`,
          `${path}.equalTo hat ${sides.length} Einträge, es gibt aber ${classes - 1} Klassengrenzen; geben Sie einen je Klassengrenze an`,
        );
      }
    }
    if (value.labels !== undefined) {
      if (!Array.isArray(value.labels)) {
        this.problem(
          `${path}.labels must be a list with one label per class, found ${show(value.labels)}`,
          `${path}.labels muss eine Liste mit einer Beschriftung je Klasse sein, gefunden: ${show(value.labels, 'de')}`,
        );
      } else {
        if (value.labels.length !== classes)
          this.problem(
            `${path}.labels has ${value.labels.length} labels, but there are ${classes} classes; give one label per class`,
            `${path}.labels hat ${value.labels.length} Beschriftungen, es gibt aber ${classes} Klassen; geben Sie eine Beschriftung je Klasse an`,
          );
        value.labels.forEach((label, index) => this.localised(label, `${path}.labels[${index}]`, true));
      }
    }
  }

  private meanSd(value: unknown, path: string): void {
    if (!this.object(value, path, true)) return;
    this.fields(value, path, FIELDS.meanSd, message('reference values', 'von Referenzwerten'));
    if (!isFiniteNumber(value.mean))
      this.problem(`${path}.mean must be a number, found ${show(value.mean)}`, `${path}.mean muss eine Zahl sein, gefunden: ${show(value.mean, 'de')}`);
    if (!isFiniteNumber(value.sd) || value.sd <= 0)
      this.problem(`${path}.sd must be a number above 0, found ${show(value.sd)}`, `${path}.sd muss eine Zahl über 0 sein, gefunden: ${show(value.sd, 'de')}`);
  }

  private minMax(value: unknown, path: string): void {
    if (!this.object(value, path, true)) return;
    this.fields(value, path, FIELDS.minMax, message('reference values', 'von Referenzwerten'));
    if (!isFiniteNumber(value.min))
      this.problem(`${path}.min must be a number, found ${show(value.min)}`, `${path}.min muss eine Zahl sein, gefunden: ${show(value.min, 'de')}`);
    if (!isFiniteNumber(value.max))
      this.problem(`${path}.max must be a number, found ${show(value.max)}`, `${path}.max muss eine Zahl sein, gefunden: ${show(value.max, 'de')}`);
    else if (isFiniteNumber(value.min) && value.max <= value.min)
      this.problem(
        `${path}.max must be above ${path}.min (${value.min}), found ${value.max}`,
        `${path}.max muss über ${path}.min (${germanNumber(value.min)}) liegen, gefunden: ${germanNumber(value.max)}`,
      );
  }

  /**
   * A weight must be finite and ≥ 0, and differ from 1 only where the combination uses it, since a weight that is
   * silently ignored would publish a method other than the one the spec seems to say.
   */
  private weight(value: unknown, path: string, unused: Message | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (!isFiniteNumber(value) || value < 0) {
      this.problem(`${path} must be a number ≥ 0, found ${show(value)}`, `${path} muss eine Zahl ≥ 0 sein, gefunden: ${show(value, 'de')}`);
      return undefined;
    }
    if (value !== 1 && unused !== undefined) {
      this.problem(
        `${path} is ${value}, but ${unused.en}; remove the weight or change the combination`,
        `${path} ist ${germanNumber(value)}, aber ${unused.de}; entfernen Sie das Gewicht oder ändern Sie die Kombination`,
      );
    }
    return value;
  }

  private object(value: unknown, path: string, required: boolean): value is Json {
    if (value === undefined) {
      if (required) this.problem(`${path} is required`, `${path} fehlt`);
      return false;
    }
    if (!isObject(value)) {
      this.problem(`${path} must be an object, found ${show(value)}`, `${path} muss ein Objekt sein, gefunden: ${show(value, 'de')}`);
      return false;
    }
    return true;
  }

  private text(object: Json, field: string, path: string, required: boolean): string | undefined {
    const value = object[field];
    if (value === undefined) {
      if (required) this.problem(`${path} is required`, `${path} fehlt`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(`${path} must be a non-empty text, found ${show(value)}`, `${path} muss ein nicht leerer Text sein, gefunden: ${show(value, 'de')}`);
      return undefined;
    }
    return value;
  }

  private localised(value: unknown, path: string, required: boolean): void {
    if (value === undefined) {
      if (required) this.problem(`${path} is required`, `${path} fehlt`);
      return;
    }
    if (typeof value === 'string') return;
    if (!isObject(value) || typeof value.de !== 'string' || (value.en !== undefined && typeof value.en !== 'string')) {
      this.problem(
        `${path} must be a text or { "de": "…", "en": "…" }, found ${show(value)}`,
        `${path} muss ein Text oder { "de": "…", "en": "…" } sein, gefunden: ${show(value, 'de')}`,
      );
      return;
    }
    this.fields(value, path, FIELDS.localised, message('a localised text', 'eines mehrsprachigen Textes'));
  }

  private boolean(value: unknown, path: string): void {
    if (value !== undefined && typeof value !== 'boolean')
      this.problem(`${path} must be true or false, found ${show(value)}`, `${path} muss true oder false sein, gefunden: ${show(value, 'de')}`);
  }

  private oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], required: boolean): T | undefined {
    if (value === undefined) {
      if (required)
        this.problem(
          `${path} is required: one of ${allowed.map((option) => `"${option}"`).join(', ')}`,
          `${path} fehlt: einer der Werte ${allowed.map((option) => `"${option}"`).join(', ')}`,
        );
      return undefined;
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const options = allowed.map((option) => `"${option}"`);
    const expected = options.length === 2 ? `${options[0]} or ${options[1]}` : `one of ${options.join(', ')}`;
    const erwartet = options.length === 2 ? `${options[0]} oder ${options[1]}` : `einer der Werte ${options.join(', ')}`;
    this.problem(`${path} must be ${expected}, found ${show(value)}`, `${path} muss ${erwartet} sein, gefunden: ${show(value, 'de')}`);
    return undefined;
  }

  private fields(object: Json, path: string, known: readonly string[], what: Message): void {
    for (const field of Object.keys(object)) {
      if (known.includes(field) || field.startsWith('$')) continue;
      const near = known.find((candidate) => editDistance(candidate.toLowerCase(), field.toLowerCase()) <= 2);
      const name = `${path ? `${path}.` : ''}${field}`;
      this.problem(
        `${name} is not a field of ${what.en}${near ? `; did you mean "${near}"?` : `; the fields are ${known.join(', ')}`}`,
        `${name} ist kein Feld ${what.de}${near ? `; meinten Sie „${near}“?` : `; die Felder sind ${known.join(', ')}`}`,
      );
    }
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A value as it would be written in the JSON, shortened, for "found …". */
function show(value: unknown, language: 'de' | 'en' = 'en'): string {
  const de = language === 'de';
  if (value === undefined) return de ? 'nichts' : 'nothing';
  // JSON would write Infinity and NaN (1e400 in a file) as null, and overflows the stack on very deep nesting.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    if (de) return Array.isArray(value) ? 'eine zu tief verschachtelte Liste' : 'ein zu tief verschachteltes Objekt';
    text = Array.isArray(value) ? 'a list nested too deeply to show' : 'an object nested too deeply to show';
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Levenshtein distance, for suggesting the field a typo meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
