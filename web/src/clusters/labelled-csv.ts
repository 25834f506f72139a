// The labelled points as CSV text (one column per coordinate, then the cluster), and saving it as a file.

function quote(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function labelledCsv(columns: readonly string[], points: readonly (readonly number[])[], labels: readonly number[]): string {
  const lines = [[...columns, 'cluster'].map(quote).join(',')];
  for (let i = 0; i < points.length; i++) lines.push(`${points[i].join(',')},${labels[i]}`);
  return `${lines.join('\n')}\n`;
}

export function saveText(text: string, filename: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
