import { resolveRecords } from '../src/modules/identity/engine';
import { resolutionConfig } from '../src/modules/identity/resolution-config';
import { exactIdentifierProfiles } from './support/identity-baseline';
import { allDatasets } from './support/identity-datasets';
import { syntheticPopulation } from './support/identity-synthetic';
import { clusterQuality, type ClusterQuality } from './support/identity-scores';

/**
 * Identity-resolution quality on the ground-truth data sets in shared/datasets: the engine with its default
 * configuration (EM-estimated weights, fixed thresholds) next to the exact-identifier baseline of the
 * foundation, in the same run. Truth labels are read only here, for scoring. A seeded synthetic population
 * of IDENTITY_SCALE records (default 100000; 0 skips it) checks that the engine holds up at that size.
 * Run: node -r @swc-node/register bench/identity-quality.ts
 */
function main(): void {
  const rows: string[][] = [];
  const scale = Number(process.env.IDENTITY_SCALE ?? 100_000);
  const datasets = [...allDatasets(), ...(scale > 0 ? [syntheticPopulation(scale)] : [])];
  for (const dataset of datasets) {
    const config = resolutionConfig(dataset.config);
    const started = performance.now();
    const resolution = resolveRecords(dataset.records, config);
    const engineMs = performance.now() - started;
    const baselineStarted = performance.now();
    const baseline = exactIdentifierProfiles(dataset.records, config.defaultRegion);
    const baselineMs = performance.now() - baselineStarted;
    rows.push(row(dataset.name, 'engine', clusterQuality(resolution.profiles, dataset.truth), engineMs));
    rows.push(row(dataset.name, 'exact ids', clusterQuality(baseline, dataset.truth), baselineMs));
    const { stats } = resolution;
    process.stderr.write(
      `${dataset.name}: ${stats.records} records, ${stats.candidatePairs} candidate pairs, ${stats.patterns} patterns, ` +
        `EM ${stats.estimation?.iterations} iterations${stats.estimation?.converged ? '' : ' (not converged)'}, ` +
        `${resolution.reviews.length} review pairs, ${resolution.dropped.length} dropped links, ` +
        `prior ${resolution.model.prior.toFixed(4)}, ms ${JSON.stringify(stats.millis)}` +
        (stats.oversizedBlocks.length ? `, oversized blocks ${JSON.stringify(stats.oversizedBlocks)}` : '') +
        (stats.estimation?.keptAtStart.length ? `, kept at start: ${stats.estimation.keptAtStart.join(',')}` : '') +
        '\n',
    );
  }
  printTable(['data set', 'resolver', 'precision', 'recall', 'F1', 'B3 precision', 'B3 recall', 'B3 F1', 'pairs predicted/true', 'time'], rows);
}

function row(dataset: string, resolver: string, quality: ClusterQuality, millis: number): string[] {
  const f = (value: number) => value.toFixed(4);
  return [
    dataset,
    resolver,
    f(quality.precision),
    f(quality.recall),
    f(quality.f1),
    f(quality.bcubedPrecision),
    f(quality.bcubedRecall),
    f(quality.bcubedF1),
    `${quality.predictedPairs}/${quality.truePairs}`,
    `${(millis / 1000).toFixed(2)} s`,
  ];
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((cells) => cells[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |\n`;
  process.stdout.write(line(header) + line(widths.map((width) => '-'.repeat(width))) + rows.map(line).join(''));
}

main();
