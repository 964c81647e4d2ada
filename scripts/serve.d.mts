// Types of scripts/serve.mjs for the TypeScript end-to-end tests.
import type { Server } from 'node:http';

export function serve(options?: { root?: string; port?: number; host?: string; headers?: Record<string, string> }): Promise<{ server: Server; url: string }>;
