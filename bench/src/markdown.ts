/** Prints the last run's results as the README's Markdown table: `node bench/src/markdown.ts`. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type BenchReport, markdownTable } from './report.ts';

const file = process.argv[2] ?? path.resolve(import.meta.dirname, '../results/latest.json');
const report = JSON.parse(await readFile(file, 'utf8')) as BenchReport;
process.stdout.write(`${markdownTable(report)}\n`);
