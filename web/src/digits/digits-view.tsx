// The digits view: draw or upload digits and see what the model predicts for each.
import { clearUploads, drawingResult, uploads } from './digits-state';
import { DrawPad } from './draw-pad';
import { ResultCard } from './result-card';
import { UploadZone } from './upload-zone';

export function DigitsView() {
  const drawing = drawingResult.value;
  const list = uploads.value;
  return (
    <>
      <h1>Classify handwritten digits</h1>
      <p class="intro">A small convolutional network trained on MNIST, running in the Worker with TensorFlow.js (WASM SIMD).</p>
      <div class="grid two">
        <section class="card" aria-labelledby="draw-title">
          <h2 id="draw-title">Draw</h2>
          <DrawPad />
        </section>
        <div class="stack">
          {drawing ? (
            <ResultCard title="Your drawing" state={drawing} testId="drawing-result" />
          ) : (
            <div class="card">
              <p class="hint">Your drawing's prediction appears here.</p>
            </div>
          )}
          <section class="card" aria-labelledby="upload-title">
            <h2 id="upload-title">Upload</h2>
            <UploadZone />
          </section>
        </div>
      </div>
      {list.length > 0 && (
        <section class="uploads" aria-labelledby="uploads-title">
          <div class="section-head">
            <h2 id="uploads-title">Uploaded images ({list.length})</h2>
            <button type="button" onClick={clearUploads}>
              Clear results
            </button>
          </div>
          <ul class="results" data-testid="upload-results">
            {list.map((u) => (
              <li key={u.id}>
                <ResultCard title={u.name} state={u.state} testId="upload-result" />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
