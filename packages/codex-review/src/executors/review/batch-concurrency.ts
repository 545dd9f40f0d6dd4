/**
 * How many reviews of a batch run at once: what Nx's own `--parallel` says. Nx does not tell a
 * batch executor (it forks it with the task graph only), so the flags are read from the `nx`
 * command line above us, with Nx's rules (shared-options.js in Nx 22): `--parallel=N` is N,
 * `--parallel=false` is 1, a bare `--parallel` is `--maxParallel`, NX_PARALLEL or 3; without the
 * flag, NX_PARALLEL (or `--maxParallel` with it), then nx.json `parallel`, then 3. At most
 * MAX_BATCH_CONCURRENCY.
 */
export const NX_DEFAULT_PARALLEL = 3;

/**
 * A cap on reviews of a batch with calls out at the model at once (as many more prepare behind
 * them). Every review of a batch opens its threads (up to its own
 * `concurrency` each) on one shared `codex app-server` and is driven by our one JavaScript thread:
 * `--parallel=500` (meant for cheap tasks) would open hundreds of threads on one process and as
 * many requests at once at the model provider, which answers with rate limits and retries instead
 * of speed. Without a batch, Nx's own `--parallel` starts processes and is not capped here.
 */
export const MAX_BATCH_CONCURRENCY = 16;

export function batchConcurrency(
  nxArgv: readonly string[] | undefined,
  env: Record<string, string | undefined>,
  nxJsonParallel: number | undefined,
): number {
  return Math.min(nxParallel(nxArgv, env, nxJsonParallel), MAX_BATCH_CONCURRENCY);
}

function nxParallel(
  nxArgv: readonly string[] | undefined,
  env: Record<string, string | undefined>,
  nxJsonParallel: number | undefined,
): number {
  const parallel = flagValue(nxArgv ?? [], ['parallel']);
  const maxParallel = positive(flagValue(nxArgv ?? [], ['maxParallel', 'max-parallel']));
  const envParallel = positive(env.NX_PARALLEL);
  if (parallel === 'false') return 1;
  if (parallel === undefined)
    return envParallel ? (maxParallel ?? envParallel) : (positive(nxJsonParallel) ?? NX_DEFAULT_PARALLEL);
  return positive(parallel) ?? maxParallel ?? envParallel ?? NX_DEFAULT_PARALLEL;
}

/** `--name=value`, `--name value` (a value that is not a flag), or `--name` alone (''); the last one wins. */
function flagValue(argv: readonly string[], names: string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    for (const name of names) {
      if (argv[i].startsWith(`--${name}=`)) value = argv[i].slice(name.length + 3);
      else if (argv[i] === `--${name}`)
        value = argv[i + 1] !== undefined && !argv[i + 1].startsWith('-') ? argv[i + 1] : '';
    }
  }
  return value;
}

function positive(value: unknown): number | undefined {
  const count = Number(value);
  return value !== '' && value !== undefined && Number.isInteger(count) && count > 0 ? count : undefined;
}
