// tools/local-model as a process: the CLI contract, scenario files, --fail-rate, --delay-ms.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, startLocalModel } from './index';
import { freePort, post, userInput, waitUntil } from './local-model-client';

const MAIN = path.resolve(__dirname, '../local-model/main.js');

describe('local-model CLI', () => {
  it('prints exactly one stdout line with its URL, writes --port-file, uses --port, exits 0 on SIGTERM and SIGINT', async () => {
    const tmp = makeTempDir('local-model-cli-');
    const port = await freePort();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const portFile = path.join(tmp.dir, `port-${signal}`);
      const child = spawn(process.execPath, [MAIN, '--port', String(port), '--port-file', portFile], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
        expect(await waitUntil(() => stdout.includes('\n'), 10000)).toBe(true);
        expect(stdout).toBe(`local-model listening on http://127.0.0.1:${port}/v1\n`);
        expect(fs.readFileSync(portFile, 'utf8')).toBe(`${port}\n`);
        const exited = new Promise<[number | null, string | null]>((resolve) =>
          child.on('exit', (code, sig) => resolve([code, sig])),
        );
        child.kill(signal);
        expect(await exited).toEqual([0, null]);
        expect(stdout.split('\n')).toEqual([`local-model listening on http://127.0.0.1:${port}/v1`, '']);
      } finally {
        child.kill('SIGKILL');
      }
    }
    tmp.cleanup();
  });

  it('refuses a non-loopback host and an unknown scenario, saying what to do', () => {
    const host = spawnSync(process.execPath, [MAIN, '--host', '0.0.0.0'], { encoding: 'utf8' });
    expect(host.status).toBe(2);
    expect(host.stdout).toBe('');
    expect(host.stderr).toContain('--host 0.0.0.0 is not a loopback address');
    const scenario = spawnSync(process.execPath, [MAIN, '--scenario', 'no-such-scenario'], { encoding: 'utf8' });
    expect(scenario.status).toBe(2);
    expect(scenario.stderr).toMatch(/no scenario "no-such-scenario": not a built-in \(.*message.*\)/);
  });

  it('loads a scenario file and names the bad step of a broken one', async () => {
    const tmp = makeTempDir('local-model-scn-');
    const bad = path.join(tmp.dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        steps: [
          { kind: 'message', text: 'ok' },
          { kind: 'shell', then: { kind: 'nope' } },
        ],
      }),
    );
    const broken = spawnSync(process.execPath, [MAIN, '--scenario', bad], { encoding: 'utf8' });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('steps[1] (kind "shell") needs "command"');
    const good = path.join(tmp.dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify({ steps: [{ kind: 'message', text: 'from a file' }] }));
    const model = await startLocalModel({ scenario: good });
    try {
      const reply = await post(model.url, userInput('hi'));
      expect(reply.events.find((e) => e.event === 'response.output_item.done')?.data.item.content[0].text).toBe(
        'from a file',
      );
    } finally {
      await model.stop();
      tmp.cleanup();
    }
  });
});

describe('local-model --fail-rate and --delay-ms', () => {
  async function failingCalls(seed: number, calls: number): Promise<number[]> {
    const model = await startLocalModel({ failRate: 0.25, seed });
    try {
      const failed: number[] = [];
      for (let i = 0; i < calls; i++) if ((await post(model.url, userInput(`${i}`))).status === 500) failed.push(i);
      const log = await model.requests();
      expect(log.filter((r) => r.answer.kind === 'fail-rate').map((r) => r.answer.callIndex)).toEqual(failed);
      return failed;
    } finally {
      await model.stop();
    }
  }

  it('fails about that fraction of calls, the same ones for the same seed', async () => {
    const first = await failingCalls(5, 200);
    expect(first.length).toBeGreaterThan(30);
    expect(first.length).toBeLessThan(70);
    expect(await failingCalls(5, 200)).toEqual(first);
    expect(await failingCalls(6, 200)).not.toEqual(first);
  });

  it('delays every answer by --delay-ms', async () => {
    const model = await startLocalModel({ delayMs: 300 });
    try {
      const started = Date.now();
      await post(model.url, userInput('x'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(295);
    } finally {
      await model.stop();
    }
  });
});
