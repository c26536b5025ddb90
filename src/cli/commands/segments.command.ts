import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import type { SegmentConditionInput } from '../../modules/segments';
import { runCommand, withHub } from '../command-runner';

export function registerSegmentCommands(program: Command): void {
  const segments = program.command('segments').description('saved segments, and previews of segment definitions');

  segments
    .command('list')
    .description('list saved segments: id, name, members now, whether time moves members, last updated')
    .action(() =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const saved = await services.segments.list();
          if (saved.length === 0) process.stdout.write('no segments\n');
          const counts = await services.segments.countMembers(saved.map((segment) => segment.id));
          for (const segment of saved) {
            process.stdout.write(`${segment.id}\t${segment.name}\t${counts.get(segment.id) ?? 0} members\t${segment.timeRelative ? 'time-relative' : 'on change'}\t${segment.updatedAt.toISOString()}\n`);
          }
        }),
      ),
    );

  segments
    .command('preview')
    .description('count the live profiles a segment definition (JSON, as previewSegment takes it) matches, and list the first ones')
    .argument('<file>', 'a JSON file holding the definition, e.g. {"all":[{"event":{"type":"order","withinDays":365}}]}')
    .option('--sample <n>', 'how many matching profile ids to print', '10')
    .action((file: string, options: { sample: string }) =>
      runCommand(async (environment) => {
        const definition = await readDefinition(file);
        const sample = Number(options.sample);
        if (!Number.isInteger(sample) || sample < 0 || sample > 100) throw new HubError('BAD_USER_INPUT', '--sample must be a whole number from 0 to 100.');
        await withHub(environment, { migrate: false }, async ({ services }) => {
          const prepared = await services.segmentPreview.prepare(definition);
          process.stdout.write(`count: ${await services.segmentPreview.count(prepared)}\n`);
          if (sample > 0) for (const profile of await services.segmentPreview.list(prepared, sample)) process.stdout.write(`${profile.id}\n`);
        });
      }),
    );
}

async function readDefinition(file: string): Promise<SegmentConditionInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HubError('BAD_USER_INPUT', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  try {
    return JSON.parse(text) as SegmentConditionInput;
  } catch (error) {
    throw new HubError('BAD_USER_INPUT', `${file} is not JSON: ${(error as Error).message}.`);
  }
}
