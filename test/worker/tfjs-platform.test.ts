// tfjs-core in the Worker runs on our workerd platform, set before tfjs-core's browser start-up block could run.
// The app is imported first, as the Worker entry does: the check is on app.ts's own import order.
import '../../functions/app';
import { env } from '@tensorflow/tfjs-core';
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { workerdPlatform } from '../../functions/runtime/tfjs-platform';

describe('tfjs-core platform in workerd', () => {
  it('is ours, not the browser one (whose localStorage probe throws at start-up)', () => {
    expect(env().platformName).toBe('workerd');
    expect(env().platform).toBe(workerdPlatform);
    expect(env().getBool('IS_BROWSER')).toBe(false);
    expect(env().getBool('IS_NODE')).toBe(false);
  });

  it('gives tfjs what it asks of a platform', () => {
    expect(workerdPlatform.isTypedArray(new Float32Array(2))).toBe(true);
    expect(workerdPlatform.isTypedArray([1, 2])).toBe(false);
    expect(workerdPlatform.decode(workerdPlatform.encode('7 é', 'utf-8'), 'utf-8')).toBe('7 é');
    expect(() => workerdPlatform.encode('x', 'latin1')).toThrow(/utf-8/);
    expect(workerdPlatform.now()).toBeGreaterThanOrEqual(0);
  });

  it('classifies with it', async () => {
    const res = await SELF.fetch('http://localhost/api/digits/classify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pixels: Array.from({ length: 784 }, (_, i) => (Math.abs((i % 28) - 14) < 3 && i > 100 && i < 700 ? 255 : 0)) }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { digit: number; probabilities: number[] };
    expect(body.probabilities).toHaveLength(10);
    expect(body.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
