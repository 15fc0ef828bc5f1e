// The workspace packages as a stranger gets them: packed into tarballs (`npm pack`, whose prepack
// builds each one) and installed with npm into a project outside the repository. Shared by the
// packages test and the example extension's build, which must not pack at the same time: packing
// rebuilds packages/*/dist, so one run's build would delete files the other is putting in a tarball.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOCK = join(ROOT, 'node_modules', '.cache', 'ramify-db-pack.lock');
const LOCK_POLL_MS = 250;

/** Runs a command to its end; never rejects (the exit code says how it went). */
export function run(command, args, cwd) {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

/** Runs a command and returns its stdout; rejects with both outputs when it exits with an error. */
export async function succeed(command, args, cwd) {
  const ran = await run(command, args, cwd);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${ran.code}\n${ran.stdout}\n${ran.stderr}`);
  return ran.stdout;
}

/** The version of a third-party package the repository has installed (so npm's cache has it). */
export const installedVersion = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

/** Whether the process named in the lock still runs (EPERM: it does, as another user). */
const holderAlive = () => {
  try {
    process.kill(Number(readFileSync(join(LOCK, 'pid'), 'utf8')), 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

async function takeLock() {
  mkdirSync(join(LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    // A holder that died (killed mid-pack) leaves its lock behind; its pid is then gone.
    if (existsSync(join(LOCK, 'pid')) && !holderAlive()) rmSync(LOCK, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

/** `@ramify-db/core` 0.1.0 → `ramify-db-core-0.1.0.tgz`, as npm names a scoped package's tarball. */
const tarballName = (name, version) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/** Every workspace package's name and version, from packages/<dir>/package.json. */
function workspaces() {
  const dir = join(ROOT, 'packages');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .map((name) => JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')))
    .map(({ name, version }) => ({ name, version }));
}

/** Packs every workspace into `destination`; returns each package's name → its tarball's path. */
export async function packWorkspaces(destination) {
  mkdirSync(destination, { recursive: true });
  await takeLock();
  try {
    await succeed('npm', ['pack', '--workspaces', '--pack-destination', destination, '--loglevel=error'], ROOT);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  const tarballs = {};
  for (const { name, version } of workspaces()) {
    const path = join(destination, tarballName(name, version));
    if (!existsSync(path)) throw new Error(`npm pack made no ${tarballName(name, version)} for ${name}`);
    tarballs[name] = path;
  }
  return tarballs;
}

/** `npm install` in `project`, from npm's cache where it can (the cache has every third-party package after `npm ci`). */
export const installDependencies = (project) => succeed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
