// A spec that shows one column of an indicator table as it is: the choropleth's single-indicator view.
import type { IndexSpec } from './spec.js';
import { columnLabel, presetIndicator } from './labels.js';

/**
 * A spec that shows one column of the table as it is: no standardisation, five quantile classes. When the column
 * is part of `base` (a preset or an index spec), its label, unit, missing-value codes and the validity rule come
 * from there, so that `indicator="S4" preset="mss-2021-status"` leaves out the same areas MSS does; a column no base
 * names but a preset knows by its code takes that preset's label and, when none are given, its missing-value codes.
 */
export function indicatorSpec(column: string, base: IndexSpec | undefined, missingValues: number[]): IndexSpec {
  const known = base?.indicators.find((indicator) => indicator.column === column);
  // A code a preset knows (S4 of the MSS tables) keeps its missing-value codes when the page names none, so that
  // -9999 is no child-poverty rate of its own.
  const codes = known?.missingValues ?? (missingValues.length > 0 ? missingValues : (presetIndicator(column)?.missingValues ?? []));
  // A column the base does not describe still gets a readable label (and the unit the toolkit knows for it).
  const named = columnLabel(column, 'de', base);
  const english = columnLabel(column, 'en', base).label;
  const label = known?.label ?? (english === named.label ? named.label : { de: named.label, en: english });
  const unit = known?.unit ?? named.unit;
  return {
    specVersion: 1,
    id: `indicator-${column}`,
    title: label,
    indicators: [
      {
        column,
        label,
        ...(unit ? { unit } : {}),
        ...(known?.date ? { date: known.date } : {}),
        ...(known?.source ? { source: known.source } : {}),
        // The raw value is shown, so it is not turned round even where lower values mean more need.
        direction: 'higher-is-need',
        ...(codes.length > 0 ? { missingValues: codes } : {}),
      },
    ],
    standardisation: { method: 'none' },
    combination: { method: 'sum' },
    ...(base?.validity ? { validity: base.validity } : {}),
    classification: { method: 'quantile', classes: 5 },
    direction: known?.direction ?? 'higher-is-need',
  };
}
