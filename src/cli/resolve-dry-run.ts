import { existsSync, readFileSync } from 'node:fs';
import { HubError } from '../errors/hub-error';
import type { RulesPreview } from '../modules/identity';
import { runCommand, withHub } from './command-runner';

// The CLI is not interactive: it may re-resolve more of the store than the GraphQL preview does.
const DRY_RUN_LIMIT = 500_000;

/** `hub resolve --dry-run [--rules JSON|FILE]`: what the rules would merge and split in the store; changes nothing. */
export function runResolveDryRun(rules: string | undefined): Promise<void> {
  return runCommand((environment) => {
    const settings = rules === undefined ? {} : readRules(rules);
    return withHub(environment, { migrate: false }, async ({ services }) => {
      const preview = await services.identity.preview.preview(settings, DRY_RUN_LIMIT);
      process.stdout.write(describePreview(preview));
    });
  });
}

function readRules(rules: string): unknown {
  const text = rules.trim().startsWith('{') ? rules : existsSync(rules) ? readFileSync(rules, 'utf8') : undefined;
  if (text === undefined) throw new HubError('BAD_USER_INPUT', `--rules: no file ${rules}; give identity rules as JSON or the path of a JSON file.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HubError('BAD_USER_INPUT', `--rules: not valid JSON (${(error as Error).message}).`);
  }
}

export function describePreview(preview: RulesPreview): string {
  const lines = [
    `dry run: ${preview.records} records re-resolved, ${preview.profilesBefore} profiles → ${preview.profilesAfter}; ` +
      `${preview.merges} merges (of ${preview.profilesMerged} profiles), ${preview.splits} splits, ${preview.reviews} for review; nothing was changed`,
    ...preview.mergeExamples.map((example) => `merge: ${example.profileIds.join(' + ')} (${example.sourceRecordIds.join(', ')})`),
    ...preview.splitExamples.map((example) => `split: ${example.profileId} → ${example.parts.map((part) => part.join(', ')).join(' | ')}`),
    `under the current rules the same records would give ${preview.unchangedRules.merges} merges and ${preview.unchangedRules.splits} splits`,
  ];
  return lines.join('\n') + '\n';
}
