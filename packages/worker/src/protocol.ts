// The messages between a WorkerPool and its workers: typed, tagged with a job id; buffers travel as transferables.
import { SozialraumError, type IssueCode, type IssueLocation, type Message } from '@sozialraum/core';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';

/**
 * Pool → worker. A worker holds one task at a time, so there is no abort message: a running task is computed
 * synchronously and could not read one, and a task that has not started never left the pool's queue.
 */
export type WorkerRequest = { [K in TaskName]: { type: 'run'; id: number; task: K; input: TaskInput<K> } }[TaskName];

/** Worker → pool. `ready` is sent once, when the worker's module has loaded; nothing is sent to a worker before it. */
export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; output: TaskOutput<TaskName> }
  | { type: 'error'; id: number; error: SerializedError };

/** An error as it crosses to the pool; a SozialraumError keeps its code, location and German and English text. */
export interface SerializedError {
  name: string;
  message: string;
  code?: IssueCode;
  location?: IssueLocation;
  text?: Message;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof SozialraumError)
    return { name: error.name, message: error.message, code: error.code, location: { ...error.location }, text: { ...error.text } };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The error again, of the same kind: a SozialraumError with the same code, location and texts, or a plain Error. */
export function deserializeError(serialized: SerializedError): Error {
  if (serialized.code && serialized.location) {
    return SozialraumError.restore(serialized.code, serialized.text ?? { en: serialized.message, de: serialized.message }, serialized.location);
  }
  const error =
    serialized.name === 'RangeError'
      ? new RangeError(serialized.message)
      : serialized.name === 'TypeError'
        ? new TypeError(serialized.message)
        : new Error(serialized.message);
  return error;
}

/** Every ArrayBuffer under a value (typed arrays, nested objects and arrays), each once, to transfer instead of copy. */
export function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (value instanceof ArrayBuffer) {
    found.add(value);
  } else if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    // Lists of numbers or strings hold no buffers; only look into lists of objects.
    if (value.length > 0 && typeof value[0] === 'object') for (const entry of value) transferables(entry, found);
  } else if (value !== null && typeof value === 'object') {
    for (const entry of Object.values(value)) transferables(entry, found);
  }
  return [...found];
}
