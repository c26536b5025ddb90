import type { Command } from 'commander';
import { cliActor } from '../../modules/audit';
import { runCommand, withHub } from '../command-runner';

const ERASE_HELP = `
Erases the person everywhere the hub keeps them (see docs/security.md, "Erasure, suppression and data-subject
export") and suppresses their identifiers (hashed): later syncs, pushes and imports of the same person are not
stored, and are counted as suppressed, until \`hub suppressions lift <id>\`.

stdout, the receipt (no personal data):
  receipt: <era_…>
  profile: <prof_…>
  erased at: <ISO time>
  suppression: <sup_…>
  removed <kind>: N        (one line per kind, by kind)
`;

export function registerProfileCommands(program: Command): void {
  const profiles = program.command('profiles').description("erase a person, or export everything the hub holds about them");

  profiles
    .command('erase')
    .description('erase a person (a data-subject erasure request) and print the receipt')
    .argument('<id>', 'the profile id (prof_…)')
    .addHelpText('after', ERASE_HELP)
    .action((id: string) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const receipt = await services.profileErasure.deleteProfile(id);
          await services.audit.record({ actor: cliActor(), action: 'profile.erase', targetIds: [receipt.profileId, receipt.id, receipt.suppressionId] });
          const lines = [`receipt: ${receipt.id}`, `profile: ${receipt.profileId}`, `erased at: ${receipt.erasedAt.toISOString()}`, `suppression: ${receipt.suppressionId}`];
          for (const [kind, count] of Object.entries(receipt.removed).sort(([a], [b]) => a.localeCompare(b))) if (count > 0) lines.push(`removed ${kind}: ${count}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }),
      ),
    );

  profiles
    .command('export')
    .description('print everything the hub holds about a person as JSON (a data-subject access request)')
    .argument('<id>', 'the profile id (prof_…); a merged-away id exports its survivor')
    .action((id: string) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          process.stdout.write(`${JSON.stringify(await services.dataSubjectExport.export(id), null, 2)}\n`);
        }),
      ),
    );
}
