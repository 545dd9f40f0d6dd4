import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The platform packages `@openai/codex/bin/codex.js` picks its native binary from. */
const PLATFORM_PACKAGES: Record<string, { triple: string; pkg: string }> = {
  'linux-x64': { triple: 'x86_64-unknown-linux-musl', pkg: '@openai/codex-linux-x64' },
  'linux-arm64': { triple: 'aarch64-unknown-linux-musl', pkg: '@openai/codex-linux-arm64' },
  'darwin-x64': { triple: 'x86_64-apple-darwin', pkg: '@openai/codex-darwin-x64' },
  'darwin-arm64': { triple: 'aarch64-apple-darwin', pkg: '@openai/codex-darwin-arm64' },
  'win32-x64': { triple: 'x86_64-pc-windows-msvc', pkg: '@openai/codex-win32-x64' },
  'win32-arm64': { triple: 'aarch64-pc-windows-msvc', pkg: '@openai/codex-win32-arm64' },
};

/** The platform package and target triple of this machine, if codex ships one for it. */
export function platformTarget(
  platform: string = process.platform,
  arch: string = process.arch,
): { triple: string; pkg: string } | undefined {
  return PLATFORM_PACKAGES[`${platform}-${arch}`];
}

function isCodexLauncher(file: string): boolean {
  if (path.basename(file) !== 'codex.js') return false;
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as {
      name?: string;
    };
    return pkg.name === '@openai/codex';
  } catch {
    return false;
  }
}

/**
 * The native binary that `@openai/codex/bin/codex.js` would start (saves a Node start, ~0.1 s per
 * call), or undefined when `file` is not that launcher or the binary is missing.
 */
export function nativeBinaryOf(
  file: string,
  platform: string = process.platform,
  arch: string = process.arch,
): string | undefined {
  if (!isCodexLauncher(file)) return undefined;
  const target = platformTarget(platform, arch);
  if (!target) return undefined;
  const exe = platform === 'win32' ? 'codex.exe' : 'codex';
  const vendorRoots: string[] = [];
  try {
    const pkgJson = createRequire(file).resolve(`${target.pkg}/package.json`);
    vendorRoots.push(path.join(path.dirname(pkgJson), 'vendor'));
  } catch {
    // Older layouts ship the binaries inside @openai/codex itself.
  }
  vendorRoots.push(path.join(path.dirname(file), '..', 'vendor'));
  return vendorRoots
    .map((root) => path.join(root, target.triple, 'bin', exe))
    .find((candidate) => existsSync(candidate));
}

/** How to start a codex path: a `.js` launcher runs under our own Node. */
export function commandOf(binaryPath: string): { file: string; prefixArgs: string[] } {
  return binaryPath.endsWith('.js')
    ? { file: process.execPath, prefixArgs: [binaryPath] }
    : { file: binaryPath, prefixArgs: [] };
}
