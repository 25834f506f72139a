// Where the points come from: generated blobs, or a CSV file with two or more numeric columns picked.
import { blobsForm, busy, csv, csvColumns, dataset, generateBlobs, openCsv, source, toggleColumn } from './clusters-state';

type BlobsKey = keyof typeof blobsForm.value;

const BLOB_FIELDS: { key: BlobsKey; label: string; min: number; step: string; hint: string }[] = [
  { key: 'nSamples', label: 'Points', min: 1, step: '1', hint: 'nSamples' },
  { key: 'centers', label: 'Centres', min: 1, step: '1', hint: 'centers' },
  { key: 'clusterStd', label: 'Spread', min: 0, step: 'any', hint: 'clusterStd' },
  { key: 'seed', label: 'Seed', min: 0, step: '1', hint: 'seed' },
];

function BlobsForm() {
  const f = blobsForm.value;
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    void generateBlobs();
  };
  return (
    <form onSubmit={onSubmit} aria-label="Generate blobs">
      <div class="fields">
        {BLOB_FIELDS.map((b) => (
          <div class="field" key={b.key}>
            <label for={`blobs-${b.key}`}>{b.label}</label>
            <input
              id={`blobs-${b.key}`}
              type="number"
              min={b.min}
              step={b.step}
              required
              value={f[b.key]}
              onInput={(e) => (blobsForm.value = { ...blobsForm.value, [b.key]: e.currentTarget.value })}
            />
          </div>
        ))}
      </div>
      <button type="submit" class="primary" disabled={busy.value !== null} data-testid="generate">
        {busy.value === 'generate' ? <span class="loading">Generating…</span> : 'Generate points'}
      </button>
    </form>
  );
}

function CsvForm() {
  const c = csv.value;
  const chosen = csvColumns.value;
  const data = dataset.value;
  return (
    <div>
      <input
        id="csv-file"
        class="sr-only file-input"
        type="file"
        accept=".csv,text/csv"
        aria-describedby="csv-help"
        data-testid="csv-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void openCsv(file);
        }}
      />
      <label for="csv-file" class="button primary-outline">
        {c ? 'Open another CSV…' : 'Open a CSV file…'}
      </label>
      <p id="csv-help" class="hint">
        A header row, then one point per row. Pick two or more numeric columns; rows missing a value in them are dropped.
      </p>
      {busy.value === 'open' && <p class="loading">Reading…</p>}
      {c && (
        <fieldset>
          <legend>
            Columns of {c.fileName} ({c.table.rows.length} rows)
          </legend>
          {c.numeric.length === 0 && <p class="hint">No numeric columns.</p>}
          <div class="columns">
            {c.numeric.map((name) => (
              <label class="check" key={name}>
                <input type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggleColumn(name, e.currentTarget.checked)} />
                {name}
              </label>
            ))}
          </div>
          {c.table.fields.length > c.numeric.length && (
            <p class="hint">Not numeric, not offered: {c.table.fields.filter((f) => !c.numeric.includes(f)).join(', ')}.</p>
          )}
          {chosen.length < 2 && <p class="message">Pick at least two columns.</p>}
          {chosen.length >= 2 && !data && <p class="message">No row has a value in every chosen column; pick others.</p>}
          {data && data.dropped > 0 && (
            <p class="hint">
              {data.dropped} of {c.table.rows.length} rows have a missing value in these columns.
            </p>
          )}
        </fieldset>
      )}
    </div>
  );
}

export function SourcePanel() {
  return (
    <section class="card" aria-labelledby="source-title">
      <h2 id="source-title">Points</h2>
      <fieldset>
        <legend>Source</legend>
        <div class="actions">
          <label class="check">
            <input type="radio" name="source" value="blobs" checked={source.value === 'blobs'} onChange={() => (source.value = 'blobs')} />
            Generated blobs
          </label>
          <label class="check">
            <input type="radio" name="source" value="csv" checked={source.value === 'csv'} onChange={() => (source.value = 'csv')} />
            CSV file
          </label>
        </div>
      </fieldset>
      {source.value === 'blobs' ? <BlobsForm /> : <CsvForm />}
    </section>
  );
}
