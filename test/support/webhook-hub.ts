import { runWorker } from '../../src/cli/hub-process';
import { startTestHub, type TestHub } from './hub';
import { WebhookReceiver, type ReceiverBehaviour } from './webhook-receiver';

export interface WebhookTestHub {
  hub: TestHub;
  receiver: WebhookReceiver;
  stop(): Promise<void>;
}

/**
 * A test hub allowed to deliver to 127.0.0.1, a real receiver there, and a running dispatcher. With
 * `worker`, the hub runs as a worker process would (the queue's webhooks-dispatch tick retries); without,
 * only commits wake the dispatcher.
 */
export async function startWebhookTestHub(label: string, env: Record<string, string> = {}, options: { worker?: boolean; receiver?: ReceiverBehaviour } = {}): Promise<WebhookTestHub> {
  const hub = await startTestHub(label, { HUB_WEBHOOK_ALLOW_PRIVATE: 'true', ...env });
  const receiver = await WebhookReceiver.start([], options.receiver);
  const handOffs = options.worker ? await runWorker({ services: hub.services, appliedMigrations: [], close: async () => undefined }) : undefined;
  if (!options.worker) await hub.services.webhooks.dispatcher.start();
  return {
    hub,
    receiver,
    async stop() {
      await handOffs?.close();
      await hub.services.webhooks.dispatcher.close();
      await hub.services.queue.close();
      await receiver.close();
      await hub.stop();
    },
  };
}
