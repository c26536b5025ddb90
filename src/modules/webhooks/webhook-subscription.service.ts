import { quoteValue } from '../../../connectors/sdk/records';
import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { SecretBox } from '../../platform/secret-box';
import { validateWebhookUrl, type AddressPolicy } from './address-guard';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './webhook-event-types';
import { newWebhookSecret } from './webhook-signature';
import * as store from './webhook-subscription.store';

export type { WebhookSubscriptionRow } from './webhook-subscription.store';

export interface CreateSubscriptionInput {
  url: string;
  events: string[];
  segmentId?: string | null;
  description?: string | null;
}

export interface UpdateSubscriptionInput {
  url?: string | null;
  events?: string[] | null;
  /** null removes the segment limit; undefined keeps it. */
  segmentId?: string | null;
  description?: string | null;
  /** true re-enables a disabled subscription (its waiting deliveries go out at once); false disables it. */
  enabled?: boolean | null;
}

/** A subscription with its signing secret: returned by creation and rotation only, the one time the secret is shown. */
export interface SubscriptionWithSecret {
  subscription: store.WebhookSubscriptionRow;
  secret: string;
}

const MAX_DESCRIPTION_LENGTH = 500;
const MAX_OVERLAP_HOURS = 7 * 24;
export const DEFAULT_OVERLAP_HOURS = 24;

/** Webhook subscriptions: where events go, which ones, and the secret that signs them (sealed at rest). */
export class WebhookSubscriptionService {
  constructor(
    private readonly database: Database,
    private readonly secretBox: SecretBox,
    private readonly addressPolicy: AddressPolicy,
    /** Saved segments a subscription may be limited to. */
    private readonly segments: { get(id: string): Promise<unknown> },
  ) {}

  async create(input: CreateSubscriptionInput): Promise<SubscriptionWithSecret> {
    const write: store.SubscriptionWrite = {
      url: await validateWebhookUrl(input.url, this.addressPolicy),
      events: validEvents(input.events),
      segmentId: await this.existingSegment(input.segmentId ?? null),
      description: validDescription(input.description ?? null),
    };
    const id = newId('webhookSubscription');
    const secret = newWebhookSecret();
    await store.insertSubscription(this.database, id, write, this.secretBox.seal(secret));
    return { subscription: (await this.get(id))!, secret };
  }

  async update(id: string, input: UpdateSubscriptionInput): Promise<store.WebhookSubscriptionRow> {
    const current = await this.require(id);
    const write: store.SubscriptionWrite = {
      url: input.url === undefined || input.url === null ? current.url : await validateWebhookUrl(input.url, this.addressPolicy),
      events: input.events === undefined || input.events === null ? current.events : validEvents(input.events),
      segmentId: input.segmentId === undefined ? current.segmentId : await this.existingSegment(input.segmentId),
      description: input.description === undefined ? current.description : validDescription(input.description),
    };
    await store.updateSubscription(this.database, id, write, input.enabled ?? undefined);
    return (await this.get(id))!;
  }

  async remove(id: string): Promise<boolean> {
    return this.database.transaction((tx) => store.deleteSubscription(tx, id));
  }

  list(): Promise<store.WebhookSubscriptionRow[]> {
    return store.findSubscriptions(this.database);
  }

  async get(id: string): Promise<store.WebhookSubscriptionRow | undefined> {
    return (await store.findSubscriptions(this.database, [id]))[0];
  }

  /** A new secret signs from now on; the old one also signs for `overlapHours`, while receivers switch. */
  async rotateSecret(id: string, overlapHours: number = DEFAULT_OVERLAP_HOURS): Promise<SubscriptionWithSecret> {
    if (!Number.isFinite(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
      throw new HubError('BAD_USER_INPUT', `overlapHours must be between 0 and ${MAX_OVERLAP_HOURS}.`);
    }
    const secret = newWebhookSecret();
    const rotated = await store.rotateSecret(this.database, id, this.secretBox.seal(secret), new Date(Date.now() + overlapHours * 3_600_000));
    if (!rotated) throw notFound(id);
    return { subscription: (await this.get(id))!, secret };
  }

  async require(id: string): Promise<store.WebhookSubscriptionRow> {
    const subscription = await this.get(id);
    if (!subscription) throw notFound(id);
    return subscription;
  }

  private async existingSegment(segmentId: string | null): Promise<string | null> {
    if (segmentId === null) return null;
    if (!(await this.segments.get(segmentId))) throw new HubError('NOT_FOUND', `No segment ${segmentId}; the segments query or \`hub segments list\` lists them.`);
    return segmentId;
  }
}

function notFound(id: string): HubError {
  return new HubError('NOT_FOUND', `No webhook subscription ${id}; webhookSubscriptions or \`hub webhooks list\` lists them.`);
}

function validEvents(events: string[]): string[] {
  const unique = [...new Set(events.map((event) => event.trim()))];
  if (unique.length === 0) throw new HubError('BAD_USER_INPUT', `Name at least one event: ${WEBHOOK_EVENT_TYPES.join(', ')}.`);
  const unknown = unique.filter((event) => !isWebhookEventType(event));
  if (unknown.length > 0) throw new HubError('BAD_USER_INPUT', `Unknown webhook event ${unknown.slice(0, 5).map((event) => `'${quoteValue(event)}'`).join(', ')}; use ${WEBHOOK_EVENT_TYPES.join(', ')}.`);
  return WEBHOOK_EVENT_TYPES.filter((type) => unique.includes(type));
}

function validDescription(description: string | null): string | null {
  if (description !== null && description.length > MAX_DESCRIPTION_LENGTH) throw new HubError('BAD_USER_INPUT', `A description must be at most ${MAX_DESCRIPTION_LENGTH} characters.`);
  return description;
}
