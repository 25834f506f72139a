// The algorithm and its parameters, scikit-learn's defaults filled in, each explained in a tooltip.
import { Tip } from '../ui/tip';
import { algorithmOf, ALGORITHMS, type AlgorithmId, type ParamSpec } from './algorithms';
import { algorithm, busy, dataset, paramValues, resetParams, runClustering, setParam } from './clusters-state';

function ParamField({ spec, algo }: { spec: ParamSpec; algo: AlgorithmId }) {
  const id = `${algo}-${spec.key}`;
  const tipId = `${id}-tip`;
  const value = paramValues.value[algo][spec.key];
  const label = (
    <span class="field-label">
      <label for={id}>{spec.label}</label>
      <Tip id={tipId} text={spec.help} label={spec.label} />
    </span>
  );
  if (spec.kind === 'bool') {
    return (
      <div class="field">
        <span class="field-label">
          <label class="check" for={id}>
            <input id={id} type="checkbox" checked={value === true} aria-describedby={tipId} onChange={(e) => setParam(spec.key, e.currentTarget.checked)} />
            {spec.label}
          </label>
          <Tip id={tipId} text={spec.help} label={spec.label} />
        </span>
      </div>
    );
  }
  if (spec.kind === 'select') {
    return (
      <div class="field">
        {label}
        <select id={id} value={String(value)} aria-describedby={tipId} onChange={(e) => setParam(spec.key, e.currentTarget.value)}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const common = {
    id,
    value: String(value),
    'aria-describedby': tipId,
    onInput: (e: { currentTarget: HTMLInputElement }) => setParam(spec.key, e.currentTarget.value),
  };
  return (
    <div class="field">
      {label}
      {spec.kind === 'auto-int' ? (
        <input {...common} type="text" inputMode="numeric" autoComplete="off" />
      ) : (
        <input
          {...common}
          type="number"
          min={spec.min}
          step={spec.kind === 'int' || spec.kind === 'optional-int' ? '1' : spec.kind === 'float' ? spec.step : 'any'}
          placeholder={'placeholder' in spec ? spec.placeholder : undefined}
        />
      )}
    </div>
  );
}

export function AlgorithmPanel() {
  const algo = algorithmOf(algorithm.value);
  const ready = dataset.value !== null;
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    void runClustering();
  };
  return (
    <section class="card" aria-labelledby="algo-title">
      <h2 id="algo-title">Algorithm</h2>
      <form onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="algorithm">Algorithm</label>
          <select id="algorithm" value={algo.id} onChange={(e) => (algorithm.value = e.currentTarget.value as AlgorithmId)} data-testid="algorithm">
            {ALGORITHMS.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <span class="hint">Same semantics and defaults as {algo.sklearn}.</span>
        </div>
        <div class="fields">
          {algo.params.map((p) => (
            <ParamField key={`${algo.id}-${p.key}`} spec={p} algo={algo.id} />
          ))}
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={!ready || busy.value !== null} data-testid="run">
            {busy.value === 'cluster' ? <span class="loading">Clustering…</span> : `Run ${algo.name}`}
          </button>
          <button type="button" onClick={resetParams}>
            Reset to defaults
          </button>
        </div>
        {!ready && <p class="hint">Generate points or open a CSV file first.</p>}
      </form>
    </section>
  );
}
