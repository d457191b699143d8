'use strict';
// The four agent CLIs: which npm package at which pinned version, how each is pointed at the
// mock model (base URL, dummy key, no telemetry or update checks), how each is guarded the way
// `airlock setup` does it (from ../shared/agents/README.md: how each really picks its shell),
// and how each is run non-interactively.
const fs = require('fs');
const path = require('path');

function writeFile(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function writeJson(file, value) {
  writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

/** PATH with the shim directory first: what makes "the first bash on PATH" the guard. */
function shimFirstOnPath(env, shimDir) {
  env.PATH = shimDir + ':' + env.PATH;
}

const claudeCode = {
  id: 'claude-code',
  auditName: 'claude-code',
  pkg: '@anthropic-ai/claude-code',
  version: '2.1.197',
  bin: 'claude',
  dialect: 'anthropic',
  harness: 'claude-code',
  configure(ctx) {
    Object.assign(ctx.env, {
      ANTHROPIC_BASE_URL: ctx.baseUrl,
      ANTHROPIC_API_KEY: 'dummy',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    });
    // Claude Code refuses bypassPermissions as root unless it is told it runs in a sandbox,
    // which a throw-away CI container is.
    if (process.getuid && process.getuid() === 0) ctx.env.IS_SANDBOX = '1';
  },
  guard(ctx) {
    // What `airlock setup claude-code` writes: settings env.CLAUDE_CODE_SHELL = the shim's bash.
    writeJson(path.join(ctx.home, '.claude', 'settings.json'), { env: { CLAUDE_CODE_SHELL: ctx.shimDir + '/bash' } });
  },
  command(ctx) {
    return [ctx.binPath, ['-p', ctx.prompt, '--permission-mode', 'bypassPermissions']];
  },
};

const opencode = {
  id: 'opencode',
  auditName: 'opencode',
  pkg: 'opencode-ai',
  version: '1.18.33',
  bin: 'opencode',
  dialect: 'openai-chat',
  configure(ctx) {
    writeJson(path.join(ctx.env.XDG_CONFIG_HOME, 'opencode', 'opencode.json'), {
      $schema: 'https://opencode.ai/config.json',
      provider: {
        mock: {
          // bundled in opencode, so nothing is fetched
          npm: '@ai-sdk/openai-compatible',
          name: 'airlock e2e mock',
          options: { baseURL: ctx.baseUrl + '/v1', apiKey: 'dummy' },
          models: { 'mock-model': { name: 'mock model' } },
        },
      },
      model: 'mock/mock-model',
      autoupdate: false,
      share: 'disabled',
    });
    Object.assign(ctx.env, {
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      OPENCODE_DISABLE_SHARE: '1',
    });
  },
  guard(ctx) {
    // opencode runs $SHELL, whatever its name.
    ctx.env.SHELL = ctx.shimDir + '/bash';
  },
  command(ctx) {
    return [ctx.binPath, ['run', ctx.prompt]];
  },
};

const gemini = {
  id: 'gemini',
  auditName: 'gemini-cli',
  pkg: '@google/gemini-cli',
  version: '0.61.0',
  bin: 'gemini',
  dialect: 'gemini',
  harness: 'gemini-cli',
  configure(ctx) {
    // With GOOGLE_GEMINI_BASE_URL alone Gemini CLI picks the "gateway" auth type, which -p
    // refuses; the API-key type still honours the base URL.
    writeJson(path.join(ctx.home, '.gemini', 'settings.json'), {
      security: { auth: { selectedType: 'gemini-api-key' } },
      privacy: { usageStatisticsEnabled: false },
      telemetry: { enabled: false },
      general: { disableAutoUpdate: true, disableUpdateNag: true },
    });
    Object.assign(ctx.env, { GOOGLE_GEMINI_BASE_URL: ctx.baseUrl, GEMINI_API_KEY: 'dummy' });
  },
  guard(ctx) {
    // Gemini CLI runs the first `bash` on PATH and ignores $SHELL.
    shimFirstOnPath(ctx.env, ctx.shimDir);
  },
  command(ctx) {
    // Without -m it spends minutes retrying model routing; --skip-trust: the temp workspace is
    // not in its trusted folders, and untrusted folders turn --yolo off.
    return [ctx.binPath, ['-p', ctx.prompt, '--yolo', '--skip-trust', '-m', 'gemini-2.5-flash']];
  },
};

const codex = {
  id: 'codex',
  auditName: 'codex',
  pkg: '@openai/codex',
  version: '0.169.0',
  bin: 'codex',
  dialect: 'openai-responses',
  harness: 'codex',
  execsShellAgain: true,
  configure(ctx) {
    ctx.env.CODEX_HOME = path.join(ctx.home, '.codex');
    writeFile(path.join(ctx.env.CODEX_HOME, 'config.toml'), [
      'model = "mock-model"',
      'model_provider = "mock"',
      '',
      '[model_providers.mock]',
      'name = "airlock e2e mock"',
      `base_url = "${ctx.baseUrl}/v1"`,
      'env_key = "AIRLOCK_E2E_MODEL_KEY"',
      'wire_api = "responses"',
      '',
    ].join('\n'));
    ctx.env.AIRLOCK_E2E_MODEL_KEY = 'dummy';
  },
  guard(ctx) {
    // Codex takes the login shell from the password database and nothing else; shown a copy
    // of /etc/passwd in which our user's shell is the shim (see loginShellLauncher).
    ctx.passwd = path.join(ctx.root, 'passwd');
    writeFile(ctx.passwd, passwdWithShell(fs.readFileSync('/etc/passwd', 'utf8'), process.getuid(), process.getgid(), ctx.home, ctx.shimDir + '/bash'));
  },
  // Codex captures a snapshot of the login shell in the background and wraps commands in its
  // prelude only once that is done; a real model's first answer takes longer than that.
  readyForTool(ctx) {
    const dir = path.join(ctx.env.CODEX_HOME, 'shell_snapshots');
    return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.sh'));
  },
  command(ctx) {
    const args = ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ctx.prompt];
    return loginShellLauncher(ctx.passwd, ctx.binPath, args);
  },
};

/** /etc/passwd with `shell` as the login shell of `uid` (an entry is added if there is none). */
function passwdWithShell(text, uid, gid, home, shell) {
  let found = false;
  const lines = text.split('\n').filter((l) => l !== '').map((line) => {
    const f = line.split(':');
    if (f.length >= 7 && Number(f[2]) === uid && !found) {
      found = true;
      f[6] = shell;
      return f.join(':');
    }
    return line;
  });
  if (!found) lines.push(`airlock-e2e:x:${uid}:${gid}::${home}:${shell}`);
  return lines.join('\n') + '\n';
}

/**
 * Runs `bin args` as the same user, but in a private mount namespace where /etc/passwd is
 * `passwd`: a user namespace mapping us to root may bind-mount, then a nested one maps root back
 * to our own uid, so the agent runs as us, sees the shim as our login shell, and cannot undo
 * the mount (it holds no capabilities there).
 */
function loginShellLauncher(passwd, bin, args) {
  const uid = process.getuid();
  const gid = process.getgid();
  const inner = 'mount --bind "$1" /etc/passwd || exit 125; shift; '
    + `exec unshare --user --map-user=${uid} --map-group=${gid} -- "$@"`;
  return ['unshare', ['--user', '--map-root-user', '--mount', '--', '/bin/sh', '-c', inner, 'sh', passwd, bin, ...args]];
}

const ALL = [claudeCode, opencode, gemini, codex];

module.exports = { ALL, byId: (id) => ALL.find((a) => a.id === id), passwdWithShell };
