// The error an input is refused with, for tests that check its message.
import assert from 'node:assert/strict';
import { SozialraumError } from '@sozialraum/core';

/** The error a promise rejects with, checked to be a SozialraumError. */
export async function refusal(promise: Promise<unknown>): Promise<SozialraumError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SozialraumError, String(error));
    return error;
  }
  assert.fail('expected the input to be refused');
}
