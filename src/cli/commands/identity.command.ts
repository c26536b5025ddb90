import type { Command } from 'commander';
import { ESTIMATION_SAMPLE_SIZE, MIN_RECORDS_FOR_ESTIMATE, MODEL_CACHE_MS, RERESOLVE_ACTOR, type FieldLevels, type MatchModelInUse, type ReresolutionExample, type ReresolutionReport } from '../../modules/identity';
import { cliActor } from '../../modules/audit';
import { runCommand, withHub } from '../command-runner';
import { oneLine } from '../one-line';

const PICKUP_SECONDS = MODEL_CACHE_MS / 1000;
const APPLY_HINT = 'not applied: run `hub identity estimate-model --apply` to estimate again and apply the result';

const FIELD_LINE_HELP = `A field line is tab-separated: the field, then one cell per agreement level, strongest agreement first:
the level, m = P(level | same person), u = P(level | different people) (three significant digits) and
weight = log2(m/u), signed, two decimals: what that level adds to a pair's score (negative: against a match).`;

export function registerIdentityCommands(program: Command): void {
  const identity = program
    .command('identity')
    .description('identity resolution: the match model incremental resolution scores record pairs with, and re-resolving the store')
    .addHelpText(
      'after',
      `
A running \`hub start\` or \`hub worker\` picks up a newly applied model within ${PICKUP_SECONDS} seconds; records
resolved before keep their profiles.
`,
    );

  identity
    .command('model')
    .description('print the match model in use: where it comes from, its prior, and per field the m, u and weight of each level')
    .addHelpText(
      'after',
      `
Prints one "key: value" line each, then one line per field comparison, in the engine's order:
  origin: estimated     start (nothing stored: the start model, HUB_IDENTITY_RULES' startModel when set),
                        estimated or configured (a stored model)
  id: mdl_01j…          "none" for the start model
  made: 2026-11-24T13:27:01.256Z   when it was stored; "none" for the start model
  records: 1500         records it was estimated from; "none" for the start model
  pairs: 3210           their candidate pairs; "none" for the start model
  prior: 0.0200         P(match) of a candidate pair before its fields are compared
  given_name	exact m=0.850 u=0.0500 weight=+4.09	close m=0.0700 u=0.0100 weight=+2.81	…
${FIELD_LINE_HELP}
`,
    )
    .action(() =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          process.stdout.write(lines(modelLines(await services.identity.matchModel.current())));
        }),
      ),
    );

  identity
    .command('estimate-model')
    .description('estimate the match model from the stored records by EM and print it beside the one in use; --apply makes it the one in use')
    .option('--apply', 'store the estimate as the model in use')
    .addHelpText(
      'after',
      `
Estimates from a sample of up to ${ESTIMATION_SAMPLE_SIZE.toLocaleString('en-US')} stored records (at least ${MIN_RECORDS_FOR_ESTIMATE}, of two sources or more: EM learns
from the duplicates across sources). Without --apply nothing is written. Prints one "key: value" line each,
then one line per field comparison, then the last line:
  current: estimated mdl_01j…   the model in use: its origin, and its id unless it is the start model
  records: 1500                 records of the sample
  pairs: 3210                   their candidate pairs, which EM learnt from
  iterations: 37                EM iterations until it converged
  kept at start: postcode       fields whose estimate came out inverted and kept their start values, or "none"
  prior: 0.0312 current=0.0200  the estimate's prior, and the one in use
  given_name	exact m=0.850 u=0.0500 weight=+4.09 current=+3.90	close …
  ${APPLY_HINT}
With --apply, the last line is instead:
  applied: mdl_01j…             the id of the stored estimate, now the model in use (a running
                                \`hub start\` or \`hub worker\` scores with it within ${PICKUP_SECONDS} seconds)
${FIELD_LINE_HELP}
Each cell ends with current=, the weight of that level in the model in use.
--apply estimates again, so it saves what it prints, not what an earlier run printed.

When there is no estimate, prints nothing on stdout and "hub: not estimated: <reason>; nothing was changed"
on stderr. The reasons: fewer than ${MIN_RECORDS_FOR_ESTIMATE} records, records of one source only, EM did not converge,
the estimate is not plausible (EM found something other than people), or it does not cover every field.
Exit codes: 0 estimated (and applied with --apply); 1 not estimated, or the store failed; 2 bad usage or
configuration. Not estimating is 1, not 2: the command was right, the store's records cannot support an estimate.
`,
    )
    .action((options: { apply?: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const models = services.identity.matchModel;
          const current = await models.current();
          const estimate = await models.estimate();
          if (!estimate.estimated) {
            process.stderr.write(`hub: not estimated: ${oneLine(estimate.reason)}; nothing was changed\n`);
            return 1;
          }
          const { records, pairs, iterations, keptAtStart } = estimate.basis;
          const applied = options.apply ? await models.apply(estimate) : undefined;
          if (applied) await services.audit.record({ actor: cliActor(), action: 'identity.model_apply', targetIds: [applied] });
          const last = applied ? `applied: ${applied}` : APPLY_HINT;
          process.stdout.write(
            lines([
              `current: ${[current.origin, current.id].filter(Boolean).join(' ')}`,
              `records: ${records}`,
              `pairs: ${pairs}`,
              `iterations: ${iterations}`,
              `kept at start: ${keptAtStart.length > 0 ? keptAtStart.join(',') : 'none'}`,
              `prior: ${probability(estimate.prior)} current=${probability(current.prior)}`,
              ...estimate.fields.map((field) => fieldLine(field, current.fields.find((inUse) => inUse.field === field.field))),
              last,
            ]),
          );
          return 0;
        }),
      ),
    );

  identity
    .command('reresolve')
    .description('re-resolve every stored record under the current identity rules and model, splitting and merging profiles to match; --dry-run only prints what it would do')
    .option('--dry-run', 'change nothing: print what re-resolving would split and merge')
    .addHelpText(
      'after',
      `
For a store made under earlier identity rules (after an upgrade, or a change of HUB_IDENTITY_RULES): the
engine resolves all stored records again with the model in use and the merges and splits people made
(must-links and cannot-links are kept; none are added). A profile whose records the rules now put apart
is split (the part holding its oldest record keeps the profile id); profiles the rules now join are merged
into the oldest. Each split and merge is in the profiles' mergeHistory by ${RERESOLVE_ACTOR}, with its reason in
evidence.reason; computed traits, segments and webhooks follow as for any merge or split. Ingestion waits
while each group of changes is written (up to about 2,000 records at a time); a group whose profiles changed
while the store was read is skipped and counted, and running again picks it up. Running again after a
complete run changes nothing.

Prints a first line, then up to 5 examples (ids and reasons only, no values of any record):
  re-resolved 12,345 records: 9,876 profiles → 9,901 (31 split into 56, 6 merged)
  split: srec_… from prof_… to a new profile: their records conflict on date of birth
  merge: prof_… into prof_…: they share a phone, and nothing in their records conflicts
  merge: srec_… (split from prof_…) into prof_…: …       a part split off one profile joins another
  skipped: 2 changes whose profiles changed while the store was read; run again   (only when some were)
With --dry-run the first line starts with "dry run: " and ends with "; nothing was changed".
Exit codes: 0 done (also when nothing changed); 1 the store failed; 2 bad usage or configuration.
`,
    )
    .action((options: { dryRun?: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const report = await services.identity.reresolution.reresolveStore({ dryRun: options.dryRun === true });
          if (!report.dryRun) await services.audit.record({ actor: cliActor(), action: 'identity.reresolve' });
          process.stdout.write(lines(reresolutionLines(report)));
          return 0;
        }),
      ),
    );
}

function reresolutionLines(report: ReresolutionReport): string[] {
  const count = (value: number) => value.toLocaleString('en-US');
  const summary =
    `re-resolved ${count(report.records)} records: ${count(report.profilesBefore)} profiles → ${count(report.profilesAfter)} ` +
    `(${count(report.split.profiles)} split into ${count(report.split.into)}, ${count(report.merged)} merged)`;
  const records = (example: ReresolutionExample) => `${example.records.join(', ')}${example.recordCount > example.records.length ? ` and ${example.recordCount - example.records.length} more` : ''}`;
  return [
    report.dryRun ? `dry run: ${summary}; nothing was changed` : summary,
    ...report.examples.map((example) =>
      example.kind === 'split'
        ? `split: ${records(example)} from ${example.profileId} to a new profile: ${example.reason}`
        : `merge: ${example.splitFrom ? `${records(example)} (split from ${example.splitFrom})` : example.mergedId} into ${example.survivorId}: ${example.reason}`,
    ),
    ...(report.skipped > 0 ? [`skipped: ${count(report.skipped)} changes whose profiles changed while the store was read; run again`] : []),
  ];
}

function modelLines(model: MatchModelInUse): string[] {
  return [
    `origin: ${model.origin}`,
    `id: ${model.id ?? 'none'}`,
    `made: ${model.made?.createdAt.toISOString() ?? 'none'}`,
    `records: ${model.made?.records ?? 'none'}`,
    `pairs: ${model.made?.pairs ?? 'none'}`,
    `prior: ${probability(model.prior)}`,
    ...model.fields.map((field) => fieldLine(field)),
  ];
}

/** A field's levels; beside the weights of `current` when given (the model an estimate would replace). */
function fieldLine(field: FieldLevels, current?: FieldLevels): string {
  const cells = field.levels.map(({ level, m, u, weight: levelWeight }, l) => {
    const cell = `${level} m=${probability(m)} u=${probability(u)} weight=${weight(levelWeight)}`;
    return current ? `${cell} current=${weight(current.levels[l].weight)}` : cell;
  });
  return [field.field, ...cells].join('\t');
}

// u of an identifier is tiny (1e-5): significant digits, not decimals, keep it readable.
function probability(value: number): string {
  return value.toPrecision(3);
}

function weight(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

function lines(texts: string[]): string {
  return texts.map((text) => `${text}\n`).join('');
}
