export declare class EhrError extends Error {
  constructor(code: string, message: string);
  readonly code: string;
}
export declare function typeError(message: string): TypeError & { code: string };
export declare function rangeError(message: string): RangeError & { code: string };
export declare function abytes(value: unknown, name: string, len?: number | number[]): Uint8Array;
export declare function astring(value: unknown, name: string): string;
export declare function aint(value: unknown, name: string, min: number, max: number): number;
export declare function aoptions(value: unknown, name?: string): Record<string, unknown>;
/** JSON text of an argument given as JSON text or as an object to serialize. */
export declare function ajsonText(value: unknown, name: string, expected: string): string;
