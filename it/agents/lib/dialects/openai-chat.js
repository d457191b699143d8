'use strict';
// OpenAI chat completions (opencode through its openai-compatible provider): POST .../chat/completions,
// streamed as `data:` chunks ending in `data: [DONE]`; the shell tool is `bash`.
const wire = require('../wire');

const TOOL = 'bash';
const CALL_ID = 'call_airlock_e2e_01';

function route(method, path) {
  if (method === 'POST' && /\/chat\/completions$/.test(path)) return 'model';
  if (method === 'GET' && /\/models$/.test(path)) return 'models';
  return 'other';
}

function offersShellTool(body) {
  return Array.isArray(body.tools) && body.tools.some((t) => t && t.function && t.function.name === TOOL);
}

function toolResult(body) {
  const last = wire.last(body.messages);
  if (!last || last.role !== 'tool' || last.tool_call_id !== CALL_ID) return null;
  return wire.textOf(last.content) || '';
}

function respond(res, body, p) {
  const model = body.model || 'mock-model';
  const id = 'chatcmpl-airlock-e2e';
  const created = Math.floor(Date.now() / 1000);
  const finish = p.kind === 'tool' ? 'tool_calls' : 'stop';
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  // opencode's bash tool wants a short description of the command besides the command itself.
  const call = { index: 0, id: CALL_ID, type: 'function', function: { name: TOOL, arguments: JSON.stringify({ command: p.command, description: 'Runs the command the test asked for' }) } };
  if (!body.stream) {
    const message = p.kind === 'tool'
      ? { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: call.type, function: call.function }] }
      : { role: 'assistant', content: p.text };
    wire.json(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finish }], usage });
    return;
  }
  const chunk = (delta, finishReason, extra) => Object.assign({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] }, extra);
  wire.start(res);
  wire.send(res, chunk(p.kind === 'tool' ? { role: 'assistant', content: null, tool_calls: [call] } : { role: 'assistant', content: p.text }, null));
  wire.send(res, chunk({}, finish, { usage }));
  wire.send(res, '[DONE]');
  res.end();
}

function other(res, route) {
  if (route === 'models') return wire.json(res, 200, { object: 'list', data: [{ id: 'mock-model', object: 'model', created: 0, owned_by: 'airlock-e2e' }] });
  wire.json(res, 404, { error: { message: 'not served by the mock', type: 'not_found' } });
}

module.exports = { name: 'openai-chat', route, offersShellTool, toolResult, respond, other };
