import DataLoader from 'dataloader';
import type { EventPageRequest, ProfileDetailsService } from '../../modules/profiles';
import { pagedListLoader } from './paged-list.loader';

/** Turns a batch lookup that answers a Map into a loader that answers each key (empty list when absent). */
function listLoader<V>(fetch: (ids: readonly string[]) => Promise<Map<string, V[]>>): DataLoader<string, V[]> {
  return new DataLoader(async (ids) => {
    const found = await fetch(ids);
    return ids.map((id) => found.get(id) ?? []);
  });
}

/** Per-request loaders (never shared between requests: they cache). */
export function createProfileLoaders(details: ProfileDetailsService) {
  return {
    identities: listLoader((ids) => details.identities(ids)),
    traits: listLoader((ids) => details.traits(ids)),
    sources: listLoader((ids) => details.sources(ids)),
    sourceRecords: listLoader((ids) => details.sourceRecords(ids)),
    mergeHistory: listLoader((ids) => details.mergeHistory(ids)),
    consents: listLoader((ids) => details.consents(ids)),
    consentLineage: listLoader((ids) => details.consents(ids, true)),
    // Profiles that ask for the same page shape (first, after, type) share one query.
    events: pagedListLoader((ids, page: EventPageRequest) => details.events(ids, page), pageShape),
  };
}

export type ProfileLoaders = ReturnType<typeof createProfileLoaders>;

function pageShape(page: EventPageRequest): string {
  return JSON.stringify([page.first, page.type ?? null, page.after?.occurredAt.toISOString() ?? null, page.after?.id ?? null]);
}
