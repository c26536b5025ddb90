import { describe, expect, it } from 'vitest';
import { birthDateProblem, propertiesProblem, quoteValue, textProblem, textValueProblem, timeProblem } from './value-limits';

describe('value limits', () => {
  it('quotes the first 40 characters of a value, control characters escaped, emoji whole', () => {
    expect(quoteValue('k'.repeat(200_000))).toBe(`${'k'.repeat(40)}…`);
    expect(quoteValue('a\u0000b\nc')).toBe('a\\u0000b\\u000ac');
    expect(quoteValue('😀'.repeat(41))).toBe(`${'😀'.repeat(40)}…`);
    expect(quoteValue({ nested: true })).toBe('{"nested":true}');
  });

  it('refuses NUL and lone surrogates everywhere, other control characters except tab and line breaks in free text', () => {
    expect(textProblem('a\u0000b', true)).toBe('contains a NUL character (U+0000)');
    expect(textProblem('half \ud800', true)).toBe('is not well-formed Unicode (a lone surrogate)');
    expect(textProblem('pair 😀', false)).toBeUndefined();
    expect(textProblem('line\nbreak\tand tab\r', true)).toBeUndefined();
    expect(textProblem('line\nbreak', false)).toBe('contains the control character U+000A');
    expect(textProblem('bell\u0007', true)).toBe('contains the control character U+0007');
    expect(textProblem('del\u007f', true)).toBe('contains the control character U+007F');
    expect(textValueProblem('😀'.repeat(501), false)).toBe('is 2004 bytes as UTF-8; at most 2000 are stored');
  });

  it('takes only real calendar dates of birth from 1900 up to today', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(birthDateProblem('1992-02-29', now)).toBeUndefined();
    expect(birthDateProblem('2026-12-07', now)).toBeUndefined();
    expect(birthDateProblem('2026-12-09', now)).toBe("'2026-12-09' is in the future");
    expect(birthDateProblem('1900-02-29', now)).toBe("'1900-02-29' is not a calendar date");
    expect(birthDateProblem('1899-12-31', now)).toBe("'1899-12-31' is before 1900-01-01");
    expect(birthDateProblem('03/04/1990', now)).toBe('must be YYYY-MM-DD');
  });

  it('keeps event times between 1900 and 2100', () => {
    expect(timeProblem(new Date('1900-01-01T00:00:00Z'))).toBeUndefined();
    expect(timeProblem(new Date('0000-01-01T00:00:00Z'))).toMatch(/is outside 1900-01-01 to 2100-01-01$/);
    expect(timeProblem(new Date('2100-01-01T00:00:00Z'))).toMatch(/is outside/);
  });

  it('bounds event properties by JSON size and depth and refuses what JSON cannot carry', () => {
    expect(propertiesProblem({ a: [1, { b: 'x' }], c: null })).toBeUndefined();
    expect(propertiesProblem({ blob: 'x'.repeat(32 * 1024) })).toMatch(/^are \d+ bytes as JSON; at most 32768 are stored$/);
    let deep: unknown = 1;
    for (let level = 0; level < 8; level++) deep = [deep];
    expect(propertiesProblem({ deep })).toBe('nest deeper than 8 levels');
    expect(propertiesProblem({ when: new Date() })).toBe('hold an object that is no plain JSON object');
    expect(propertiesProblem({ n: Number.POSITIVE_INFINITY })).toBe('hold a number that is not finite (Infinity)');
    expect(propertiesProblem({ 'k\u0000': 1 })).toBe("hold a key 'k\\u0000' that contains a NUL character (U+0000)");
  });
});
