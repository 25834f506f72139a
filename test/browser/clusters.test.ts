// Clusters view in Chromium against `wrangler dev`: blobs + K-Means, a CSV with a missing value, keyboard use.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, inkShare, launch, openPage, PHONE, screenshot, type Session } from './harness';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

/** Three well-separated groups in columns a, b, c; a text column; row 8 has no value for b. */
function csvWithMissingValue(): string {
  const lines = ['name,a,b,c'];
  const centres = [
    [0, 0, 0],
    [10, 10, 0],
    [0, 10, 10],
  ];
  for (let i = 0; i < 60; i++) {
    const [x, y, z] = centres[i % 3];
    const jitter = (k: number) => (((i * 7 + k * 13) % 10) - 4.5) / 10;
    const b = i === 8 ? '' : (y + jitter(2)).toFixed(2);
    lines.push(`p${i},${(x + jitter(1)).toFixed(2)},${b},${(z + jitter(3)).toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function tableRows(page: Page): Promise<number> {
  return page.getByTestId('cluster-table').locator('tbody tr').count();
}

describe('clusters view', () => {
  it('generates blobs, runs K-Means, draws the plot, lists k clusters, draws the elbow chart and downloads the CSV', async () => {
    const { page, foreign, errors } = await openPage(session, baseUrl, '/clusters', DESKTOP);
    const blobs = page.getByRole('form', { name: 'Generate blobs' });
    await blobs.getByRole('spinbutton', { name: 'Points' }).fill('600');
    await blobs.getByRole('spinbutton', { name: 'Centres' }).fill('4');
    await blobs.getByRole('spinbutton', { name: 'Spread' }).fill('0.8');
    await blobs.getByRole('spinbutton', { name: 'Seed' }).fill('7');
    await page.getByTestId('generate').click();
    await page.getByTestId('scatter').locator('canvas').waitFor();
    expect(await page.locator('#plot-title').textContent()).toBe('600 points');

    await page.getByLabel('Clusters (k)', { exact: true }).fill('4');
    await page.getByTestId('run').click();
    await page.getByTestId('cluster-table').waitFor({ timeout: 30_000 });
    expect(await tableRows(page)).toBe(4);
    const sizes = await page.getByTestId('cluster-table').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(sizes.map(Number).reduce((a, b) => a + b, 0)).toBe(600);
    expect(await page.locator('#plot-title').textContent()).toBe('K-Means: 4 clusters');
    expect(await inkShare(page, '[data-testid="scatter"] canvas')).toBeGreaterThan(0.01);
    expect(await page.getByTestId('cluster-summary').textContent()).toMatch(/Inertia\d/);

    await page.getByTestId('elbow-run').click();
    await page.getByTestId('elbow').locator('canvas').waitFor({ timeout: 60_000 });
    expect(await inkShare(page, '[data-testid="elbow"] canvas')).toBeGreaterThan(0.002);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('x,y,cluster');
    expect(csv).toHaveLength(601);
    expect(new Set(csv.slice(1).map((l) => l.split(',')[2]))).toEqual(new Set(['0', '1', '2', '3']));

    await screenshot(page, 'clusters-1280');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'clusters-375');
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clusters an uploaded CSV with a missing value and reports the dropped row', async () => {
    const { page, foreign, errors } = await openPage(session, baseUrl, '/clusters', PHONE);
    await page.getByLabel('CSV file', { exact: true }).check();
    await page.getByTestId('csv-input').setInputFiles({ name: 'groups.csv', mimeType: 'text/csv', buffer: Buffer.from(csvWithMissingValue()) });
    // The text column is not offered; the three numeric ones are, all picked.
    const boxes = page.locator('.columns input[type="checkbox"]');
    await boxes.first().waitFor();
    expect(await page.locator('.columns label').allTextContents()).toEqual(['a', 'b', 'c']);
    expect(await page.getByText('1 of 60 rows have a missing value').count()).toBe(1);

    await page.getByLabel('Clusters (k)', { exact: true }).fill('3');
    await page.getByTestId('run').click();
    await page.getByTestId('cluster-table').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('dropped-rows').textContent()).toBe('1');
    expect(await page.getByTestId('dropped-message').textContent()).toMatch(/^1 row was dropped for missing values; 59 points were clustered/);
    expect(await tableRows(page)).toBe(3);

    // Three columns: the user picks which two to plot.
    await page.getByLabel('Y axis', { exact: true }).selectOption({ label: 'c' });
    expect(await inkShare(page, '[data-testid="scatter"] canvas')).toBeGreaterThan(0.005);
    await screenshot(page, 'clusters-csv-375');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'clusters-csv-1280');
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs Mean Shift and shows the estimated bandwidth', async () => {
    const { page, errors } = await openPage(session, baseUrl, '/clusters', DESKTOP);
    await page.getByTestId('generate').click();
    await page.getByTestId('scatter').locator('canvas').waitFor();
    await page.getByTestId('algorithm').selectOption('meanshift');
    await page.getByLabel('Bin seeding', { exact: true }).check();
    await page.getByTestId('run').click();
    await page.getByTestId('cluster-table').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('cluster-summary').textContent()).toMatch(/Bandwidth used\d/);
    expect(await tableRows(page)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('can be used with the keyboard alone, with a visible focus ring', async () => {
    const { page, errors } = await openPage(session, baseUrl, '/', DESKTOP);
    // Tab to the Clusters tab and follow it.
    let focused = '';
    for (let i = 0; i < 6 && focused !== 'Clusters'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
    }
    expect(focused).toBe('Clusters');
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Cluster points' }).waitFor();

    // Tab to "Generate points", press Enter; then on to "Run K-Means".
    const tabTo = async (name: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate<string>('document.activeElement?.textContent ?? ""')).trim() === name) return;
      }
      throw new Error(`could not reach "${name}" with Tab`);
    };
    await tabTo('Generate points');
    await page.keyboard.press('Enter');
    await page.getByTestId('scatter').locator('canvas').waitFor();
    await tabTo('Run K-Means');
    await page.keyboard.press('Enter');
    await page.getByTestId('cluster-table').waitFor({ timeout: 30_000 });
    expect(await tableRows(page)).toBe(8);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('clusters view errors', () => {
  it('shows an API error as a readable message', async () => {
    const { page, errors } = await openPage(session, baseUrl, '/clusters', PHONE);
    await page.getByTestId('generate').click();
    await page.getByTestId('scatter').locator('canvas').waitFor();
    // 500 points cannot make 5000 clusters: the server answers 422 and the page says why.
    await page.getByLabel('Clusters (k)', { exact: true }).fill('5000');
    await page.getByTestId('run').click();
    const alert = page.getByTestId('cluster-error');
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.textContent())!;
    expect(text).toMatch(/^Could not finish\. The server refused the request: .*\b5000\b/);
    expect(text).not.toMatch(/[{}]/);
    expect(await page.getByTestId('cluster-table').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
