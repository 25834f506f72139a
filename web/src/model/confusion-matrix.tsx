// The confusion matrix as a heat map: rows are the true digit, columns the predicted one; colour is the row share.

export function ConfusionMatrix({ matrix }: { matrix: number[][] }) {
  if (matrix.length === 0) return <p class="hint">No test results recorded.</p>;
  const labels = matrix.map((_, i) => i);
  return (
    <div class="table-wrap">
      <table class="heatmap" data-testid="confusion-matrix">
        <caption>Test set · rows: true digit · columns: predicted digit</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="sr-only">True digit</span>
            </th>
            {labels.map((d) => (
              <th scope="col" key={d}>
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, t) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={t}>
                <th scope="row">{t}</th>
                {row.map((n, p) => {
                  const share = n / total;
                  // Diagonal (right) in the accent hue, errors in red; more saturated for larger shares.
                  const strength = t === p ? share : Math.min(1, share * 20);
                  const hue = t === p ? 220 : 0;
                  const bg = n === 0 ? 'transparent' : `hsl(${hue} 70% ${Math.round(95 - strength * 55)}%)`;
                  return (
                    <td
                      key={p}
                      class={n === 0 ? undefined : strength > 0.55 ? 'dark' : 'light'}
                      style={{ background: bg }}
                      title={`true ${t}, predicted ${p}: ${n} (${(share * 100).toFixed(1)}% of ${t}s)`}
                    >
                      {n}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
