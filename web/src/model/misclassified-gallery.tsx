// The gallery of misclassified test digits: each 28x28 MNIST image drawn small, with its true and predicted digit.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../../functions/core/digit-contract';
import { loadMisclassified, misclassified, misclassifiedError, misclassifiedLoading, type MisclassifiedDigits } from './misclassified-state';

type Digit = MisclassifiedDigits['digits'][number];
type Order = 'index' | 'confidence' | 'label';

/** Whole percents; a confidence that would round to 100% on a wrong answer reads ">99%" instead. */
const percent = (p: number) => (p >= 0.995 ? '>99%' : `${Math.round(p * 100)}%`);

/** The digit's 784 bytes (base64) drawn white on black, as MNIST stores them and the model sees them. */
function DigitImage({ digit }: { digit: Digit }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const bytes = atob(digit.pixels);
    const img = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
    for (let i = 0; i < IMAGE_PIXELS; i++) {
      const v = bytes.charCodeAt(i);
      img.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [digit.pixels]);
  return (
    <canvas
      ref={ref}
      class="gallery-image"
      width={IMAGE_SIZE}
      height={IMAGE_SIZE}
      role="img"
      aria-label={`Test image ${digit.index}: a handwritten ${digit.label}`}
    />
  );
}

function sorted(digits: readonly Digit[], order: Order): Digit[] {
  const list = [...digits];
  if (order === 'confidence') list.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  if (order === 'label') list.sort((a, b) => a.label - b.label || a.index - b.index);
  return list;
}

function Gallery({ data }: { data: MisclassifiedDigits }) {
  const [order, setOrder] = useState<Order>('index');
  const digits = useMemo(() => sorted(data.digits, order), [data, order]);
  return (
    <>
      <p>
        The {data.digits.length} of {new Intl.NumberFormat('en').format(data.testImages)} test images the model gets wrong,
        with the probability it gave its answer.
      </p>
      <div class="field gallery-order">
        <label for="gallery-order">Order</label>
        <select id="gallery-order" value={order} onChange={(e) => setOrder((e.currentTarget as HTMLSelectElement).value as Order)}>
          <option value="index">Test image number</option>
          <option value="confidence">Most confident mistakes first</option>
          <option value="label">True digit</option>
        </select>
      </div>
      <ul class="gallery" data-testid="misclassified-gallery" aria-label={`${data.digits.length} misclassified test digits`}>
        {digits.map((d) => (
          <li key={d.index} class="gallery-item" data-testid="misclassified-digit">
            <figure>
              <DigitImage digit={d} />
              <figcaption>
                true {d.label}, predicted {d.predicted} ({percent(d.confidence)})
                <span class="gallery-index">#{d.index}</span>
              </figcaption>
            </figure>
          </li>
        ))}
      </ul>
    </>
  );
}

export function MisclassifiedGallery() {
  useEffect(() => {
    void loadMisclassified();
  }, []);
  const data = misclassified.value;
  return (
    <section class="card" aria-labelledby="gallery-title">
      <h2 id="gallery-title">Misclassified test digits</h2>
      {misclassifiedLoading.value && !data && (
        <p class="loading" role="status">
          Loading the misclassified digits…
        </p>
      )}
      {misclassifiedError.value && (
        <div class="message error" role="alert">
          <strong>Could not load the misclassified digits.</strong> {misclassifiedError.value}{' '}
          <button type="button" onClick={() => void loadMisclassified(true)}>
            Try again
          </button>
        </div>
      )}
      {data && <Gallery data={data} />}
    </section>
  );
}
