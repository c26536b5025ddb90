import type { ConnectorError } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';

/**
 * A connector's failure as the hub's callers see it: `UPSTREAM`, so GraphQL and the CLI branch on the hub's
 * codes and never import connector internals. The message is the connector's own: it names the platform's
 * answer and never credentials. `connectorCode` tells a credentials problem from an outage.
 */
export function upstreamError(error: ConnectorError): HubError {
  const { status, platformCode } = error.details;
  return new HubError('UPSTREAM', error.message, {
    connectorCode: error.code,
    retryable: error.retryable,
    ...(status === undefined ? {} : { status }),
    ...(platformCode === undefined ? {} : { platformCode }),
  });
}
