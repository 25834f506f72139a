// Integration: uploads that are not digits (letters set in fonts, noise, photo-like scenes) are not confident digits.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import nonDigits from '../fixtures/non-digits.json';

interface NonDigit {
  kind: 'letter' | 'noise' | 'photo';
  name: string;
  png?: string;
  jpeg?: string;
}

interface Outcome {
  item: NonDigit;
  /** 'refused': 422 no_digit_found; 'uncertain': 200 flagged; 'confident': 200 with a digit and no flag. */
  verdict: 'refused' | 'uncertain' | 'confident';
  detail: string;
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

async function classify(item: NonDigit): Promise<Outcome> {
  const [bytes, type] = item.png ? [item.png, 'image/png'] : [item.jpeg!, 'image/jpeg'];
  const res = await SELF.fetch('http://localhost/api/digits/classify', {
    method: 'POST', body: bytesOf(bytes), headers: { 'content-type': type },
  });
  const body = (await res.json()) as { digit?: number; confidence?: number; uncertain?: boolean; error?: { code: string } };
  if (res.status === 422 && body.error?.code === 'no_digit_found') return { item, verdict: 'refused', detail: '422' };
  expect(res.status, `${item.name}: ${JSON.stringify(body).slice(0, 200)}`).toBe(200);
  expect(typeof body.uncertain, `${item.name}: the default model has a threshold, so every answer carries the flag`).toBe('boolean');
  const detail = `${body.digit} at ${body.confidence!.toFixed(3)}`;
  return { item, verdict: body.uncertain ? 'uncertain' : 'confident', detail };
}

const KINDS = ['letter', 'noise', 'photo'] as const;

describe('non-digits through the Worker (fixtures: scripts/fixtures/make-non-digit-fixtures.py)', () => {
  it('are refused (422) or flagged uncertain: at least 85% overall and two thirds of each kind', async () => {
    const outcomes: Outcome[] = [];
    for (const item of nonDigits as NonDigit[]) outcomes.push(await classify(item));
    const confident = outcomes.filter((o) => o.verdict === 'confident');
    const misses = confident.map((o) => `${o.item.kind} ${o.item.name}: ${o.detail}`).join('; ');
    expect(outcomes.length).toBe(30);
    expect(1 - confident.length / outcomes.length, `confident answers: ${misses}`).toBeGreaterThanOrEqual(0.85);
    for (const kind of KINDS) {
      const ofKind = outcomes.filter((o) => o.item.kind === kind);
      const handled = ofKind.filter((o) => o.verdict !== 'confident').length;
      expect(handled / ofKind.length, `${kind}: confident answers: ${misses}`).toBeGreaterThanOrEqual(2 / 3);
    }
    // Letters reach the model (they have clear ink): they must be flagged by the threshold, not refused earlier.
    const letters = outcomes.filter((o) => o.item.kind === 'letter');
    expect(letters.filter((o) => o.verdict === 'uncertain').length / letters.length).toBeGreaterThanOrEqual(0.85);
  });
});
