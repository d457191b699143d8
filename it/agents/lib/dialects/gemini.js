'use strict';
// Gemini API (Gemini CLI): POST /v1beta/models/MODEL:streamGenerateContent?alt=sse, streamed as
// `data:` chunks of GenerateContentResponse; :generateContent is the same without streaming.
// The shell tool is `run_shell_command`.
const wire = require('../wire');

const TOOL = 'run_shell_command';
const CALL_ID = 'call_airlock_e2e_01';

function route(method, path) {
  if (method !== 'POST') return 'other';
  if (/:(streamGenerateContent|generateContent)$/.test(path)) return 'model';
  if (/:countTokens$/.test(path)) return 'count';
  return 'other';
}

function declarations(body) {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  return tools.flatMap((t) => (t && Array.isArray(t.functionDeclarations) ? t.functionDeclarations : []));
}

function offersShellTool(body) {
  return declarations(body).some((d) => d && d.name === TOOL);
}

function toolResult(body) {
  const last = wire.last(body.contents);
  if (!last || last.role !== 'user' || !Array.isArray(last.parts)) return null;
  const part = last.parts.find((p) => p && p.functionResponse && p.functionResponse.name === TOOL);
  if (!part) return null;
  const response = part.functionResponse.response || {};
  return typeof response.output === 'string' ? response.output : JSON.stringify(response);
}

function respond(res, body, p, url) {
  const part = p.kind === 'tool'
    ? { functionCall: { id: CALL_ID, name: TOOL, args: { command: p.command, description: 'Runs the command the test asked for' } } }
    : { text: p.text };
  const chunk = {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-mock',
  };
  if (!/:streamGenerateContent$/.test(url.pathname)) return wire.json(res, 200, chunk);
  wire.start(res);
  wire.send(res, chunk);
  res.end();
}

function other(res, route) {
  if (route === 'count') return wire.json(res, 200, { totalTokens: 10 });
  wire.json(res, 404, { error: { code: 404, message: 'not served by the mock', status: 'NOT_FOUND' } });
}

module.exports = { name: 'gemini', route, offersShellTool, toolResult, respond, other };
