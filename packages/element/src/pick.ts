// A typed pick: the named properties of an object, where the compiler checks that every name is a key of it, so that a
// list of attribute names (such as the map's LOAD_ATTRIBUTES) cannot name a property that is not there.

/** The properties `keys` of `source`, as an object of just those properties. */
export function pick<T extends object, const K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = source[key];
  return picked;
}
