// State of the digits view: the strokes on the pad, the drawing's result, uploaded files and their results.
import { signal } from '@preact/signals';
import { ApiProblem, client, messageOf, ok, type SuccessBody } from '../api';
import { announce } from '../ui/announcer';
import { batchesOf, MAX_REQUEST_BYTES, shrinkForUpload } from './shrink-upload';
import type { Stroke } from './strokes';

type ClassifyBody = SuccessBody<Awaited<ReturnType<typeof client.api.digits.classify.$post>>>;
/** One image's answer: digit, confidence, ten probabilities, the 28x28 image the model saw. */
export type Prediction = Exclude<ClassifyBody, { results: unknown }>;

export type ResultState =
  | { status: 'loading' }
  | { status: 'done'; prediction: Prediction }
  | { status: 'empty'; message: string }
  | { status: 'error'; message: string };

export interface UploadItem {
  id: number;
  name: string;
  state: ResultState;
}

export const strokes = signal<readonly Stroke[]>([]);
export const brushSize = signal(20);
export const drawingResult = signal<ResultState | null>(null);
export const uploads = signal<readonly UploadItem[]>([]);
export const uploading = signal(false);

const EMPTY_CANVAS = 'The canvas is empty: draw a digit with your mouse, finger or pen, or upload an image below.';

function describe(p: Prediction): string {
  return `${p.digit}, ${(p.confidence * 100).toFixed(1)}% confident`;
}

function summarise(state: ResultState): string {
  if (state.status === 'done') return describe(state.prediction);
  if (state.status === 'loading') return 'classifying';
  return state.message;
}

function stateOfError(err: unknown): ResultState {
  if (err instanceof ApiProblem && err.code === 'no_digit_found') return { status: 'empty', message: err.message };
  return { status: 'error', message: messageOf(err) };
}

/** Sends images in the multipart field `image`; the answer is one prediction or `{results}` in upload order. */
async function classify(images: File[]): Promise<Prediction[]> {
  const body = await ok(client.api.digits.classify.$post({ form: { image: images.length === 1 ? images[0] : images } }));
  return 'results' in body ? body.results : [body];
}

async function classifyOne(image: File): Promise<Prediction> {
  const [prediction] = await classify([image]);
  return prediction;
}

let drawingSeq = 0;

/** Classifies the pad's PNG; a newer stroke supersedes an older request still in flight. */
export async function classifyDrawing(png: Blob | null): Promise<void> {
  const seq = ++drawingSeq;
  if (!png) {
    drawingResult.value = { status: 'empty', message: EMPTY_CANVAS };
    announce(EMPTY_CANVAS);
    return;
  }
  drawingResult.value = { status: 'loading' };
  let next: ResultState;
  try {
    next = { status: 'done', prediction: await classifyOne(new File([png], 'drawing.png', { type: 'image/png' })) };
  } catch (err) {
    next = stateOfError(err);
  }
  if (seq !== drawingSeq) return;
  drawingResult.value = next;
  announce(`Drawing: ${summarise(next)}`);
}

export function clearDrawing(): void {
  drawingSeq++;
  strokes.value = [];
  drawingResult.value = null;
}

let nextId = 1;
const BATCH = 100;

function setItem(id: number, state: ResultState): void {
  uploads.value = uploads.value.map((u) => (u.id === id ? { ...u, state } : u));
}

/** Classifies uploaded images, newest first in the list; each file gets its own result or message. */
export async function classifyFiles(files: File[]): Promise<void> {
  const images = files.filter((f) => f.type === '' || f.type.startsWith('image/'));
  const skipped = files.filter((f) => !images.includes(f));
  const fresh: UploadItem[] = [
    ...images.map((f) => ({ id: nextId++, name: f.name || 'pasted image', state: { status: 'loading' } as ResultState })),
    ...skipped.map((f) => ({
      id: nextId++,
      name: f.name,
      state: { status: 'error', message: `${f.name} is not an image: use PNG or JPEG files.` } as ResultState,
    })),
  ];
  if (fresh.length === 0) return;
  uploads.value = [...fresh, ...uploads.value];
  uploading.value = true;
  try {
    // One at a time: a decoded 12 MP photo holds about 48 MB until it is redrawn.
    const ready: File[] = [];
    for (const image of images) ready.push(await shrinkForUpload(image));
    for (const [start, end] of batchesOf(ready.map((f) => f.size), BATCH, MAX_REQUEST_BYTES)) {
      const chunk = ready.slice(start, end);
      const items = fresh.slice(start, end);
      try {
        const predictions = await classify(chunk);
        items.forEach((it, i) => setItem(it.id, { status: 'done', prediction: predictions[i] }));
      } catch (err) {
        if (chunk.length === 1 || !(err instanceof ApiProblem) || err.status >= 500 || err.status === 0) {
          for (const it of items) setItem(it.id, stateOfError(err));
          continue;
        }
        // One bad file refused the whole batch: ask again one by one so each file gets its own answer.
        await Promise.all(
          chunk.map(async (img, i) => {
            try {
              setItem(items[i].id, { status: 'done', prediction: await classifyOne(img) });
            } catch (e) {
              setItem(items[i].id, stateOfError(e));
            }
          }),
        );
      }
    }
  } finally {
    uploading.value = false;
  }
  const done = uploads.value.filter((u) => fresh.some((f) => f.id === u.id));
  announce(
    done
      .map((u) => `${u.name}: ${summarise(u.state)}`)
      .join('. '),
  );
}

export function clearUploads(): void {
  uploads.value = [];
}
