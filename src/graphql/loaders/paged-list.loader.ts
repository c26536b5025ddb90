import DataLoader from 'dataloader';

/**
 * A loader of one page of a list per parent (a profile's events, a run's rejections). Parents that ask
 * for the same page shape share one query; `shapeOf` must distinguish every page argument.
 */
export function pagedListLoader<Page, Row>(
  fetch: (parentIds: string[], page: Page) => Promise<Map<string, Row[]>>,
  shapeOf: (page: Page) => string,
): DataLoader<{ parentId: string; page: Page }, Row[], string> {
  return new DataLoader(
    async (keys) => {
      const byShape = new Map<string, { page: Page; ids: string[] }>();
      for (const key of keys) {
        const shape = shapeOf(key.page);
        const group = byShape.get(shape) ?? { page: key.page, ids: [] };
        group.ids.push(key.parentId);
        byShape.set(shape, group);
      }
      const results = new Map<string, Map<string, Row[]>>();
      await Promise.all([...byShape].map(async ([shape, group]) => results.set(shape, await fetch(group.ids, group.page))));
      return keys.map((key) => results.get(shapeOf(key.page))!.get(key.parentId) ?? []);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${shapeOf(key.page)}` },
  );
}
