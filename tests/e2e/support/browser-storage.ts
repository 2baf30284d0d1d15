import type { Page } from 'playwright-core';

export type BrowserStorage = {
  documentCookie: string;
  localStorage: [string, string][];
  sessionStorage: [string, string][];
  /** Every IndexedDB database of the origin: its name and every record of every object store. */
  indexedDb: { name: string; records: unknown[] }[];
  /** Cache Storage (service workers' caches): every cached URL and body. */
  caches: { url: string; body: string }[];
  dom: string;
};

/** Everything the page's own scripts could read and keep, gathered inside the page. */
export function readBrowserStorage(page: Page): Promise<BrowserStorage> {
  return page.evaluate(async () => {
    const request = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const indexedDb: { name: string; records: unknown[] }[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      const records: unknown[] = [];
      for (const store of Array.from(db.objectStoreNames)) {
        records.push(...(await request(db.transaction(store, 'readonly').objectStore(store).getAll())));
      }
      db.close();
      indexedDb.push({ name: info.name, records });
    }
    const cached: { url: string; body: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const key of await cache.keys()) {
        cached.push({ url: key.url, body: (await (await cache.match(key))?.text()) ?? '' });
      }
    }
    return {
      documentCookie: document.cookie,
      localStorage: Object.entries(localStorage),
      sessionStorage: Object.entries(sessionStorage),
      indexedDb,
      caches: cached,
      dom: document.documentElement.outerHTML,
    };
  });
}
