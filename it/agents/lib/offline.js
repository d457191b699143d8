'use strict';
// Runs a command with no network but loopback: a user namespace (to be allowed to make the
// others) with a fresh network namespace whose `lo` is brought up, and inside it a nested user
// namespace that maps us back to our own uid, so the command runs as us, without privileges.
// Where namespaces are not allowed (some containers), the command runs as it is and the caller
// says so.
const { spawnSync } = require('child_process');

function wrap(file, args) {
  const uid = process.getuid();
  const gid = process.getgid();
  const inner = 'ip link set lo up || exit 125; '
    + `exec unshare --user --map-user=${uid} --map-group=${gid} -- "$@"`;
  return ['unshare', ['--user', '--map-root-user', '--net', '--', '/bin/sh', '-c', inner, 'sh', file, ...args]];
}

/** null when a loopback-only namespace works here, else why not. */
function unavailable() {
  const [file, args] = wrap('/bin/true', []);
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 30000 });
  if (r.error) return r.error.code === 'ENOENT' ? 'no unshare command' : r.error.message;
  if (r.status !== 0) return (r.stderr || '').trim().split('\n')[0] || `unshare exited ${r.status}`;
  return null;
}

module.exports = { wrap, unavailable };
