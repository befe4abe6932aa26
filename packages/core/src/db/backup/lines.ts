/** How many rows a chunk of COPY text holds: its newlines (values' own are escaped). */
export function countLines(chunk: Buffer, from = 0, to = chunk.length): number {
  let count = 0;
  for (let at = chunk.indexOf(10, from); at !== -1 && at < to; at = chunk.indexOf(10, at + 1))
    count++;
  return count;
}

/** Where the `n`th newline from `from` ends (the index after it), or -1 when the chunk has fewer. */
export function endOfLines(chunk: Buffer, n: number, from = 0): number {
  let at = from - 1;
  for (let seen = 0; seen < n; seen++) {
    at = chunk.indexOf(10, at + 1);
    if (at === -1) return -1;
  }
  return at + 1;
}
