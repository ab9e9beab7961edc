// Markdown tables for docs/benchmarks.md: header, separator (numbers right-aligned), rows.

/**
 * @example
 * table(['scenario', 'requests/s'], [['static', 1200]]); // '| scenario | requests/s |\n| --- | ---: |\n| static | 1200 |'
 */
export function table(headers, rows) {
  const numeric = headers.map((_, i) =>
    rows.every((row) => typeof row[i] === 'number' || /^[\d.,×x–-]+$/.test(String(row[i]))),
  );
  const lines = [headers, headers.map((_, i) => (numeric[i] ? '---:' : '---')), ...rows];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export const fixed = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
