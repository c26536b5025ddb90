import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import { DEFAULT_OVERLAP_HOURS, WEBHOOK_EVENT_TYPES, type DeliveryRow, type UpdateSubscriptionInput, type WebhookSubscriptionRow } from '../../modules/webhooks';
import { cliActor, fieldNames } from '../../modules/audit';
import { isoTime } from '../iso-time';
import { runCommand, withHub } from '../command-runner';
// The service refuses unknown event names, naming the allowed ones.
import { commaList } from '../comma-list';
import { oneLine } from '../one-line';

/** As the webhookDeliveries query: 50 when omitted, at most 500. */
const DEFAULT_DELIVERIES = 50;
const MAX_DELIVERIES = 500;
const EVENTS_HELP = `comma-separated event names: ${WEBHOOK_EVENT_TYPES.join(', ')}`;
const SECRET_SHOWN_ONCE = 'The secret is shown only this once: store it now. `hub webhooks rotate-secret <id>` makes a new one.';

export function registerWebhookCommands(program: Command): void {
  const webhooks = program
    .command('webhooks')
    .description('webhook subscriptions: where events are sent, their deliveries, and replays')
    .addHelpText(
      'after',
      `
Deliveries are sent by a running \`hub start\` or \`hub worker\`; these commands only change what is stored.
Without HUB_WEBHOOK_ALLOW_PRIVATE=true a URL must be https on a public address (as in the API).
`,
    );

  webhooks
    .command('create')
    .description('subscribe a URL to events; prints the signing secret, this once')
    .requiredOption('--url <url>', 'where to POST the events, e.g. https://example.com/hooks/hub')
    .requiredOption('--events <events>', EVENTS_HELP)
    .option('--segment <segmentId>', 'send profile events only for members of this segment (`hub segments list` shows the ids)')
    .option('--description <text>', 'what the subscription is for')
    .addHelpText(
      'after',
      `
Prints the subscription, one "key: value" line each, then its signing secret and a reminder:
  id: whk_01j…
  url: https://example.com/hooks/hub
  events: profile.created,profile.merged
  segment: none
  description: none
  status: active
  secret: whsec_…
  ${SECRET_SHOWN_ONCE}
The secret is never printed again, by this or any other command; receivers verify signatures with it
(Standard Webhooks).
`,
    )
    .action((options: { url: string; events: string; segment?: string; description?: string }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const { subscription, secret } = await services.webhooks.subscriptions.create({
            url: options.url,
            events: commaList(options.events),
            segmentId: options.segment ?? null,
            description: optionalText(options.description) ?? null,
          });
          process.stdout.write(`${subscriptionLines(subscription)}secret: ${secret}\n${SECRET_SHOWN_ONCE}\n`);
          await services.audit.record({ actor: cliActor(), action: 'webhook.create', targetIds: [subscription.id], fields: fieldNames({ url: options.url, events: options.events, segmentId: options.segment, description: options.description }) });
        }),
      ),
    );

  webhooks
    .command('list')
    .description('list webhook subscriptions (never their secrets)')
    .addHelpText(
      'after',
      `
Prints one tab-separated line per subscription, oldest first: id, status, events, url, disabled reason.
  status: active or disabled; the last column then says why (empty when active)
  events: comma-separated event names
With no subscription, prints "no webhook subscriptions".
Example:
  whk_01j…	active	profile.created,profile.updated	https://example.com/hooks/hub	
`,
    )
    .action(() =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const subscriptions = await services.webhooks.subscriptions.list();
          if (subscriptions.length === 0) process.stdout.write('no webhook subscriptions\n');
          for (const subscription of subscriptions) {
            const columns = [subscription.id, subscription.status, subscription.events.join(','), subscription.url, oneLine(subscription.disabledReason ?? '')];
            process.stdout.write(`${columns.join('\t')}\n`);
          }
        }),
      ),
    );

  webhooks
    .command('update')
    .description('change a subscription; what is not given stays as it is')
    .argument('<id>', 'the subscription id, e.g. whk_01j…')
    .option('--url <url>', 'a new URL')
    .option('--events <events>', `the new event list (replaces the old one), ${EVENTS_HELP}`)
    .option('--segment <segmentId>', 'send profile events only for members of this segment')
    .option('--no-segment', 'send profile events for every profile again')
    .option('--description <text>', 'a new description ("" removes it)')
    .option('--enable', 'enable a disabled subscription: its waiting deliveries go out at once')
    .option('--disable', 'disable it: events are kept for it, but not sent until it is enabled')
    .addHelpText(
      'after',
      `
Prints the subscription as it is now, one "key: value" line each (as \`hub webhooks create\` does, without
any secret): id, url, events, segment, description, status (with the reason when disabled).
`,
    )
    .action((id: string, options: { url?: string; events?: string; segment?: string | false; description?: string; enable?: boolean; disable?: boolean }) =>
      runCommand((environment) => {
        if (options.enable && options.disable) throw new HubError('BAD_USER_INPUT', 'Give --enable or --disable, not both.');
        const input: UpdateSubscriptionInput = {};
        if (options.url !== undefined) input.url = options.url;
        if (options.events !== undefined) input.events = commaList(options.events);
        // --segment <id> sets the limit, --no-segment removes it; neither leaves it as it is.
        if (options.segment !== undefined) input.segmentId = options.segment === false ? null : options.segment;
        if (options.description !== undefined) input.description = optionalText(options.description) ?? null;
        if (options.enable) input.enabled = true;
        if (options.disable) input.enabled = false;
        if (Object.keys(input).length === 0) {
          throw new HubError('BAD_USER_INPUT', 'Nothing to update: give --url, --events, --segment, --no-segment, --description, --enable or --disable.');
        }
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const subscription = await services.webhooks.subscriptions.update(id, input);
          await services.audit.record({ actor: cliActor(), action: 'webhook.update', targetIds: [subscription.id], fields: fieldNames(input) });
          process.stdout.write(subscriptionLines(subscription));
        });
      }),
    );

  webhooks
    .command('delete')
    .description('delete a subscription and its deliveries')
    .argument('<id>', 'the subscription id, e.g. whk_01j…')
    .addHelpText(
      'after',
      `
Prints "deleted <id>". Exit codes: 0 deleted, 1 no such subscription.
`,
    )
    .action((id: string) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          if (!(await services.webhooks.subscriptions.remove(id))) throw notFound(id);
          await services.audit.record({ actor: cliActor(), action: 'webhook.delete', targetIds: [id] });
          process.stdout.write(`deleted ${id}\n`);
        }),
      ),
    );

  webhooks
    .command('rotate-secret')
    .description('make a new signing secret; prints it, this once. The old one also signs for a while, while receivers switch')
    .argument('<id>', 'the subscription id, e.g. whk_01j…')
    .option('--overlap-hours <n>', 'how long the old secret also signs, 0 to 168', String(DEFAULT_OVERLAP_HOURS))
    .addHelpText(
      'after',
      `
Prints:
  id: whk_01j…
  secret: whsec_…
  ${SECRET_SHOWN_ONCE}
  the previous secret also signs until 2026-11-24T13:27:01.256Z    (or "the previous secret no longer signs", with 0)
While both sign, each delivery carries two signatures, so a receiver accepts it with either secret.
`,
    )
    .action((id: string, options: { overlapHours: string }) =>
      runCommand((environment) => {
        const overlapHours = Number(options.overlapHours);
        if (options.overlapHours.trim() === '' || !Number.isFinite(overlapHours)) throw new HubError('BAD_USER_INPUT', `--overlap-hours must be a number of hours, not '${options.overlapHours}'.`);
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const { subscription, secret } = await services.webhooks.subscriptions.rotateSecret(id, overlapHours);
          await services.audit.record({ actor: cliActor(), action: 'webhook.rotate_secret', targetIds: [subscription.id], fields: ['secret'] });
          const previous = subscription.previousSecretExpiresAt ? `the previous secret also signs until ${subscription.previousSecretExpiresAt.toISOString()}` : 'the previous secret no longer signs';
          process.stdout.write(`id: ${subscription.id}\nsecret: ${secret}\n${SECRET_SHOWN_ONCE}\n${previous}\n`);
        });
      }),
    );

  webhooks
    .command('deliveries')
    .description("list a subscription's deliveries, newest first")
    .argument('<id>', 'the subscription id, e.g. whk_01j…')
    .option('--status <status>', 'only deliveries in this status: pending, delivering, delivered or dead')
    .option('--first <n>', `how many to print, 1 to ${MAX_DELIVERIES}`, String(DEFAULT_DELIVERIES))
    .addHelpText(
      'after',
      `
Prints one tab-separated line per delivery, newest first:
  webhook id, event type, status, attempts, response code, latency, last error
  webhook id:    the webhook-id header receivers deduplicate on (\`hub webhooks replay <id> --delivery\` takes it)
  response code: the receiver's HTTP status on the last attempt, "-" when none answered
  latency:       of the last attempt, e.g. "42ms", "-" before the first
With no delivery, prints "no deliveries"; when there are more than --first, says so on stderr.
Example:
  msg_01j…	profile.updated	delivered	1	200	42ms	
  msg_01j…	profile.created	pending	3	503	120ms	receiver answered 503
`,
    )
    .action((id: string, options: { status?: string; first: string }) =>
      runCommand((environment) => {
        const first = Number(options.first);
        if (!Number.isInteger(first) || first < 1 || first > MAX_DELIVERIES) throw new HubError('BAD_USER_INPUT', `--first must be a whole number from 1 to ${MAX_DELIVERIES}.`);
        return withHub(environment, { migrate: false }, async ({ services }) => {
          await services.webhooks.subscriptions.require(id);
          const page = await services.webhooks.deliveries.page(id, { status: options.status ?? null, first });
          if (page.rows.length === 0) process.stdout.write(options.status ? `no ${options.status} deliveries\n` : 'no deliveries\n');
          for (const delivery of page.rows) process.stdout.write(`${deliveryLine(delivery)}\n`);
          if (page.hasNextPage) process.stderr.write(`hub: more deliveries than the ${first} printed; raise --first (at most ${MAX_DELIVERIES}) or narrow with --status\n`);
        });
      }),
    );

  webhooks
    .command('replay')
    .description('send deliveries again (delivered and dead-lettered alike), with their webhook-id and body')
    .argument('<id>', 'the subscription id, e.g. whk_01j…')
    .option('--from <time>', 'replay the deliveries created at or after this ISO time, e.g. 2026-11-23T00:00:00Z')
    .option('--to <time>', 'and before this ISO time')
    .option('--delivery <webhookId>', 'replay this one delivery instead (its webhook id, from `hub webhooks deliveries`)')
    .addHelpText(
      'after',
      `
Give either --from and --to, or --delivery. A time is an ISO date (2026-11-23, midnight UTC) or date and
time with its zone (2026-11-23T08:00:00Z, 2026-11-23T16:00:00+08:00).
Prints "queued again: <n>" (how many deliveries of [from, to) were queued; those being attempted right now
are left as they are), or "queued again: <webhook id>" with --delivery. A running \`hub start\` or
\`hub worker\` sends them.
`,
    )
    .action((id: string, options: { from?: string; to?: string; delivery?: string }) =>
      runCommand((environment) => {
        if (options.delivery !== undefined) {
          if (options.from !== undefined || options.to !== undefined) throw new HubError('BAD_USER_INPUT', 'Give --delivery, or --from and --to, not both.');
          const eventId = options.delivery;
          return withHub(environment, { migrate: false }, async ({ services }) => {
            await services.webhooks.subscriptions.require(id);
            await services.webhooks.deliveries.replayOne(id, eventId);
            await services.audit.record({ actor: cliActor(), action: 'webhook.replay', targetIds: [id, eventId] });
            process.stdout.write(`queued again: ${eventId}\n`);
          });
        }
        if (options.from === undefined || options.to === undefined) throw new HubError('BAD_USER_INPUT', 'Give --from and --to (ISO times), or --delivery <webhookId>.');
        const from = isoTime('--from', options.from);
        const to = isoTime('--to', options.to);
        if (!(from.getTime() < to.getTime())) throw new HubError('BAD_USER_INPUT', `--from (${from.toISOString()}) must be before --to (${to.toISOString()}).`);
        return withHub(environment, { migrate: false }, async ({ services }) => {
          await services.webhooks.subscriptions.require(id);
          process.stdout.write(`queued again: ${await services.webhooks.deliveries.replay(id, from, to)}\n`);
          await services.audit.record({ actor: cliActor(), action: 'webhook.replay', targetIds: [id], fields: ['from', 'to'] });
        });
      }),
    );
}

/** A subscription as "key: value" lines, never a secret. */
function subscriptionLines(subscription: WebhookSubscriptionRow): string {
  const status = subscription.status === 'disabled' && subscription.disabledReason ? `disabled (${oneLine(subscription.disabledReason)})` : subscription.status;
  return [
    `id: ${subscription.id}`,
    `url: ${subscription.url}`,
    `events: ${subscription.events.join(',')}`,
    `segment: ${subscription.segmentId ?? 'none'}`,
    `description: ${subscription.description === null ? 'none' : oneLine(subscription.description)}`,
    `status: ${status}`,
  ]
    .map((line) => `${line}\n`)
    .join('');
}

function deliveryLine(delivery: DeliveryRow): string {
  const columns = [
    delivery.eventId,
    delivery.eventType,
    delivery.status,
    String(delivery.attempts),
    delivery.responseCode === null ? '-' : String(delivery.responseCode),
    delivery.latencyMs === null ? '-' : `${delivery.latencyMs}ms`,
    oneLine(delivery.lastError ?? ''),
  ];
  return columns.join('\t');
}

/** "" is no text: it removes a description. */
function optionalText(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function notFound(id: string): HubError {
  return new HubError('NOT_FOUND', `No webhook subscription ${id}; \`hub webhooks list\` lists them.`);
}
