/** One benchmark's figures: the subject next to its baseline from the same run, and the goals judged. */
export interface BenchResult {
  name: string;
  title: string;
  /** Lines for the table: label → figures, subject first, baseline second. */
  rows: { label: string; figures: Record<string, number | string> }[];
  ratio: { description: string; value: number };
  goals: GoalResult[];
  /** Printed under the goals: where the time went, caveats. */
  notes?: string[];
  /** Anything else worth keeping in the JSON (counts, statements, sizes). */
  details: Record<string, unknown>;
}

export interface GoalResult {
  description: string;
  actual: number;
  comparator: '>=' | '<';
  target: number;
  unit: string;
  pass: boolean;
}

export function goal(description: string, actual: number, comparator: '>=' | '<', target: number, unit = ''): GoalResult {
  const pass = comparator === '>=' ? actual >= target : actual < target;
  return { description, actual, comparator, target, unit, pass };
}

/** "MISS by 56% (0.22 of 0.5)" for at-least goals, "MISS by 4.1 ms" for below goals. */
export function describeGoal(result: GoalResult): string {
  const verdict = result.pass ? 'PASS' : 'MISS';
  const shown = `${round(result.actual)}${result.unit} (goal ${result.comparator} ${result.target}${result.unit})`;
  if (result.pass) return `${verdict}  ${shown}`;
  if (result.comparator === '>=') {
    const short = (1 - result.actual / result.target) * 100;
    return `${verdict}  ${shown}: ${round(short)}% short, needs ${round(result.target / result.actual)}x`;
  }
  return `${verdict}  ${shown}: over by ${round(result.actual - result.target)}${result.unit} (${round(result.actual / result.target)}x the limit)`;
}

export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return Number(value.toFixed(digits));
}

export function printResult(result: BenchResult): void {
  const lines = [`\n== ${result.name}: ${result.title}`];
  const labelWidth = Math.max(...result.rows.map((row) => row.label.length));
  for (const row of result.rows) {
    const figures = Object.entries(row.figures)
      .map(([key, value]) => `${key} ${typeof value === 'number' ? round(value).toLocaleString('en-US') : value}`)
      .join('   ');
    lines.push(`  ${row.label.padEnd(labelWidth)} : ${figures}`);
  }
  lines.push(`  ratio ${result.ratio.description}: ${round(result.ratio.value)}`);
  for (const goalResult of result.goals) lines.push(`  goal  ${goalResult.description}: ${describeGoal(goalResult)}`);
  for (const note of result.notes ?? []) lines.push(`  note  ${note}`);
  process.stdout.write(lines.join('\n') + '\n');
}
