import type { Writable } from 'node:stream';
import type { GuestlistClient } from '@guestlist/sdk';

/** Where a command reads and writes: the process's own streams, environment and directory. */
export interface Io {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * What every command is given. The client is made on demand, inside the action, so `--help`
 * and usage errors work without any configuration.
 */
export interface CommandContext {
  io: Io;
  connect(): Promise<GuestlistClient>;
}
