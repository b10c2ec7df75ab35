// Types of the IPFS area of the JS API (wasm/js/ipfs.js).

/** IPIP-499 profile names ('kubo-default' is Kubo's historic defaults, also 'unixfs-v0-2015'). */
export type ProfileName = 'unixfs-v1-2025' | 'kubo-default' | 'unixfs-v0-2015';

/** The parameters that decide a file's DAG. */
export interface ProfileParams {
  /** Fixed chunk size in bytes, 1..1,048,576. */
  readonly chunkSize: number;
  /** Links per file node, 2..8,192. */
  readonly maxLinks: number;
  /** CID version of dag-pb nodes (raw leaves are always CIDv1). */
  readonly cidVersion: 0 | 1 | number;
  /** Raw blocks as leaves, else UnixFS file nodes. */
  readonly rawLeaves: boolean;
}

export type Profile = ProfileName | ProfileParams;

/** Anything that yields bytes. */
export type ByteSource =
  Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** A block: bytes and the CID they hash to (canonical text). */
export interface Block {
  readonly cid: string;
  readonly bytes: Uint8Array;
}

export interface ParsedCid {
  readonly version: 0 | 1 | number;
  /** 0x55 raw, 0x70 dag-pb. */
  readonly codec: number;
  /** 0x12 sha2-256, 0x00 identity. */
  readonly hashCode: number;
  readonly digest: Uint8Array;
  /** Binary CID. */
  readonly bytes: Uint8Array;
  /** Canonical text (base58btc for CIDv0, base32 for CIDv1). */
  readonly string: string;
}

export interface FileRoot {
  readonly cid: string;
  /** Cumulative DAG size (Tsize): what a directory link to this file records. */
  readonly size: number;
  /** Bytes of content. */
  readonly fileSize: number;
  /** Blocks built (a repeated leaf counts each time). */
  readonly blockCount: number;
}

export interface DirectoryRoot {
  readonly cid: string;
  readonly size: number;
  readonly blockCount: number;
  readonly files: ReadonlyArray<{ readonly path: string; readonly cid: string; readonly size: number }>;
}

/** A file (content, or an already built CID with its Tsize) or, with neither, an empty directory. */
export type DirectoryEntry =
  { path: string; content: ByteSource } | { path: string; cid: string | Uint8Array; size: number } | { path: string };

export interface Progress {
  bytesDone: number;
  /** Bytes expected, once known. */
  bytesTotal?: number;
}

export interface CidOptions {
  profile?: Profile;
  /** 'auto' (default): WebCrypto for the leaves of raw-leaf profiles when crypto.subtle exists. */
  hasher?: 'auto' | 'wasm' | 'webcrypto';
  onProgress?: (p: Progress) => void;
}

/** A streaming file builder; holds one chunk in module memory. dispose() when not finished. */
export interface FileBuilder extends Disposable {
  readonly profile: ProfileParams;
  readonly bytesIn: number;
  /** Takes bytes; returns the blocks completed (empty unless created with blocks: true). */
  update(data: Uint8Array): Block[];
  /** Adds a raw leaf hashed elsewhere (SHA-256, 32 bytes) of `size` bytes. */
  addRawLeaf(sha256: Uint8Array, size: number): void;
  /** Completes the DAG (root last in blocks) and frees the builder. */
  finish(): FileRoot & { readonly blocks: Block[] };
  dispose(): void;
}

/** A verifying DAG reader (pull): next() names the block it needs, supply() takes its bytes. */
export interface DagReader extends Disposable {
  next(): string | null;
  /** Verifies the block (EhrError ERR_HASH_MISMATCH otherwise; the same block stays needed) and
   *  returns the file bytes in it, as a view of `bytes`. */
  supply(bytes: Uint8Array): Uint8Array;
  upcoming(max?: number): string[];
  readonly fileSize: number | undefined;
  readonly rangeLength: number | undefined;
  readonly done: boolean;
  readonly bytesOut: number;
  dispose(): void;
}

export interface ReadOptions {
  /** A path below the root through UnixFS directories, e.g. 'css/site.css'. */
  path?: string;
  offset?: number;
  length?: number;
  /** Blocks requested ahead (default 4). */
  concurrency?: number;
  onProgress?: (p: Progress) => void;
}

export interface CarContents {
  readonly roots: string[];
  /** Every block, verified against its CID unless verify: false. */
  readonly blocks: AsyncGenerator<Block, void, undefined>;
}

export interface IpfsApi {
  parseCid(text: string): ParsedCid;
  formatCid(cid: string | Uint8Array, base?: 'base32' | 'base58btc' | 'base16'): string;
  /** True when the bytes hash to the CID; throws for a malformed CID. */
  verifyBlock(cid: string | Uint8Array, bytes: Uint8Array): boolean;
  /** A profile's parameters. */
  profile(profile?: Profile): ProfileParams;
  /** The CID of a file, as an IPFS node would compute it for `profile` (default 'unixfs-v1-2025'). */
  cid(source: ByteSource, options?: Profile | CidOptions): Promise<string>;
  cidSync(bytes: Uint8Array, profile?: Profile): string;
  createFileBuilder(options?: { profile?: Profile; blocks?: boolean }): FileBuilder;
  /** Blocks of a file, leaves first, the root last; returns the root. */
  importFile(
    source: ByteSource,
    options?: { profile?: Profile; onProgress?: (p: Progress) => void },
  ): AsyncGenerator<Block, FileRoot, undefined>;
  /** Blocks of every file, then the directory nodes, the root last. */
  importDirectory(
    entries: DirectoryEntry[],
    options?: { profile?: Profile },
  ): AsyncGenerator<Block, DirectoryRoot, undefined>;
  directoryCid(entries: DirectoryEntry[], options?: Profile | { profile?: Profile }): Promise<string>;
  createReader(root: string | Uint8Array, options?: { path?: string; offset?: number; length?: number }): DagReader;
  /** File bytes from blocks fetched by getBlock (untrusted: each is verified first). */
  readFile(
    root: string | Uint8Array,
    getBlock: (cid: string) => Promise<Uint8Array> | Uint8Array,
    options?: ReadOptions,
  ): AsyncGenerator<Uint8Array, void, undefined>;
  carHeader(roots: Array<string | Uint8Array>): Uint8Array;
  carExport(
    roots: Array<string | Uint8Array>,
    blocks: AsyncIterable<Block> | Iterable<Block>,
  ): AsyncGenerator<Uint8Array, void, undefined>;
  carBytes(roots: Array<string | Uint8Array>, blocks: Iterable<Block>): Uint8Array;
  readCar(source: ByteSource, options?: { verify?: boolean }): Promise<CarContents>;
}

export interface IpfsArea {
  readonly ipfs: IpfsApi;
}

export declare function makeIpfs(core: import('./core.js').Core): IpfsArea;

/** Yields the Uint8Array pieces of a Uint8Array, Blob, ReadableStream or (async) iterable of Uint8Array. */
export declare function bytePieces(
  source: Uint8Array | Blob | ReadableStream<Uint8Array> | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array, void, undefined>;
