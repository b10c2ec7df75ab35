// Internal: the object each area of the JS API is built from (wasm/js/core.js).
export interface Core {
  readonly mod: any;
  /** Address of the module's I/O arena and its size in bytes. */
  readonly IO: number;
  readonly IO_SIZE: number;
  heap(): Uint8Array;
  fail(code: number): Error;
  /** Throws the typed error unless `code` is 0 (the module's result convention). */
  check(code: number): void;
  /** Calls an export that creates an object with the address for its handle; returns the handle. */
  create(fn: (outH: number) => number): number;
  malloc(n: number): number;
  free(ptr: number, n: number): void;
  withInput<T>(data: Uint8Array, fn: (ptr: number) => T): T;
  out(ptr: number, len: number): Uint8Array;
  read(ptr: number, len: number): Uint8Array;
  /** parts: Uint8Arrays (copied in) and numbers (output room); keep: see core.js. */
  frame<T>(parts: ReadonlyArray<unknown>, fn: (...ptrs: number[]) => T, ...keep: unknown[]): T;
  u32(ptr: number): number;
  putU32(ptr: number, v: number): void;
  releaseScratch(): void;
  readonly Handle: HandleClass;
  readonly disposeSymbol: symbol;
  /** Wipes and frees every object of every kind held in module memory (the lock). */
  disposeAll(): void;
  /** Live objects of a registry kind (wasm/src/handles.hpp), or of every kind for 0. */
  liveHandles(kind: number): number;
}
export interface HandleBase {
  handle(): number;
  readonly disposed: boolean;
  dispose(): void;
  _forget(): void;
}
export type HandleClass = new (h: number) => HandleBase;
export declare function makeCore(mod: any): Core;
export declare function concatBytes(parts: Uint8Array[]): Uint8Array;
/** Symbol.dispose, or its registered stand-in where the runtime lacks it. */
export declare const DISPOSE: symbol;
