import type { TraitType } from '../../../connectors/sdk';
import type { TraitDefinition } from '../profiles';
import type { ScalarValue, ValueTest } from './value-test';

/** The operators each trait type takes: a comparison that does not fit is refused, never run as text. */
const OPERATORS_OF: Record<TraitType, readonly ValueTest['op'][]> = {
  number: ['EXISTS', 'EQ', 'NEQ', 'IN', 'GT', 'GTE', 'LT', 'LTE'],
  text: ['EXISTS', 'EQ', 'NEQ', 'IN', 'CONTAINS'],
  boolean: ['EXISTS', 'EQ', 'NEQ', 'IN'],
  date: ['EXISTS', 'EQ', 'NEQ', 'IN', 'CONTAINS', 'GT', 'GTE', 'LT', 'LTE'],
  datetime: ['EXISTS', 'EQ', 'NEQ', 'IN', 'CONTAINS', 'GT', 'GTE', 'LT', 'LTE'],
};

const NUMERIC_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** What the error says of where a key's type comes from. */
function provenance(definition: TraitDefinition): string {
  if (definition.origin === 'canonical') return 'a canonical field';
  if (definition.origin === 'connector') return `declared by ${definition.connectors.join(', ')}`;
  return 'inferred from its values';
}

/**
 * A trait test made to fit its key's type: a numeric key's values become numbers ("10000" is 10000), a boolean
 * key's "true"/"false" booleans. Returns the reason when it cannot fit (an operator the type does not take, a
 * value that is not of the type): the caller refuses the definition, or, for one saved earlier, matches no one.
 */
export function fitTraitTest(test: ValueTest, definition: TraitDefinition): ValueTest | { misfit: string; field: 'op' | 'value' } {
  const { key, type } = definition;
  const described = `trait '${key}' is ${type === 'text' ? 'text' : `a ${type}`} (${provenance(definition)})`;
  if (!OPERATORS_OF[type].includes(test.op)) {
    return { field: 'op', misfit: `${test.op} does not apply: ${described}; use ${OPERATORS_OF[type].join(', ')}` };
  }
  const fit = (value: ScalarValue): ScalarValue | undefined => {
    switch (type) {
      case 'number':
        if (typeof value === 'number') return value;
        return typeof value === 'string' && NUMERIC_TEXT.test(value.trim()) ? Number(value.trim()) : undefined;
      case 'boolean':
        if (typeof value === 'boolean') return value;
        return typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;
      case 'date':
      case 'datetime':
        // Ordered as written: only a date (or date-time) can be a bound; equality may name any text.
        if (['GT', 'GTE', 'LT', 'LTE'].includes(test.op)) return typeof value === 'string' && DATE_TEXT.test(value) ? value : undefined;
        return String(value);
      default:
        return String(value);
    }
  };
  const expected = { number: 'a number', boolean: 'true or false', date: 'a date (YYYY-MM-DD)', datetime: 'a date or date-time (ISO 8601)', text: 'text' }[type];
  const misfit = (value: ScalarValue) => ({ field: 'value' as const, misfit: `${described}; ${test.op} needs ${expected}, not ${JSON.stringify(value).slice(0, 60)}` });
  switch (test.op) {
    case 'EXISTS':
      return test;
    case 'IN': {
      const values: ScalarValue[] = [];
      for (const value of test.values) {
        const fitted = fit(value);
        if (fitted === undefined) return misfit(value);
        values.push(fitted);
      }
      return { ...test, values };
    }
    case 'CONTAINS':
      return test;
    default: {
      const fitted = fit(test.value);
      if (fitted === undefined) return misfit(test.value);
      return { ...test, value: fitted } as ValueTest;
    }
  }
}
