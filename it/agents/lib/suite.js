'use strict';
// Runs one agent's cases: a private home and workspaces, the mock model and the scripted
// approver, `airlock setup` in that home, then each case's checks and `airlock audit verify`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { MockModel } = require('./mock-model');
const { ScriptedApprover } = require('./approver');
const { casesFor } = require('./cases');

const PROMPT = 'Run the shell command you were set up to run, then report its output.';

/** Collects the outcome of a case's checks. */
class Checks {
  constructor() {
    this.failures = [];
    this.count = 0;
  }

  ok(cond, message, detail) {
    this.count++;
    if (!cond) this.failures.push(detail ? `${message}\n${detail}` : message);
  }
}

function readJsonLines(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => {
    try {
      return JSON.parse(l);
    } catch (e) {
      return { unparseable: l };
    }
  });
}

/** The environment the agent starts with: built from nothing, so no key or setting of ours leaks in. */
function baseEnv(dirs, binPath) {
  // the agent installed on PATH, as a global npm install would be
  const pathDirs = [path.dirname(binPath), path.dirname(process.execPath), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  const env = {
    PATH: [...new Set(pathDirs)].join(':'),
    HOME: dirs.home,
    USER: os.userInfo().username,
    LOGNAME: os.userInfo().username,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_STATE_HOME: path.join(dirs.home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    // the person's shell: where setup puts its functions (~/.bashrc)
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    AIRLOCK_AUDIT: dirs.audit,
    AIRLOCK_SOCKET: dirs.socket,
    // a hang guard only: the scripted approver answers at once
    AIRLOCK_APPROVAL_TIMEOUT: '60',
    // the scripted approver stands in for `airlock console` (docs/approval-protocol.md)
    AIRLOCK_APPROVER: 'any',
  };
  for (const k of ['JAVA_HOME', 'AIRLOCK_JAVA']) {
    if (process.env[k]) env[k] = process.env[k];
  }
  return env;
}

/** Runs the agent once; resolves with what it did. Its process group is killed after it exits or times out. */
function runAgent(file, args, opts, timeoutS) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch (e) {
        // the group is gone already
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 5000).unref();
    }, timeoutS * 1000);
    child.on('error', (e) => {
      stderr += `\nairlock-e2e: could not start ${file}: ${e.message}\n`;
    });
    child.on('close', (exit, signal) => {
      clearTimeout(timer);
      killGroup('SIGKILL');
      resolve({ exit, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/**
 * Runs all cases for `agent` (installed at `installed.binPath`); `out` is the directory for the
 * run's files. Resolves with [{name, ok, ms, failures}], the audit verification last.
 */
async function runSuite(agent, installed, opts) {
  const { repo, out, log, timeoutS } = opts;
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  // Unix socket paths are limited to about 100 bytes: keep the socket in a short temp dir.
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-e2e-'));
  const dirs = { home: path.join(out, 'home'), audit: path.join(out, 'audit', 'audit.jsonl'), socket: path.join(sockDir, 'console.sock') };
  fs.mkdirSync(dirs.home, { recursive: true });
  const mock = new MockModel(require('./dialects/' + agent.dialect), path.join(out, 'model-requests.jsonl'));
  const approver = new ScriptedApprover(dirs.socket, path.join(out, 'approver-requests.jsonl'));
  const port = await mock.listen();
  await approver.listen();
  const ctx = {
    agent,
    root: out,
    home: dirs.home,
    env: baseEnv(dirs, installed.binPath),
    // for airlock's own commands, without the agent's settings
    plainEnv: baseEnv(dirs, installed.binPath),
    baseUrl: `http://127.0.0.1:${port}`,
    airlock: path.join(repo, 'bin', 'airlock'),
    binPath: installed.binPath,
    prompt: PROMPT,
    approver,
    auditRecords: () => readJsonLines(dirs.audit),
  };
  const outcomes = [];
  try {
    agent.configure(ctx);
    outcomes.push(setup(ctx));
    log(outcomeLine(outcomes[0]));
    for (const c of outcomes[0].ok ? casesFor(agent) : []) {
      const label = c.name;
      const cwd = path.join(out, 'work', label);
      fs.mkdirSync(cwd, { recursive: true });
      const realCwd = fs.realpathSync(cwd);
      const prep = c.prepare(realCwd, ctx);
      mock.script(label, prep.command, agent.readyForTool && (() => agent.readyForTool(ctx)));
      approver.script(label, prep.answer);
      const [file, args] = agent.command(ctx);
      // for permission-prompt.js in hook mode: by default the person approves in Claude Code's prompt
      const promptLog = path.join(out, `${label}.prompts.jsonl`);
      const env = Object.assign({}, ctx.env, { AIRLOCK_E2E_PROMPT_ANSWER: 'allow', AIRLOCK_E2E_PROMPT_LOG: promptLog }, prep.env);
      const r = await runAgent(file, args, { cwd: realCwd, env }, timeoutS);
      if (prep.cleanup) prep.cleanup();
      fs.writeFileSync(path.join(out, `${label}.stdout`), r.stdout);
      fs.writeFileSync(path.join(out, `${label}.stderr`), r.stderr);
      const run = Object.assign({}, prep, r, { label, cwd: realCwd, timeoutS, toolCalls: mock.toolCalls(label), toolResults: mock.toolResults(label), sentBeforeReady: mock.sentBeforeReady(label), prompts: readJsonLines(promptLog) });
      const t = new Checks();
      c.check(t, run, ctx);
      outcomes.push({ name: label, what: c.what, ok: t.failures.length === 0, ms: r.ms, failures: t.failures, checks: t.count });
      log(outcomeLine(outcomes[outcomes.length - 1]));
    }
    outcomes.push(verifyAudit(ctx, dirs));
    log(outcomeLine(outcomes[outcomes.length - 1]));
  } finally {
    await mock.close();
    await approver.close();
    fs.rmSync(sockDir, { recursive: true, force: true });
  }
  return outcomes;
}

/** `airlock setup AGENT --apply` in the private home, then `airlock setup --status` says it is guarded. */
function setup(ctx) {
  const started = Date.now();
  const t = new Checks();
  const run = (args) => spawnSync(ctx.airlock, args, { env: ctx.env, encoding: 'utf8', timeout: 120000 });
  const applied = run(ctx.agent.setup);
  const said = (r) => `${r.stdout || ''}${r.stderr || ''}`.trim();
  fs.writeFileSync(path.join(ctx.root, 'setup.out'), said(applied) + '\n');
  t.ok(applied.status === 0, `airlock ${ctx.agent.setup.join(' ')} exits 0 (${applied.status})`, said(applied));
  const status = run(['setup', '--status']);
  const name = ctx.agent.setup[1];
  const line = (status.stdout || '').split('\n').find((l) => l.split(/\s+/)[0] === name) || '';
  t.ok(status.status === 0 && line.split(/\s+/)[2] === 'guarded', `airlock setup --status says ${name} is guarded`, said(status));
  if (ctx.agent.hook) t.ok(line.includes('PreToolUse hook'), 'airlock setup --status names the PreToolUse hook', line);
  return { name: 'setup', what: `airlock ${ctx.agent.setup.join(' ')}: ${line.split(/\s{2,}/).slice(3).join(' ') || '?'}`, ok: t.failures.length === 0, ms: Date.now() - started, failures: t.failures, checks: t.count };
}

/** The whole log: every record names the agent, and `airlock audit verify` finds the chain intact. */
function verifyAudit(ctx, dirs) {
  const started = Date.now();
  const t = new Checks();
  const records = ctx.auditRecords();
  t.ok(records.length > 0, `the audit log ${dirs.audit} has records`);
  const strangers = records.filter((r) => (r.event === 'decision' || r.event === 'result') && r.agent !== ctx.agent.auditName);
  t.ok(strangers.length === 0, `every decision and result names ${ctx.agent.auditName}`,
    strangers.slice(0, 3).map((r) => `seq ${r.seq} agent ${r.agent}: ${JSON.stringify(r.command).slice(0, 200)}`).join('\n'));
  const v = spawnSync(ctx.airlock, ['audit', 'verify'], { env: ctx.plainEnv, encoding: 'utf8', timeout: 120000 });
  t.ok(v.status === 0, `airlock audit verify exits 0 (${v.status})`, (v.stdout || '') + (v.stderr || ''));
  return { name: 'audit', what: `airlock audit verify: ${(v.stdout || '').trim().split('\n')[0] || '?'} (${records.length} records)`, ok: t.failures.length === 0, ms: Date.now() - started, failures: t.failures, checks: t.count };
}

function outcomeLine(o) {
  const head = `  ${o.ok ? 'PASS' : 'FAIL'} ${o.name.padEnd(9)} ${(o.ms / 1000).toFixed(1).padStart(5)} s  ${o.what}`;
  return [head, ...o.failures.map((f) => '       - ' + f.replace(/\n/g, '\n         '))].join('\n');
}

module.exports = { runSuite };
