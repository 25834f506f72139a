// Digits view in Chromium against `wrangler dev`: drawing with pointer events, uploading real MNIST digits.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, inkShare, launch, openPage, PHONE, screenshot, type Session } from './harness';
import { blankPng, mnistTestPngs } from './mnist-fixtures';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

type Pt = [number, number];

/** Pointer positions in page pixels for a stroke given in fractions of the pad. */
async function onPad(page: Page, stroke: Pt[]): Promise<Pt[]> {
  const box = (await page.getByTestId('draw-pad').boundingBox())!;
  return stroke.map(([fx, fy]) => [box.x + fx * box.width, box.y + fy * box.height]);
}

const ONE: Pt[] = Array.from({ length: 16 }, (_, i) => [0.52 - i * 0.004, 0.18 + (i / 15) * 0.64]);
const ZERO: Pt[] = Array.from({ length: 41 }, (_, i) => {
  const a = (i / 40) * Math.PI * 2 + 0.3;
  return [0.5 + 0.2 * Math.cos(a), 0.5 + 0.3 * Math.sin(a)];
});
const SEVEN: Pt[] = [
  ...Array.from({ length: 10 }, (_, i): Pt => [0.28 + (i / 9) * 0.44, 0.22]),
  ...Array.from({ length: 12 }, (_, i): Pt => [0.72 - (i / 11) * 0.28, 0.22 + (i / 11) * 0.6]),
];

async function drawWithMouse(page: Page, stroke: Pt[]): Promise<void> {
  const pts = await onPad(page, stroke);
  await page.mouse.move(...pts[0]);
  await page.mouse.down();
  for (const p of pts.slice(1)) await page.mouse.move(...p, { steps: 2 });
  await page.mouse.up();
}

/** Pen and touch go through the DevTools protocol, which Chromium turns into pointer events of that type. */
async function drawWithPen(page: Page, stroke: Pt[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const pts = await onPad(page, stroke);
  const at = ([x, y]: Pt) => ({ x, y, pointerType: 'pen' as const, button: 'left' as const, buttons: 1, clickCount: 1 });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at(pts[0]) });
  for (const p of pts.slice(1)) await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', ...at(p) });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at(pts[pts.length - 1]), buttons: 0 });
  await cdp.detach();
}

async function drawWithTouch(page: Page, stroke: Pt[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  const pts = await onPad(page, stroke);
  const touch = ([x, y]: Pt) => [{ x, y, id: 1, radiusX: 2, radiusY: 2, force: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(pts[0]) });
  for (const p of pts.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(p) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** In-page code is passed as text: this test project has no DOM types. */
async function recordPointerTypes(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(`
    window.pointerTypes = [];
    document.addEventListener('pointerdown', (e) => window.pointerTypes.push(e.pointerType), true);
  `);
  return () => page.evaluate<string[]>('window.pointerTypes');
}

async function drawingPrediction(page: Page): Promise<string> {
  const card = page.getByTestId('drawing-result');
  await card.and(page.locator('[data-status="done"]')).waitFor({ timeout: 30_000 });
  return (await card.getByTestId('predicted-digit').textContent())!.trim();
}

describe('digits view', () => {
  it('classifies a digit drawn with mouse, pen and touch pointer events; undo and clear work', async () => {
    const { page, foreign, errors } = await openPage(session, baseUrl, '/', DESKTOP);
    const pointerTypes = await recordPointerTypes(page);

    await drawWithMouse(page, ONE);
    expect(await drawingPrediction(page)).toBe('1');
    const card = page.getByTestId('drawing-result');
    expect(await card.getByTestId('confidence').textContent()).toMatch(/^\d{1,3}\.\d% confident$/);
    expect(await inkShare(page, '[data-testid="drawing-result"] [data-testid="probabilities"] canvas')).toBeGreaterThan(0.005);
    expect(await inkShare(page, '[data-testid="drawing-result"] [data-testid="preprocessed"]')).toBeGreaterThan(0.03);

    // A stray stroke, then undo: back to the "1" alone.
    await drawWithMouse(page, [
      [0.1, 0.9],
      [0.9, 0.9],
    ]);
    await page.getByTestId('drawing-result').and(page.locator('[data-status="done"]')).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await drawingPrediction(page)).toBe('1');

    await page.getByRole('button', { name: 'Clear' }).click();
    await drawWithPen(page, ZERO);
    expect(await drawingPrediction(page)).toBe('0');

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.setViewportSize(PHONE);
    await drawWithTouch(page, SEVEN);
    const seven = await drawingPrediction(page);
    await screenshot(page, 'digits-drawn-375');
    expect(seven).toBe('7');
    expect(await pointerTypes()).toEqual(expect.arrayContaining(['mouse', 'pen', 'touch']));

    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a friendly message for an empty canvas', async () => {
    const { page, errors } = await openPage(session, baseUrl, '/digits', PHONE);
    await page.getByRole('button', { name: 'Classify' }).click();
    const message = page.getByTestId('drawing-result').getByTestId('friendly-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/canvas is empty/i);
    await expect.poll(() => page.getByTestId('live-region').textContent()).toMatch(/canvas is empty/i);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('classifies uploaded PNGs of real MNIST test digits, each with its result, and says when an image has no digit', async () => {
    const { page, foreign, errors } = await openPage(session, baseUrl, '/digits', DESKTOP);
    const digits = mnistTestPngs([0, 1, 2, 3, 4]);
    await page.getByTestId('upload-input').setInputFiles([
      ...digits.map((d) => ({ name: `mnist-test-${d.index}.png`, mimeType: 'image/png', buffer: d.png })),
      { name: 'blank.png', mimeType: 'image/png', buffer: blankPng() },
    ]);
    const results = page.getByTestId('upload-result');
    const loading = page.locator('[data-testid="upload-result"][data-status="loading"]');
    await expect.poll(async () => (await results.count()) === 6 && (await loading.count()) === 0, { timeout: 60_000 }).toBe(true);
    // Screenshots first, so they show what happened even when an assertion below fails.
    await screenshot(page, 'digits-1280');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'digits-375');
    await page.setViewportSize(DESKTOP);

    const seen: Record<string, string> = {};
    for (const card of await results.all()) {
      const title = (await card.locator('h3').textContent())!;
      const status = (await card.getAttribute('data-status'))!;
      seen[title] = status === 'done' ? (await card.getByTestId('predicted-digit').textContent())!.trim() : status;
    }
    const expected = Object.fromEntries(digits.map((d) => [`mnist-test-${d.index}.png`, String(d.label)]));
    expect(seen).toEqual({ ...expected, 'blank.png': 'empty' });
    const blank = results.filter({ hasText: 'blank.png' });
    expect(await blank.getByTestId('friendly-message').textContent()).toMatch(/no digit found/i);
    expect(await inkShare(page, '[data-testid="upload-result"] [data-testid="probabilities"] canvas')).toBeGreaterThan(0.005);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('redraws photo-sized uploads smaller before sending them, so the Worker does not refuse them', async () => {
    const { page, foreign, errors } = await openPage(session, baseUrl, '/digits', DESKTOP);
    // 2800 x 2800 = 7.8 MP each: one alone is over the Worker's 4 MP image limit (MAX_IMAGE_PIXELS).
    const digits = mnistTestPngs([0, 1], 100);
    const sent: number[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('/api/digits/classify')) sent.push(req.postDataBuffer()?.byteLength ?? 0);
    });
    await page.getByTestId('upload-input').setInputFiles(
      digits.map((d) => ({ name: `big-${d.index}.png`, mimeType: 'image/png', buffer: d.png })),
    );
    const results = page.getByTestId('upload-result');
    const loading = page.locator('[data-testid="upload-result"][data-status="loading"]');
    await expect.poll(async () => (await results.count()) === 2 && (await loading.count()) === 0, { timeout: 60_000 }).toBe(true);
    const digitOf = (name: string) => results.filter({ hasText: name }).getByTestId('predicted-digit').textContent();
    for (const d of digits) expect(await digitOf(`big-${d.index}.png`)).toBe(String(d.label));
    // One request for both: neither image was refused (a refusal makes the page ask again file by file).
    expect(sent).toHaveLength(1);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('classifies images dropped on the upload area and pasted into the page', async () => {
    const { page, foreign, errors } = await openPage(session, baseUrl, '/digits', DESKTOP);
    const [dropped, pasted] = mnistTestPngs([5, 6]);
    // A File built in the page from base64 bytes; DataTransfer carries it as a drag or a clipboard would.
    const fileScript = (name: string, png: Buffer) =>
      `new File([Uint8Array.from(atob('${png.toString('base64')}'), (c) => c.charCodeAt(0))], '${name}', { type: 'image/png' })`;
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(${fileScript('dropped.png', dropped.png)});
      const zone = document.querySelector('.dropzone');
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(${fileScript('pasted.png', pasted.png)});
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    })()`);
    const results = page.getByTestId('upload-result');
    const loading = page.locator('[data-testid="upload-result"][data-status="loading"]');
    await expect.poll(async () => (await results.count()) === 2 && (await loading.count()) === 0, { timeout: 30_000 }).toBe(true);
    const digitOf = (name: string) => results.filter({ hasText: name }).getByTestId('predicted-digit').textContent();
    expect(await digitOf('dropped.png')).toBe(String(dropped.label));
    expect(await digitOf('pasted.png')).toBe(String(pasted.label));
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
