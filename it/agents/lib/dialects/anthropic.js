'use strict';
// Anthropic Messages API (Claude Code): POST /v1/messages, streamed as typed SSE events; the
// shell tool is `Bash` with input {"command": ...}.
const wire = require('../wire');

const TOOL = 'Bash';
const CALL_ID = 'toolu_airlock_e2e_01';

function route(method, path) {
  if (method === 'POST' && /\/v1\/messages$/.test(path)) return 'model';
  if (method === 'POST' && /\/v1\/messages\/count_tokens$/.test(path)) return 'count';
  return 'other';
}

function offersShellTool(body) {
  return Array.isArray(body.tools) && body.tools.some((t) => t && t.name === TOOL);
}

/** The result of our call, from the last user message, or null. */
function toolResult(body) {
  const last = wire.last(body.messages);
  if (!last || last.role !== 'user' || !Array.isArray(last.content)) return null;
  const block = last.content.find((c) => c && c.type === 'tool_result' && c.tool_use_id === CALL_ID);
  return block ? wire.textOf(block.content) || '' : null;
}

function contentOf(p) {
  if (p.kind === 'tool') return [{ type: 'tool_use', id: CALL_ID, name: TOOL, input: { command: p.command } }];
  return [{ type: 'text', text: p.text }];
}

function respond(res, body, p) {
  const model = body.model || 'claude-mock';
  const stop = p.kind === 'tool' ? 'tool_use' : 'end_turn';
  const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const id = 'msg_airlock_e2e_' + Date.now();
  if (!body.stream) {
    wire.json(res, 200, { id, type: 'message', role: 'assistant', model, content: contentOf(p), stop_reason: stop, stop_sequence: null, usage });
    return;
  }
  wire.start(res);
  wire.send(res, { type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage } }, 'message_start');
  if (p.kind === 'tool') {
    wire.send(res, { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: CALL_ID, name: TOOL, input: {} } }, 'content_block_start');
    wire.send(res, { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify({ command: p.command }) } }, 'content_block_delta');
  } else {
    wire.send(res, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start');
    wire.send(res, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p.text } }, 'content_block_delta');
  }
  wire.send(res, { type: 'content_block_stop', index: 0 }, 'content_block_stop');
  wire.send(res, { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } }, 'message_delta');
  wire.send(res, { type: 'message_stop' }, 'message_stop');
  res.end();
}

function other(res, route) {
  if (route === 'count') return wire.json(res, 200, { input_tokens: 10 });
  wire.json(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'not served by the mock' } });
}

module.exports = { name: 'anthropic', route, offersShellTool, toolResult, respond, other };
