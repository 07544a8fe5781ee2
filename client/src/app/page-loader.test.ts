import { describe, expect, it } from 'vitest';
import { pageLoader } from './page-loader';

const Page = () => null;

describe('pageLoader', () => {
  it('fetches a page once and then gives it to be drawn at once', async () => {
    let fetches = 0;
    const loader = pageLoader(() => {
      fetches += 1;
      return Promise.resolve(Page);
    });
    const lazyPage = loader.component();
    expect(lazyPage).not.toBe(Page);
    await Promise.all([loader.load(), loader.load()]);
    expect(fetches).toBe(1);
    expect(loader.component()).toBe(Page);
  });

  it('tries again after a failed download (offline), instead of failing for good', async () => {
    let online = false;
    const loader = pageLoader(() => (online ? Promise.resolve(Page) : Promise.reject(new Error('offline'))));
    await expect(loader.load()).rejects.toThrow('offline');
    online = true;
    await expect(loader.load()).resolves.toBe(Page);
    expect(loader.component()).toBe(Page);
  });
});
