// A minimal Chrome DevTools Protocol client for `wrangler dev --inspector-port`: runs a full GC in the Worker's isolate
// and reads its V8 heap, so a Node test can see whether requests leave memory behind. Node 20 has no WebSocket
// client without a flag, and the inspector proxy wants an Origin header, so this speaks the few frames it needs.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

export interface HeapUsage {
  /** Bytes of live JS objects after a full GC. */
  usedSize: number;
  /** Bytes V8 has reserved for the heap. */
  totalSize: number;
}

export interface Inspector {
  /** A full garbage collection, then the heap as V8 reports it. */
  heapAfterGc(): Promise<HeapUsage>;
  close(): void;
}

/** Connects to the Worker listed first by the inspector at `port` (127.0.0.1 only). */
export async function connectInspector(port: number, timeoutMs = 10_000): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(timeoutMs) })).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  if (targets.length === 0) throw new Error(`the inspector on port ${port} lists no Worker`);
  const url = new URL(targets[0].webSocketDebuggerUrl);
  const socket = await upgrade(url, timeoutMs);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let buffered = Buffer.alloc(0);
  let message = Buffer.alloc(0);

  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const frame = readFrame(buffered);
      if (!frame) break;
      buffered = buffered.subarray(frame.size);
      if (frame.opcode === 0x9) socket.write(encodeFrame(0xa, frame.payload)); // ping -> pong
      if (frame.opcode !== 0x1 && frame.opcode !== 0x0) continue;
      message = Buffer.concat([message, frame.payload]);
      if (!frame.fin) continue;
      const reply = JSON.parse(message.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
      message = Buffer.alloc(0);
      const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
      if (!waiter) continue; // events
      pending.delete(reply.id as number);
      if (reply.error) waiter.reject(new Error(reply.error.message));
      else waiter.resolve(reply.result);
    }
  });
  socket.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('inspector connection closed'));
    pending.clear();
  });

  function call<T>(method: string, params: object = {}): Promise<T> {
    const id = nextId++;
    socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify({ id, method, params }))));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer within ${timeoutMs} ms`)), timeoutMs);
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  return {
    async heapAfterGc() {
      // workerd never answers HeapProfiler.collectGarbage; a heap snapshot runs a full GC first (its chunks,
      // ~7 MB of events, are read and dropped above).
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      return call<HeapUsage>('Runtime.getHeapUsage');
    },
    close() {
      socket.end(encodeFrame(0x8, Buffer.alloc(0)));
      socket.destroy();
    },
  };
}

function upgrade(url: URL, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      timeout: timeoutMs,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        // The proxy accepts DevTools from localhost origins only.
        Origin: 'http://127.0.0.1',
      },
    });
    req.on('upgrade', (_res, socket) => resolve(socket));
    req.on('response', (res) => reject(new Error(`inspector refused the WebSocket upgrade: HTTP ${res.statusCode}`)));
    req.on('timeout', () => req.destroy(new Error('inspector upgrade timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** A client frame: FIN set, masked (RFC 6455 requires clients to mask). */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = 0x80 | length;
  else if (length < 65536) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([header, mask, masked]);
}

/** One server frame from the start of `data` (servers never mask), or undefined until it has all arrived. */
function readFrame(data: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined;
  let length = data[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  if (data.length < offset + length) return undefined;
  return { fin: (data[0] & 0x80) !== 0, opcode: data[0] & 0x0f, payload: data.subarray(offset, offset + length), size: offset + length };
}
