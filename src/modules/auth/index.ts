/** Auth: API keys (only their hashes stored) and the scopes they grant. This module owns api_keys. */
export { ApiKeyService, type Principal } from './api-key.service';
export { grants, SCOPES } from './scopes';
