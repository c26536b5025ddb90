import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { LOG_FORMATS, type LogFormat } from '../platform/logger';
import { registerApiKeyCommand } from './commands/apikey.command';
import { registerAuditCommand } from './commands/audit.command';
import { registerConnectionCommands } from './commands/connections.command';
import { registerEmulateCommand } from './commands/emulate.command';
import { registerIdentityCommands } from './commands/identity.command';
import { registerImportCommand } from './commands/import.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerProfileCommands } from './commands/profiles.command';
import { registerResolveCommand } from './commands/resolve.command';
import { registerRunCommands } from './commands/runs.command';
import { registerSegmentCommands } from './commands/segments.command';
import { registerServeAndWorkerCommands } from './commands/serve-worker.command';
import { registerStartCommand } from './commands/start.command';
import { registerSyncCommand } from './commands/sync.command';
import { registerSuppressionCommands } from './commands/suppressions.command';
import { registerWebhookCommands } from './commands/webhooks.command';
import { setLogFormat } from './command-runner';

const program = new Command('hub')
  .description('Customer-data hub: unified customer profiles over GraphQL')
  .showHelpAfterError()
  .addOption(new Option('--log-format <format>', 'log lines on stderr as json or text (default: text on a terminal, json otherwise)').choices(LOG_FORMATS))
  .exitOverride();
program.configureHelp({ showGlobalOptions: true });
program.hook('preAction', () => setLogFormat(program.opts<{ logFormat?: LogFormat }>().logFormat));

registerStartCommand(program);
registerServeAndWorkerCommands(program);
registerMigrateCommand(program);
registerImportCommand(program);
registerResolveCommand(program);
registerIdentityCommands(program);
registerApiKeyCommand(program);
registerAuditCommand(program);
registerConnectionCommands(program);
registerSyncCommand(program);
registerRunCommands(program);
registerSegmentCommands(program);
registerWebhookCommands(program);
registerProfileCommands(program);
registerSuppressionCommands(program);
registerEmulateCommand(program);

program.commands.forEach(function exitOnUsageErrors(command: Command) {
  command.exitOverride();
  command.commands.forEach(exitOnUsageErrors);
});

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version are successes; everything else commander refuses is bad usage.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`hub: ${String(error)}\n`);
  process.exitCode = 1;
});
