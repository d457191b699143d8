#!/usr/bin/env node
'use strict';
// Claude Code's permission prompt, scripted: a minimal MCP server on stdio (JSON-RPC 2.0, one
// message per line) with one tool that `claude -p --permission-prompt-tool` calls whenever
// Claude Code would ask the person (for instance when a PreToolUse hook answers `ask`). It
// answers with the behaviour named by AIRLOCK_E2E_PROMPT_ANSWER (`allow` or `deny`) and records
// each call, one JSON line, to AIRLOCK_E2E_PROMPT_LOG.
const fs = require('fs');
const readline = require('readline');

const TOOL = 'answer';
const answer = process.env.AIRLOCK_E2E_PROMPT_ANSWER === 'allow' ? 'allow' : 'deny';
const logFile = process.env.AIRLOCK_E2E_PROMPT_LOG;

function send(msg) {
  process.stdout.write(JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg)) + '\n');
}

function result(args) {
  if (logFile) fs.appendFileSync(logFile, JSON.stringify({ args, answer }) + '\n');
  const input = (args && args.input) || {};
  const decision = answer === 'allow'
    ? { behavior: 'allow', updatedInput: input }
    : { behavior: 'deny', message: 'airlock-e2e: the person said no in Claude Code\'s prompt' };
  return { content: [{ type: 'text', text: JSON.stringify(decision) }] };
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    return;
  }
  if (msg.id === undefined) return; // notifications need no answer
  if (msg.method === 'initialize') {
    send({ id: msg.id, result: { protocolVersion: (msg.params && msg.params.protocolVersion) || '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'airlock-e2e-prompt', version: '1' } } });
  } else if (msg.method === 'tools/list') {
    send({ id: msg.id, result: { tools: [{ name: TOOL, description: 'Answers a permission prompt for the end-to-end test',
      inputSchema: { type: 'object', properties: { tool_name: { type: 'string' }, input: { type: 'object' }, tool_use_id: { type: 'string' } }, required: ['tool_name', 'input'] } }] } });
  } else if (msg.method === 'tools/call') {
    send({ id: msg.id, result: result(msg.params && msg.params.arguments) });
  } else {
    send({ id: msg.id, error: { code: -32601, message: 'method not found: ' + msg.method } });
  }
});
