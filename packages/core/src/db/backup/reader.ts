import { createHmac, type Hmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  BackupRefused,
  type ExportHeader,
  MAGIC,
  MAX_HEADER_BYTES,
  macKey,
  parseHeader,
} from './format.ts';
import { countLines, endOfLines } from './lines.ts';

const TRAILER = /^END ([0-9a-f]{64})$/;

/**
 * Reads an export front to back with bounded memory: the header, then each table's rows as the
 * chunks they arrive in, then the trailer, whose MAC covers every byte read before it.
 */
export class ExportReader {
  readonly #file: string;
  /** Set once the first line proved the file an export: later faults are damage. */
  #isExport: boolean;
  readonly #source: AsyncIterator<Buffer>;
  readonly #mac: Hmac;
  #buffer: Buffer = Buffer.alloc(0);
  #started = false;
  #ended = false;

  constructor(file: string, secretKey: string) {
    this.#file = file;
    this.#isExport = false;
    // pipeline, not pipe: a read error must reach the reader instead of stalling it.
    const stream = pipeline(createReadStream(file), createGunzip(), () => {});
    this.#source = stream[Symbol.asyncIterator]();
    this.#mac = createHmac('sha256', macKey(secretKey));
  }

  /** The header, checked: a file that does not start like an export is refused here. */
  async header(): Promise<ExportHeader> {
    const magic = await this.#line(MAGIC.length + 1);
    if (magic !== MAGIC) throw new BackupRefused(`${this.#file} is not a Guestlist export.`);
    this.#isExport = true;
    const line = await this.#line(MAX_HEADER_BYTES);
    if (line === null) throw this.#damaged('it ends inside its header');
    return parseHeader(line, this.#file);
  }

  /** Exactly `count` rows of the current table, in chunks as read. */
  async *rows(count: number): AsyncGenerator<Buffer> {
    let remaining = count;
    while (remaining > 0) {
      if (this.#buffer.length === 0 && !(await this.#fill()))
        throw this.#damaged('it ends before its last table');
      const end = endOfLines(this.#buffer, remaining);
      const chunk = end === -1 ? this.#buffer : this.#buffer.subarray(0, end);
      remaining -= end === -1 ? countLines(chunk) : remaining;
      this.#buffer = end === -1 ? Buffer.alloc(0) : this.#buffer.subarray(end);
      this.#mac.update(chunk);
      yield chunk;
    }
  }

  /** The trailer: the MAC of everything before it, then the end of the file. */
  async finish(): Promise<void> {
    const expected = this.#mac.digest();
    const trailer = await this.#line(80, false);
    const match = trailer === null ? null : TRAILER.exec(trailer);
    if (!match) throw this.#damaged('its end is missing');
    if (!timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected))
      throw this.#damaged('its content does not match its checksum');
    if (this.#buffer.length > 0 || (await this.#fill()))
      throw this.#damaged('it goes on after its end');
  }

  close(): void {
    void this.#source.return?.();
  }

  #damaged(why: string): BackupRefused {
    return new BackupRefused(`${this.#file} is damaged or incomplete: ${why}.`);
  }

  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.#source.next();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('Z_') && this.#buffer.length === 0 && !this.#started)
        throw new BackupRefused(`${this.#file} is not a Guestlist export (not a gzip file).`);
      throw this.#damaged(`gzip says "${(error as Error).message}"`);
    }
    this.#started = true;
    if (next.done) {
      this.#ended = true;
      return false;
    }
    this.#buffer =
      this.#buffer.length === 0 ? next.value : Buffer.concat([this.#buffer, next.value]);
    return true;
  }

  /** One line without its newline, or null at the end of the file; longer than `max`: refused. */
  async #line(max: number, authenticated = true): Promise<string | null> {
    for (;;) {
      const end = this.#buffer.indexOf(10);
      if (end !== -1 && end <= max) {
        const line = this.#buffer.subarray(0, end + 1);
        this.#buffer = this.#buffer.subarray(end + 1);
        if (authenticated) this.#mac.update(line);
        return line.subarray(0, end).toString('utf8');
      }
      // Past the first line the file is an export: a line too long is damage, not another file.
      if (end !== -1 || this.#buffer.length > max)
        throw this.#isExport
          ? this.#damaged('a line is longer than any export writes')
          : new BackupRefused(`${this.#file} is not a Guestlist export.`);
      if (!(await this.#fill())) {
        if (this.#buffer.length > 0) throw this.#damaged('its last line is cut short');
        return null;
      }
    }
  }
}
