/** Auth: API keys (only their hashes stored) and the scopes they grant. This module owns api_keys. */
export { ApiKeyService, type CreatedApiKey, type Principal } from './api-key.service';
export type { ApiKeyRow } from './api-key.store';
export { grants, isScope, SCOPES, type Scope } from './scopes';
