// Chromium driven over a bare CDP pipe (--remote-debugging-pipe), for the one thing Playwright
// cannot show: Playwright attaches to the extension's service worker, which keeps it alive, so
// the real idle stop only happens with nothing attached. This client only uses the browser-level
// Target domain (discovery, creating pages) and never attaches to the worker.
import { chromiumFlags } from './chromium-flags.mjs';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface PipeBrowser {
  send<T = unknown>(method: string, params?: object): Promise<T>;
  /** The targets Chromium reports, kept current from discovery events. */
  targets: Map<string, TargetInfo>;
  close(): Promise<void>;
}

export function launchOverPipe(executable: string, profile: string, extension: string): PipeBrowser {
  const child: ChildProcess = spawn(
    executable,
    [
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      ...chromiumFlags([extension]),
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const targets = new Map<string, TargetInfo>();
  let nextId = 1;
  let buffer = '';

  fromBrowser.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    // Messages are JSON separated by NUL bytes.
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) call?.reject(new Error(`${message.error.message} (${message.error.code})`));
        else call?.resolve(message.result);
      } else if (message.method === 'Target.targetCreated' || message.method === 'Target.targetInfoChanged') {
        targets.set(message.params.targetInfo.targetId, message.params.targetInfo);
      } else if (message.method === 'Target.targetDestroyed') {
        targets.delete(message.params.targetId);
      }
    }
  });

  const send = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params })}\0`);
    });

  return {
    send,
    targets,
    async close() {
      await send('Browser.close').catch(() => undefined);
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
