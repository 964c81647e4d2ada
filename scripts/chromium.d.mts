// Types of scripts/chromium.mjs for the TypeScript end-to-end tests.
export const chromiumArgs: string[];
export function chromiumPath(): string;
