// Internal: the object each area of the JS API is built from (wasm/js/core.js).
export interface Core {
  readonly mod: any;
  /** Address of the module's I/O arena and its size in bytes. */
  readonly IO: number;
  readonly IO_SIZE: number;
  heap(): Uint8Array;
  fail(code: number): Error;
  check(code: number): void;
  malloc(n: number): number;
  free(ptr: number, n: number): void;
  withInput<T>(data: Uint8Array, fn: (ptr: number) => T): T;
  out(ptr: number, len: number): Uint8Array;
}
export declare function makeCore(mod: any): Core;
