'use strict';
// The four agent CLIs: which npm package at which pinned version, how each is pointed at the
// mock model (base URL, dummy key, no telemetry or update checks), the `airlock setup` that
// guards it, and how a person starts it non-interactively once setup has run.
const fs = require('fs');
const path = require('path');

function writeFile(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function writeJson(file, value) {
  writeFile(file, JSON.stringify(value, null, 2) + '\n');
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
  // settings.json env.CLAUDE_CODE_SHELL; the agent is then started as usual
  setup: ['setup', 'claude-code', '--apply'],
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
  // "shell" in the opencode.json configure() wrote, which opencode prefers to $SHELL
  setup: ['setup', 'opencode', '--apply'],
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
  // a function gemini() in ~/.bashrc that starts it through `airlock wrap gemini` (the shim
  // first on PATH: Gemini CLI runs the first bash on PATH and ignores $SHELL)
  setup: ['setup', 'gemini', '--apply'],
  command(ctx) {
    // Without -m it spends minutes retrying model routing; --skip-trust: the temp workspace is
    // not in its trusted folders, and untrusted folders turn --yolo off.
    return throughRcFunction('gemini', ['-p', ctx.prompt, '--yolo', '--skip-trust', '-m', 'gemini-2.5-flash']);
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
  // a function codex() in ~/.bashrc that starts it through `airlock wrap codex`: a private
  // user and mount namespace whose /etc/passwd names the shim as our login shell, which is
  // the only shell Codex runs
  setup: ['setup', 'codex', '--apply'],
  // Codex captures a snapshot of the login shell in the background and wraps commands in its
  // prelude only once that is done; a real model's first answer takes longer than that.
  readyForTool(ctx) {
    const dir = path.join(ctx.env.CODEX_HOME, 'shell_snapshots');
    return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.sh'));
  },
  command(ctx) {
    return throughRcFunction('codex', ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ctx.prompt]);
  },
};

/**
 * Starts `name` the way a person does after setup: from their bash, which has read ~/.bashrc
 * and so runs setup's function of that name rather than the program.
 */
function throughRcFunction(name, args) {
  return ['/bin/bash', ['-c', `. "$HOME/.bashrc" && ${name} "$@"`, 'bash', ...args]];
}

/**
 * Claude Code with airlock's PreToolUse hook as well (`setup --hook`). Where the hook answers `ask`,
 * Claude Code would show its own prompt; under -p it asks the MCP tool named by
 * --permission-prompt-tool instead, here permission-prompt.js, which answers as each case says.
 */
const claudeCodeHook = Object.assign({}, claudeCode, {
  id: 'claude-code-hook',
  hook: true,
  setup: ['setup', 'claude-code', '--apply', '--hook'],
  command(ctx) {
    const prompt = { command: process.execPath, args: [path.join(__dirname, 'permission-prompt.js')] };
    return [ctx.binPath, ['-p', ctx.prompt, '--permission-mode', 'bypassPermissions',
      '--mcp-config', JSON.stringify({ mcpServers: { airlock_e2e: prompt } }), '--strict-mcp-config',
      '--permission-prompt-tool', 'mcp__airlock_e2e__answer']];
  },
});

const ALL = [claudeCode, claudeCodeHook, opencode, gemini, codex];

module.exports = { ALL, byId: (id) => ALL.find((a) => a.id === id) };
