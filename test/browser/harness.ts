// Browser-test harness: headless Debian Chromium via playwright-core, a page per viewport that records requests to
// other origins and page errors, and screenshots under test-output/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

export interface Session {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile directory (playwright passes it as --user-data-dir), removed on close. */
export async function launch(): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'edgelearn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: DESKTOP,
    deviceScaleFactor: 1,
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface TrackedPage {
  page: Page;
  /** Requests to anything but the page's own origin (must stay empty). */
  foreign: string[];
  /** Uncaught exceptions and console errors in the page. */
  errors: string[];
}

export async function openPage(session: Session, baseUrl: string, path: string, viewport = DESKTOP): Promise<TrackedPage> {
  const page = await session.context.newPage();
  await page.setViewportSize(viewport);
  const origin = new URL(baseUrl).origin;
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreign.push(url);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A 422 from the API is an expected outcome in some tests; the browser logs failed fetches as errors.
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  await page.goto(`${baseUrl}${path}`);
  return { page, foreign, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The parts of a DOM canvas the checks use (this project's types have no DOM lib). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Share of a canvas's pixels that are not transparent and not the most common colour (the background). */
export function inkShare(page: Page, selector: string): Promise<number> {
  return page.$$eval(selector, (canvases) => {
    let best = 0;
    for (const c of canvases as unknown as CanvasLike[]) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const counts = new Map<number, number>();
      let opaque = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] === 0) continue;
        opaque++;
        const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const background = Math.max(0, ...counts.values());
      best = Math.max(best, (opaque - background) / (c.width * c.height));
    }
    return best;
  });
}
