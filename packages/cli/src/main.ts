import { CommanderError } from 'commander';
import { describeFailure } from './errors.ts';
import { buildProgram } from './program.ts';

/** `guestlist`: see `guestlist --help`. */
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
// `guestlist invites export | head`: the reader has what it wanted; stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
try {
  await buildProgram(io).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help). Its usage errors exit 2, like ours, so
    // that 1 always means the server (or the network) refused; help and version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const { lines, exitCode } = describeFailure(error);
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
    process.exitCode = exitCode;
  }
}
