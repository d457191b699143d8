'use strict';
// OpenAI Responses API (Codex): POST .../responses, streamed as typed SSE events that end with
// `response.completed`. The shell tool Codex offers depends on its version and settings; the
// mock calls the first of SHELL_TOOLS the request offers, with that tool's argument shape.
const wire = require('../wire');

const CALL_ID = 'call_airlock_e2e_01';
// name -> arguments for a command string
const SHELL_TOOLS = {
  exec_command: (command) => ({ cmd: command }),
  shell_command: (command) => ({ command }),
  shell: (command) => ({ command: ['bash', '-lc', command] }),
};

function route(method, path) {
  if (method === 'POST' && /\/responses$/.test(path)) return 'model';
  if (method === 'GET' && /\/models$/.test(path)) return 'models';
  return 'other';
}

function offeredShellTool(body) {
  const names = new Set((Array.isArray(body.tools) ? body.tools : []).map((t) => t && (t.name || (t.function && t.function.name))));
  return Object.keys(SHELL_TOOLS).find((n) => names.has(n)) || null;
}

function offersShellTool(body) {
  return offeredShellTool(body) !== null;
}

function toolResult(body) {
  const last = wire.last(body.input);
  if (!last || last.type !== 'function_call_output' || last.call_id !== CALL_ID) return null;
  const text = wire.textOf(last.output);
  return text !== null ? text : JSON.stringify(last.output);
}

function respond(res, body, p) {
  const id = 'resp_airlock_e2e_' + Date.now();
  let item;
  if (p.kind === 'tool') {
    const name = offeredShellTool(body);
    item = { type: 'function_call', id: 'fc_airlock_e2e_01', call_id: CALL_ID, name, arguments: JSON.stringify(SHELL_TOOLS[name](p.command)), status: 'completed' };
  } else {
    item = { type: 'message', id: 'msg_airlock_e2e_01', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: p.text, annotations: [] }] };
  }
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };
  const response = { id, object: 'response', model: body.model || 'mock-model', status: 'completed', output: [item], usage };
  if (!body.stream) return wire.json(res, 200, response);
  wire.start(res);
  wire.send(res, { type: 'response.created', response: { id, object: 'response', status: 'in_progress', output: [] } }, 'response.created');
  wire.send(res, { type: 'response.output_item.added', output_index: 0, item }, 'response.output_item.added');
  wire.send(res, { type: 'response.output_item.done', output_index: 0, item }, 'response.output_item.done');
  wire.send(res, { type: 'response.completed', response }, 'response.completed');
  res.end();
}

function other(res, route) {
  if (route === 'models') return wire.json(res, 200, { object: 'list', data: [{ id: 'mock-model', object: 'model', created: 0, owned_by: 'airlock-e2e' }] });
  wire.json(res, 404, { error: { message: 'not served by the mock', type: 'not_found' } });
}

module.exports = { name: 'openai-responses', route, offersShellTool, toolResult, respond, other };
