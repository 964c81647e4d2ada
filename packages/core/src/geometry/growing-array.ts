// A typed array that grows as numbers are pushed: the edges a box search finds (intersection-area) and the cells and
// fractions of coverage weights (aggregate/coverage). A plain array of numbers would box each fraction on the heap.

/** The typed arrays a GrowingArray holds. */
type Growable = Int32Array | Uint32Array | Float64Array;

/** `data[0]` … `data[length - 1]` are the numbers pushed; `length = 0` empties it and keeps the buffer for reuse. */
export class GrowingArray<T extends Growable> {
  length = 0;
  /** Starts with `data` (its contents do not matter), which is doubled whenever it is full. */
  constructor(public data: T) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new (this.data.constructor as new (length: number) => T)(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  /** A copy of the numbers pushed, exactly as long as they are. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}
