// The audit of a suppression pattern, as τ-ARGUS performs it: for every withheld value, the range of values that is
// consistent with everything published (the shown values and every sum that links them), by linear programming.
import { solve, type Coefficients, type Constraint } from 'yalps';

/** One published relation of a table: the value of `total` is the sum of the values of `parts`. */
export interface CellRelation {
  total: number;
  parts: readonly number[];
}

/**
 * What a reader sees of one cell: its value, 'withheld' (suppressed: a reader knows only that it is a count, 0 or
 * more), or 'missing' (no value at all: the cell takes no part in any sum, as a child without value under
 * `sum-known`, and a total without value links nothing).
 */
export type PublishedCell = number | 'withheld' | 'missing';

/** The values a withheld cell can take, given everything published. `high` is Infinity when nothing bounds it. */
export interface FeasibilityInterval {
  low: number;
  high: number;
}

export interface AuditResult {
  /** The interval of every withheld cell asked about, by cell position. */
  intervals: Map<number, FeasibilityInterval>;
  /** Withheld cells whose interval holds neither 0 nor a value of `minCount` or more: their small count is proven. */
  failing: number[];
}

/** Slack for sums of fractional counts (shares of grid cells); counts themselves are whole. */
const EPSILON = 1e-6;

/**
 * The protection criterion: a withheld value is protected when the values consistent with what is published include
 * 0 or a value of `minCount` or more, so nobody can prove that a small count above 0 is there.
 */
export function isProtected(interval: FeasibilityInterval, minCount: number): boolean {
  return interval.low <= EPSILON || interval.high >= minCount - EPSILON;
}

/**
 * The feasibility interval of every withheld cell in `cells` (by default all), from the published values and
 * relations only, as an attacker would compute it: each withheld value is a variable of 0 or more, each relation
 * whose total has a value an equation, and the interval is the minimum and the maximum of the variable under them
 * (two linear programs). Relations that link no withheld value say nothing and are left out; the rest falls apart
 * into groups that share no relation, solved one by one, so that the programs stay as small as the links.
 */
export function feasibilityIntervals(
  published: readonly PublishedCell[],
  relations: readonly CellRelation[],
  cells?: Iterable<number>,
): Map<number, FeasibilityInterval> {
  const equations = linkingEquations(published, relations);
  const component = components(published, equations);
  const byComponent = new Map<number, number[]>();
  equations.forEach((equation, index) => {
    const root = component.find(equation.cells[0]!);
    const list = byComponent.get(root);
    if (list) list.push(index);
    else byComponent.set(root, [index]);
  });
  const intervals = new Map<number, FeasibilityInterval>();
  const models = new Map<number, ComponentModel>();
  const asked = cells ? [...cells] : published.flatMap((cell, index) => (cell === 'withheld' ? [index] : []));
  for (const cell of asked) {
    if (published[cell] !== 'withheld') continue;
    const root = component.find(cell);
    const own = byComponent.get(root);
    // A withheld value that no relation holds can be anything from 0 up.
    if (!own) {
      intervals.set(cell, { low: 0, high: Infinity });
      continue;
    }
    let model = models.get(root);
    if (!model) {
      model = componentModel(own.map((index) => equations[index]!));
      models.set(root, model);
    }
    intervals.set(cell, { low: optimum(model, cell, 'minimize'), high: optimum(model, cell, 'maximize') });
  }
  return intervals;
}

/** The audit of a pattern: the intervals of the withheld cells (`cells`, by default all) and those that fail the criterion. */
export function auditSuppression(
  published: readonly PublishedCell[],
  relations: readonly CellRelation[],
  minCount: number,
  cells?: Iterable<number>,
): AuditResult {
  const intervals = feasibilityIntervals(published, relations, cells);
  const failing = [...intervals].filter(([, interval]) => !isProtected(interval, minCount)).map(([cell]) => cell);
  return { intervals, failing };
}

/** A relation as an equation over its withheld cells: Σ coefficient × value = constant. */
interface Equation {
  cells: number[];
  coefficients: number[];
  constant: number;
}

function linkingEquations(published: readonly PublishedCell[], relations: readonly CellRelation[]): Equation[] {
  const equations: Equation[] = [];
  for (const relation of relations) {
    const total = published[relation.total];
    if (total === 'missing' || total === undefined) continue;
    const cells: number[] = [];
    const coefficients: number[] = [];
    let constant = 0;
    const add = (cell: number, sign: number) => {
      const value = published[cell];
      if (value === 'missing' || value === undefined) return;
      if (value === 'withheld') {
        cells.push(cell);
        coefficients.push(sign);
      } else {
        constant -= sign * value;
      }
    };
    add(relation.total, 1);
    for (const part of relation.parts) add(part, -1);
    if (cells.length > 0) equations.push({ cells, coefficients, constant });
  }
  return equations;
}

interface UnionFind {
  find(cell: number): number;
}

function components(published: readonly PublishedCell[], equations: readonly Equation[]): UnionFind {
  const parent = Array.from(published, (_, index) => index);
  const find = (cell: number): number => {
    let root = cell;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[cell] !== root) {
      const next = parent[cell]!;
      parent[cell] = root;
      cell = next;
    }
    return root;
  };
  for (const { cells } of equations) {
    const first = find(cells[0]!);
    for (const cell of cells.slice(1)) {
      const root = find(cell);
      if (root !== first) parent[root] = first;
    }
  }
  return { find };
}

interface ComponentModel {
  constraints: Map<string, Constraint>;
  variables: Map<string, [string, number][]>;
}

function componentModel(equations: readonly Equation[]): ComponentModel {
  const constraints = new Map<string, Constraint>();
  const variables = new Map<string, [string, number][]>();
  equations.forEach((equation, index) => {
    const name = `r${index}`;
    constraints.set(name, { equal: equation.constant });
    equation.cells.forEach((cell, position) => {
      const key = `c${cell}`;
      const list = variables.get(key);
      const entry: [string, number] = [name, equation.coefficients[position]!];
      if (list) list.push(entry);
      else variables.set(key, [entry]);
    });
  });
  return { constraints, variables };
}

function optimum(model: ComponentModel, cell: number, direction: 'minimize' | 'maximize'): number {
  const target = `c${cell}`;
  const variables = function* (): Generator<[string, Coefficients]> {
    for (const [key, coefficients] of model.variables) yield [key, key === target ? [...coefficients, ['objective', 1]] : coefficients];
  };
  const solution = solve({ direction, objective: 'objective', constraints: model.constraints, variables: variables() });
  if (solution.status === 'optimal') return solution.result;
  if (solution.status === 'unbounded') return direction === 'maximize' ? Infinity : 0;
  // The published values come from one table, so the program always has a solution; should the solver stop
  // without one, the value is taken as pinned down, which makes the pattern fail and more values be withheld.
  return direction === 'maximize' ? 0 : Infinity;
}
