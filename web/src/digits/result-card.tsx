// One classification result: predicted digit, confidence, probability bars and the image the model saw.
import { ProbabilityChart } from '../charts/probability-chart';
import type { ResultState } from './digits-state';
import { PixelImage } from './pixel-image';

export function ResultBody({ state }: { state: ResultState }) {
  switch (state.status) {
    case 'loading':
      return (
        <p class="loading" role="status">
          Classifying…
        </p>
      );
    case 'empty':
      return (
        <p class="message" data-testid="friendly-message">
          {state.message}
        </p>
      );
    case 'error':
      return (
        <p class="message error" role="alert">
          <strong>Could not classify.</strong> {state.message}
        </p>
      );
    case 'done': {
      const p = state.prediction;
      return (
        <>
          <div class="prediction">
            <span class="digit" data-testid="predicted-digit" aria-label={`Predicted digit ${p.digit}`}>
              {p.digit}
            </span>
            <span class="confidence" data-testid="confidence">
              {(p.confidence * 100).toFixed(1)}% confident
            </span>
          </div>
          <figure class="seen-figure">
            <PixelImage pixels={p.preprocessed} />
            <figcaption class="hint">What the model saw (28×28)</figcaption>
          </figure>
          <ProbabilityChart probabilities={p.probabilities} />
        </>
      );
    }
  }
}

export function ResultCard({ title, state, testId }: { title: string; state: ResultState; testId?: string }) {
  return (
    <article class="card result" data-testid={testId} data-status={state.status} aria-busy={state.status === 'loading'}>
      <h3 title={title}>{title}</h3>
      <ResultBody state={state} />
    </article>
  );
}
