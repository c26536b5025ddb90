import type { Command } from 'commander';
import { emulators } from '../../../connectors/registry';
import type { StartedEmulator } from '../../../connectors/sdk/emulation/emulator';
import { HubError } from '../../errors/hub-error';
import { runCommand } from '../command-runner';
import { shutdownSignal } from '../shutdown-signal';

const MAX_CUSTOMERS = 100_000;

export function registerEmulateCommand(program: Command): void {
  program
    .command('emulate')
    .description(`serve a platform's emulated API on 127.0.0.1 (${[...emulators.keys()].join(', ')})`)
    .argument('<platform>', 'connector type')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '0')
    .option('--customers <count>', `how many synthetic customers it knows (1-${MAX_CUSTOMERS})`, '200')
    .addHelpText(
      'after',
      `
Prints two lines on stdout once it serves, then runs until Ctrl-C or SIGTERM (exit 0):
  <platform> emulator: <base URL>
  connection config: <JSON config: base URL and the emulator's made-up credentials; paste it as
                     \`hub connections create <name> --connector <platform> --config '<JSON>'\`, or as
                     createConnection's input.config in GraphQL variables>
pos-file has no API: it writes a GBK member export into a temporary folder (a file:// URL, --port unused)
and removes the folder when stopped.
A hub connects to an emulator only with HUB_CONNECTOR_ALLOW_PRIVATE=true (pos-file: with HUB_IMPORT_ROOT above its folder).
Exit code 2: unknown platform, bad --port or --customers, or the port is taken.
`,
    )
    .action((platform: string, options: { port: string; customers: string }) =>
      runCommand(async () => {
        const loadEmulator = emulators.get(platform);
        if (!loadEmulator) throw new HubError('BAD_USER_INPUT', `No emulator for '${platform}'; available: ${[...emulators.keys()].join(', ')}.`);
        const port = Number(options.port);
        const customers = Number(options.customers);
        if (!/^\d+$/.test(options.port) || port > 65535) throw new HubError('BAD_USER_INPUT', `--port must be a whole number from 0 to 65535 (0 picks a free port), not '${options.port}'.`);
        if (!/^\d+$/.test(options.customers) || customers < 1 || customers > MAX_CUSTOMERS) {
          throw new HubError('BAD_USER_INPUT', `--customers must be a whole number from 1 to ${MAX_CUSTOMERS}, not '${options.customers}'.`);
        }
        // Listening before the emulator starts: a stop asked for during start-up still ends cleanly.
        const stopped = shutdownSignal();
        const start = await loadEmulator();
        const emulator = await startOn(port, () => start({ port, customers }));
        try {
          process.stdout.write(`${platform} emulator: ${emulator.url}\n`);
          // Emulator credentials are made up; printing them is how a connection gets configured.
          process.stdout.write(`connection config: ${JSON.stringify(emulator.config)}\n`);
          process.stderr.write(`${platform} emulator: ${customers} synthetic customers; Ctrl-C stops it\n`);
          process.stderr.write(`${platform} emulator: to connect it: hub connections create <name> --connector ${platform} --config '<the connection config above>'\n`);
          // Connectors reach public https hosts and folders under the import root only (docs/security.md).
          process.stderr.write(
            platform === 'pos-file'
              ? `${platform} emulator: connect it from a hub whose HUB_IMPORT_ROOT holds that folder\n`
              : `${platform} emulator: connect it from a hub started with HUB_CONNECTOR_ALLOW_PRIVATE=true (it listens on 127.0.0.1 over http)\n`,
          );
          await stopped;
        } finally {
          await emulator.stop();
        }
      }),
    );
}

async function startOn(port: number, start: () => Promise<StartedEmulator>): Promise<StartedEmulator> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new HubError('BAD_USER_INPUT', `Port ${port} of 127.0.0.1 is in use; choose another --port, or --port 0 for a free one.`);
    if (code === 'EACCES') throw new HubError('BAD_USER_INPUT', `Not allowed to listen on port ${port}; choose a port above 1023, or --port 0 for a free one.`);
    throw error;
  }
}
