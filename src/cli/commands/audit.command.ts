import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import { runCommand, withHub } from '../command-runner';
import { isoTime } from '../iso-time';
import { oneLine } from '../one-line';

const MAX_LIMIT = 500;

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('list the audit log, newest first: who made each administrative change, when, and the ids and field names it touched')
    .option('--action <action>', 'only this action, e.g. connection.update, apikey.create, profile.merge')
    .option('--actor <actor>', 'only this actor: an API key name, or cli:<user>')
    .option('--since <time>', 'only entries at or after this ISO time, e.g. 2026-12-01 or 2026-12-01T08:00:00Z')
    .option('--until <time>', 'only entries before this ISO time')
    .option('--limit <n>', `how many entries, 1 to ${MAX_LIMIT}`, '50')
    .option('--after <id>', 'continue after this entry (the id the "more:" line names)')
    .addHelpText(
      'after',
      `
Prints one tab-separated line per entry: time, actor, action, ids, field names (comma-separated, "-" when none).
  2026-12-07T11:02:03.120Z	ops dashboard	connection.update	conn_01j…	config.baseUrl,config.accessToken
  2026-12-07T10:59:41.007Z	cli:alice	apikey.create	key_01j…	name,scopes
When more entries match, the last line is "more: --after <id>". With none, prints "no audit entries".
Entries never hold values or secrets. Exit codes: 0 listed; 1 the store failed; 2 bad usage or configuration.
`,
    )
    .action((options: { action?: string; actor?: string; since?: string; until?: string; limit: string; after?: string }) =>
      runCommand((environment) => {
        const first = Number(options.limit);
        if (!Number.isInteger(first) || first < 1 || first > MAX_LIMIT) throw new HubError('BAD_USER_INPUT', `--limit must be a whole number from 1 to ${MAX_LIMIT}.`);
        const since = options.since === undefined ? undefined : isoTime('--since', options.since);
        const until = options.until === undefined ? undefined : isoTime('--until', options.until);
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const page = await services.audit.list({ first, afterId: options.after, action: options.action, actor: options.actor, since, until });
          if (page.rows.length === 0) process.stdout.write('no audit entries\n');
          for (const entry of page.rows) {
            const columns = [entry.at.toISOString(), oneLine(entry.actor), entry.action, entry.targetIds.join(',') || '-', entry.fields.join(',') || '-'];
            process.stdout.write(`${columns.join('\t')}\n`);
          }
          if (page.hasNextPage) process.stdout.write(`more: --after ${page.rows.at(-1)!.id}\n`);
        });
      }),
    );
}
