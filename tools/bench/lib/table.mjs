// The printed results table.

const COLUMNS = [
  ['#', (row) => row.id],
  ['benchmark', (row) => row.name],
  ['measured', (row) => row.measured],
  ['baseline (same run)', (row) => row.baseline],
  ['ratio', (row) => row.ratioText ?? ''],
  ['target', (row) => row.target],
  ['runs', (row) => String(row.reps ?? '')],
  ['result', (row) => (row.error ? 'ERROR' : row.pass ? 'PASS' : 'MISS')],
];

export function renderTable(rows) {
  const cells = rows.map((row) => COLUMNS.map(([, get]) => String(get(row) ?? '')));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...cells.map((line) => line[i].length)));
  const line = (values) => `| ${values.map((value, i) => value.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(COLUMNS.map(([title]) => title)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}
