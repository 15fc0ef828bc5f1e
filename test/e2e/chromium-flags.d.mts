export const CHROMIUM_PATH: string;
export function chromiumFlags(dirs: readonly string[]): string[];
