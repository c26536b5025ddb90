/**
 * API key scopes. `admin` grants every other scope. `profiles:erase` alone erases people (deleteProfile,
 * eraseProfile): erasure cannot be undone, so `profiles:write` does not grant it.
 */
export const SCOPES = ['profiles:read', 'profiles:write', 'profiles:erase', 'segments:write', 'connectors:admin', 'webhooks:admin', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function grants(held: readonly string[], required: readonly string[]): boolean {
  return held.includes('admin') || required.some((scope) => held.includes(scope));
}
