// The page packs uploads into requests the Worker accepts: at most 100 files and 4 MB a request, in order.
import { describe, expect, it } from 'vitest';
import { batchesOf, MAX_REQUEST_BYTES } from '../../web/src/digits/shrink-upload';

describe('batchesOf', () => {
  it('keeps small files together up to the count', () => {
    expect(batchesOf(Array(250).fill(1000), 100, MAX_REQUEST_BYTES)).toEqual([[0, 100], [100, 200], [200, 250]]);
  });

  it('starts a new request before the bytes would pass the budget', () => {
    expect(batchesOf([1_500_000, 1_500_000, 1_500_000, 10], 100, MAX_REQUEST_BYTES)).toEqual([[0, 2], [2, 4]]);
  });

  it('sends a file larger than the budget alone (the Worker then says why it refuses it)', () => {
    expect(batchesOf([10, 6_000_000, 10], 100, MAX_REQUEST_BYTES)).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('makes no request for no files', () => {
    expect(batchesOf([], 100, MAX_REQUEST_BYTES)).toEqual([]);
  });
});
