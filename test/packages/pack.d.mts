export const ROOT: string;

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], cwd: string): Promise<Ran>;
export function succeed(command: string, args: readonly string[], cwd: string): Promise<string>;
export function installedVersion(name: string): string;
export function packWorkspaces(destination: string): Promise<Record<string, string>>;
export function installDependencies(project: string): Promise<string>;
