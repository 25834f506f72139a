// Model view in Chromium against `wrangler dev`: the numbers and charts come from /api/model, the gallery of
// misclassified digits from /api/model/misclassified (fetched only once the Model view is shown).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MisclassifiedFile } from '../../functions/core/misclassified-digits';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { DESKTOP, inkShare, launch, openPage, PHONE, screenshot, type Session } from './harness';

const baseUrl = inject('baseUrl');
/** As the gallery words a confidence: whole percents, ">99%" rather than a wrong answer at 100%. */
const percent = (p: number) => (p >= 0.995 ? '>99%' : `${Math.round(p * 100)}%`);
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe('model view', () => {
  it('shows test accuracy, parameters, FLOPs, training curves and the confusion matrix from /api/model', async () => {
    const metrics = (await (await fetch(`${baseUrl}/api/model`)).json()) as ModelMetrics;
    const { page, foreign, errors } = await openPage(session, baseUrl, '/model', DESKTOP);
    await page.getByTestId('model-metrics').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(200);
    await screenshot(page, 'model-1280');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'model-375');
    await page.setViewportSize(DESKTOP);

    expect(await page.getByTestId('test-accuracy').textContent()).toBe(`${(metrics.test.accuracy * 100).toFixed(2)}%`);
    expect(await page.getByTestId('parameters').textContent()).toBe(new Intl.NumberFormat('en').format(metrics.parameters));
    expect(await page.getByTestId('flops').textContent()).toMatch(/^\d+(\.\d+)? [kM]$/);

    // A trained model: curves with one point per epoch, a 10x10 matrix whose diagonal holds the right answers.
    expect(metrics.history.length).toBeGreaterThan(0);
    expect(await inkShare(page, '[data-testid="curve-loss"] canvas')).toBeGreaterThan(0.002);
    expect(await inkShare(page, '[data-testid="curve-accuracy"] canvas')).toBeGreaterThan(0.002);
    const rows = page.getByTestId('confusion-matrix').locator('tbody tr');
    expect(await rows.count()).toBe(10);
    const diagonal = await Promise.all(
      Array.from({ length: 10 }, (_, d) => rows.nth(d).locator('td').nth(d).textContent()),
    );
    expect(diagonal.map(Number)).toEqual(metrics.test.confusionMatrix.map((row, d) => row[d]));
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows every misclassified test digit, drawn, with its true and predicted digit; fetched only on the Model view', async () => {
    const metrics = (await (await fetch(`${baseUrl}/api/model`)).json()) as ModelMetrics;
    const file = (await (await fetch(`${baseUrl}/api/model/misclassified`)).json()) as MisclassifiedFile;
    expect(file.digits.map((d) => d.index)).toEqual(metrics.test.misclassified);

    const { page, foreign, errors } = await openPage(session, baseUrl, '/digits', PHONE);
    const galleryRequests: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/model/misclassified')) galleryRequests.push(req.url());
    });
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForTimeout(300);
    expect(galleryRequests).toEqual([]); // not part of the Digits view's load

    await page.getByRole('link', { name: 'Model' }).click();
    const gallery = page.getByTestId('misclassified-gallery');
    await gallery.waitFor({ timeout: 30_000 });
    expect(galleryRequests).toHaveLength(1);
    const items = gallery.getByTestId('misclassified-digit');
    expect(await items.count()).toBe(metrics.test.misclassified.length);

    // Captions in test-index order, as a screen reader reads them; every image labelled and drawn.
    const captions = await items.locator('figcaption').allTextContents();
    expect(captions).toEqual(file.digits.map((d) => `true ${d.label}, predicted ${d.predicted} (${percent(d.confidence)})#${d.index}`));
    const images = gallery.getByRole('img');
    expect(await images.count()).toBe(file.digits.length);
    expect(await images.first().getAttribute('aria-label')).toBe(`Test image ${file.digits[0].index}: a handwritten ${file.digits[0].label}`);
    expect(await inkShare(page, '[data-testid="misclassified-digit"] canvas')).toBeGreaterThan(0.05);

    // At 375 px: no sideways scrolling, several digits a row.
    const [scrollWidth, clientWidth] = (await page.evaluate(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    )) as number[];
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const boxes = await Promise.all([0, 1, 2].map((i) => items.nth(i).boundingBox()));
    expect(new Set(boxes.map((b) => Math.round(b!.y))).size).toBe(1);
    await gallery.scrollIntoViewIfNeeded();
    await screenshot(page, 'model-gallery-375');

    // Keyboard: the order control is reachable and reorders the gallery, most confident mistake first.
    const order = page.getByLabel('Order');
    await order.focus();
    await page.keyboard.press('ArrowDown');
    expect(await order.inputValue()).toBe('confidence');
    const top = [...file.digits].sort((a, b) => b.confidence - a.confidence || a.index - b.index)[0];
    expect(await items.first().locator('.gallery-index').textContent()).toBe(`#${top.index}`);
    expect(galleryRequests).toHaveLength(1);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the accuracy of each upload kind from /api/model as a table', async () => {
    const metrics = (await (await fetch(`${baseUrl}/api/model`)).json()) as ModelMetrics;
    const report = metrics.uploadKinds!;
    expect(report.kinds.length).toBeGreaterThan(0);
    const { page, foreign, errors } = await openPage(session, baseUrl, '/model', PHONE);
    const table = page.getByTestId('upload-kinds');
    await table.waitFor({ timeout: 30_000 });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(report.kinds.length + 1);
    expect(await rows.first().locator('td').first().textContent()).toBe(`${(report.raw.accuracy * 100).toFixed(1)}%`);
    for (const [i, kind] of report.kinds.entries()) {
      expect(await rows.nth(i + 1).locator('th').textContent()).toBe(`${kind.name}${kind.description}`);
      expect(await rows.nth(i + 1).locator('td').first().textContent()).toBe(`${(kind.accuracy * 100).toFixed(1)}%`);
    }
    const [scrollWidth, clientWidth] = (await page.evaluate(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    )) as number[];
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'model-upload-kinds-375');
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
