// Go text/tabwriter as omnictl configures it (min width 0, space padding, no flags): every cell
// but the last of a line is padded to its column's widest cell plus `padding`.

/**
 * Aligns one flushed block of rows.
 * @param {string[][]} rows
 * @param {number} [padding]
 */
export function renderTable(rows, padding = 3) {
  /** @type {number[]} */
  const widths = [];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) {
      widths[i] = Math.max(widths[i] ?? 0, [.../** @type {string} */ (row[i])].length);
    }
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length + padding),
        )
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}
