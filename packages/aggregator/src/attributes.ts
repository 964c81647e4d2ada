// The aggregator's text attributes read into what the computation takes: the coverage method and the statistics,
// refused with a message naming the attribute when they name nothing known.
import { COVERAGE_METHODS, SozialraumError, message, type CoverageMethod } from '@sozialraum/core';
import { AREA_STATISTICS, type AreaStatisticName } from '@sozialraum/worker';

export function parseList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function parseStats(text: string, source: string): AreaStatisticName[] {
  const names = parseList(text);
  if (names.length === 0) return ['sum'];
  for (const name of names) {
    if (!(AREA_STATISTICS as readonly string[]).includes(name)) {
      throw new SozialraumError(
        'unknown-field',
        message(
          `"${name}" is not a statistic; choose from ${AREA_STATISTICS.join(', ')}`,
          `„${name}“ ist keine Statistik; zur Wahl stehen ${AREA_STATISTICS.join(', ')}`,
        ),
        { source, column: 'stats' },
      );
    }
  }
  return [...new Set(names)] as AreaStatisticName[];
}

export function parseMethod(text: string, source: string): CoverageMethod {
  const method = (text || 'exact').trim();
  if (!(COVERAGE_METHODS as readonly string[]).includes(method)) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `"${method}" is not a method; choose from ${COVERAGE_METHODS.join(', ')}`,
        `„${method}“ ist keine Methode; zur Wahl stehen ${COVERAGE_METHODS.join(', ')}`,
      ),
      { source, column: 'method' },
    );
  }
  return method as CoverageMethod;
}
