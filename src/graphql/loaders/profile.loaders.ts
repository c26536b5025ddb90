import DataLoader from 'dataloader';
import type { EventPageRequest, EventRow, ProfileDetailsService } from '../../modules/profiles/profile-details.service';

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
    events: eventsLoader(details),
  };
}

export type ProfileLoaders = ReturnType<typeof createProfileLoaders>;

/** Profiles that ask for the same page shape (first, after, type) share one query. */
function eventsLoader(details: ProfileDetailsService): DataLoader<{ profileId: string; page: EventPageRequest }, EventRow[], string> {
  return new DataLoader(
    async (keys) => {
      const byShape = new Map<string, { page: EventPageRequest; ids: string[] }>();
      for (const key of keys) {
        const shape = pageShape(key.page);
        const group = byShape.get(shape) ?? { page: key.page, ids: [] };
        group.ids.push(key.profileId);
        byShape.set(shape, group);
      }
      const results = new Map<string, Map<string, EventRow[]>>();
      await Promise.all([...byShape].map(async ([shape, group]) => results.set(shape, await details.events(group.ids, group.page))));
      return keys.map((key) => results.get(pageShape(key.page))!.get(key.profileId) ?? []);
    },
    { cacheKeyFn: (key) => `${key.profileId}|${pageShape(key.page)}` },
  );
}

function pageShape(page: EventPageRequest): string {
  return JSON.stringify([page.first, page.type ?? null, page.after?.occurredAt.toISOString() ?? null, page.after?.id ?? null]);
}
