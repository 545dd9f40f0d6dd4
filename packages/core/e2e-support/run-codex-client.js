#!/usr/bin/env node
'use strict';
/**
 * Drives the built Codex client (packages/core/dist/codex) in its own Node process, for tests
 * that need real processes: Jest on Node 20 cannot load execa, so it spawns this script.
 *
 * Input: one JSON request in the file $NX_CODEX_CLIENT_REQUEST_FILE, in $NX_CODEX_CLIENT_REQUEST, or argv[2]:
 *   { client: CreateCodexClientOptions (JSON-able), calls: [CodexCallOptions & {
 *       abortAfterFirstEvent?: boolean, abortAfterMs?: number, resumePrevious?: boolean }] }
 * Output: JSON lines on stdout: {"event":…,"call":i} while a call runs, then {"result":…,"call":i}
 * or {"error":{kind,message,attempts,…},"call":i}, and {"done":true} at the end.
 * `resumePrevious` resumes the thread of the previous call's result.
 * `appServer: true` gives the client an AppServerPool (batch mode's shared codex app-server), closed
 * at the end; `concurrent: true` starts every call at once instead of one after the other.
 */
const fs = require('node:fs');
const path = require('node:path');

const DIST = path.resolve(__dirname, '..', 'dist', 'codex');

function print(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function errorJson(error) {
  if (error && typeof error.toJSON === 'function') return error.toJSON();
  return { name: error && error.name, message: String((error && error.message) || error), stack: error && error.stack };
}

async function main() {
  const file = process.env.NX_CODEX_CLIENT_REQUEST_FILE;
  const raw = file ? fs.readFileSync(file, 'utf8') : process.env.NX_CODEX_CLIENT_REQUEST || process.argv[2];
  if (!raw)
    throw new Error(
      'run-codex-client: pass the request as JSON in a file named by $NX_CODEX_CLIENT_REQUEST_FILE, in $NX_CODEX_CLIENT_REQUEST, or as the first argument',
    );
  const request = JSON.parse(raw);
  const { createCodexClient, AppServerPool } = require(DIST);
  const started = Date.now();
  const appServer = request.appServer ? new AppServerPool() : undefined;
  let client;
  try {
    client = await createCodexClient({ ...request.client, appServer });
  } catch (error) {
    print({ error: errorJson(error), call: -1 });
    print({ done: true });
    return;
  }
  print({ client: { transport: client.transport, binary: client.binary, ms: Date.now() - started } });
  let previous;
  const runCall = async (index, call) => {
    const { abortAfterFirstEvent, abortAfterMs, resumePrevious, ...options } = call;
    const controller = new AbortController();
    if (abortAfterMs !== undefined) setTimeout(() => controller.abort(), abortAfterMs);
    if (resumePrevious && previous) options.resumeThreadId = previous.threadId;
    try {
      previous = await client.run({
        ...options,
        signal: controller.signal,
        onEvent: (event) => {
          print({ event, call: index });
          if (abortAfterFirstEvent) controller.abort();
        },
      });
      print({ result: previous, call: index });
    } catch (error) {
      print({ error: errorJson(error), call: index });
    }
  };
  const calls = [...(request.calls || []).entries()];
  if (request.concurrent) await Promise.all(calls.map(([index, call]) => runCall(index, call)));
  else for (const [index, call] of calls) await runCall(index, call);
  await client.close();
  await appServer?.close();
  print({ done: true });
}

main().catch((error) => {
  print({ fatal: errorJson(error) });
  process.exitCode = 1;
});
