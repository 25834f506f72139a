// Model view in Chromium against `wrangler dev`: the numbers and charts come from /api/model.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { DESKTOP, inkShare, launch, openPage, PHONE, screenshot, type Session } from './harness';

const baseUrl = inject('baseUrl');
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
});
