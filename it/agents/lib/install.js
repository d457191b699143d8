'use strict';
// Installs an agent's published npm package at its pinned version into a cache directory and
// reuses it afterwards. A failed install fails the run: an agent that could not be installed
// must never count as passing.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const STAMP = '.airlock-it-installed';

function cacheRoot() {
  if (process.env.AIRLOCK_IT_CACHE) return process.env.AIRLOCK_IT_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'airlock-it');
}

/** `>=X.Y.Z` (the form all four packages use); anything else is not checked. */
function satisfiesEngine(range, version) {
  const m = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range || '');
  if (!m) return true;
  const want = [m[1], m[2] || 0, m[3] || 0].map(Number);
  const have = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (have[i] !== want[i]) return have[i] > want[i];
  }
  return true;
}

class InstallError extends Error {}

/**
 * The installed agent: {dir, binPath, cached, ms}. Installs into a temporary directory and
 * renames it into place, so an interrupted install never looks like a cached one.
 */
function install(agent, log) {
  // named after the package, so variants of one agent share its install
  const dir = path.join(cacheRoot(), `${agent.pkg.split('/').pop()}-${agent.version}`);
  const binPath = path.join(dir, 'node_modules', '.bin', agent.bin);
  const started = Date.now();
  if (fs.existsSync(path.join(dir, STAMP)) && fs.existsSync(binPath)) {
    return { dir, binPath, cached: true, ms: Date.now() - started };
  }
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const tmp = `${dir}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const spec = `${agent.pkg}@${agent.version}`;
  log(`installing ${spec} into ${dir}`);
  const r = spawnSync('npm', ['install', '--prefix', tmp, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60 * 1000 });
  const tmpBin = path.join(tmp, 'node_modules', '.bin', agent.bin);
  if (r.error || r.status !== 0 || !fs.existsSync(tmpBin)) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const why = r.error ? r.error.message : r.status !== 0 ? `npm exited ${r.status === null ? 'on ' + r.signal : r.status}` : `no ${agent.bin} in the package`;
    throw new InstallError(`could not install ${spec}: ${why}`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(tmp, 'node_modules', ...agent.pkg.split('/'), 'package.json'), 'utf8'));
  if (pkg.version !== agent.version) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new InstallError(`npm installed ${agent.pkg}@${pkg.version}, not ${agent.version}`);
  }
  if (!satisfiesEngine(pkg.engines && pkg.engines.node, process.version)) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new InstallError(`${spec} needs node ${pkg.engines.node}; this is ${process.version}`);
  }
  fs.writeFileSync(path.join(tmp, STAMP), new Date().toISOString() + '\n');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return { dir, binPath, cached: false, ms: Date.now() - started };
}

module.exports = { install, InstallError, satisfiesEngine, cacheRoot };
