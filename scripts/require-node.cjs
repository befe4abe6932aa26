// Run before `pnpm start` and `pnpm test`, by whatever Node is on PATH: written for any Node,
// so that an old one gets this sentence instead of a syntax error from the service's code.
var major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    'Guestlist needs Node 24 or later, and this is Node ' +
      process.version +
      ': run ./guestlist ' +
      (process.argv[2] || 'start') +
      ' instead (it fetches Node 24 and pnpm), or install Node 24.\n',
  );
  process.exit(1);
}
