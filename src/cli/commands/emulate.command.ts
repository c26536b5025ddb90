import type { Command } from 'commander';
import { emulators } from '../../../connectors/registry';
import { HubError } from '../../errors/hub-error';
import { runCommand } from '../command-runner';
import { shutdownSignal } from '../hub-process';

export function registerEmulateCommand(program: Command): void {
  program
    .command('emulate')
    .description(`serve a platform's emulated API on 127.0.0.1 (${[...emulators.keys()].join(', ')})`)
    .argument('<platform>', 'connector type')
    .option('--port <port>', 'port to listen on (0 picks one)', '0')
    .option('--customers <count>', 'how many synthetic customers it knows', '200')
    .action((platform: string, options: { port: string; customers: string }) =>
      runCommand(async () => {
        const start = emulators.get(platform);
        if (!start) throw new HubError('BAD_USER_INPUT', `No emulator for '${platform}'; available: ${[...emulators.keys()].join(', ')}.`);
        const port = Number(options.port);
        const customers = Number(options.customers);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HubError('BAD_USER_INPUT', '--port must be 0-65535.');
        if (!Number.isInteger(customers) || customers < 1) throw new HubError('BAD_USER_INPUT', '--customers must be a positive whole number.');
        const emulator = await start({ port, customers });
        process.stdout.write(`${platform} emulator: ${emulator.url}\n`);
        // Emulator credentials are made up; printing them is how a connection gets configured.
        process.stdout.write(`connection config: ${JSON.stringify(emulator.config)}\n`);
        await shutdownSignal();
        await emulator.stop();
      }),
    );
}
