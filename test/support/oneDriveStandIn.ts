import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One upload session: the bytes received so far, in order, and whether the file is complete. */
export type UploadSession = { path: string; total: number | undefined; received: Buffer[]; done: boolean; puts: number; authorization: boolean };

/**
 * Stands in for the OneDrive upload URL Teams gives the bot after the user presses Allow (an upload session,
 * https://learn.microsoft.com/graph/api/driveitem-createuploadsession). Each PUT carries `Content-Range: bytes
 * a-b/total` and exactly b-a+1 bytes starting at the next byte expected; while bytes are missing it answers 202
 * with `nextExpectedRanges`, and 201 with the drive item once the last byte arrives. A PUT out of order, with
 * a wrong length or after completion gets 416, as OneDrive answers. Every response closes its connection, so
 * `close()` never waits on a kept-alive socket.
 */
export class OneDriveStandIn {
  readonly sessions = new Map<string, UploadSession>();
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The URL of a new upload session, as Teams puts it in `uploadInfo.uploadUrl`. */
  sessionUrl(name: string): string {
    return `${this.url}/up/${encodeURIComponent(name)}-${this.sessions.size + 1}`;
  }

  /** The bytes of a completed upload whose URL path contains `name`. */
  uploaded(name: string): Buffer | undefined {
    const session = [...this.sessions.values()].find((s) => s.done && s.path.includes(encodeURIComponent(name)));
    return session ? Buffer.concat(session.received) : undefined;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    // Set one by one: restify, loaded in the same process, wraps writeHead.
    const reply = (status: number, json: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.setHeader('connection', 'close');
      res.end(JSON.stringify(json));
    };
    const path = req.url ?? '';
    if (req.method !== 'PUT' || !path.startsWith('/up/')) {
      reply(405, { error: { code: 'invalidRequest' } });
      return;
    }
    const session = this.sessions.get(path) ?? { path, total: undefined, received: [], done: false, puts: 0, authorization: false };
    this.sessions.set(path, session);
    session.puts += 1;
    // The upload URL carries its own authorisation; OneDrive rejects a request that adds a bearer token.
    if (req.headers.authorization) session.authorization = true;
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
    const next = session.received.reduce((n, b) => n + b.length, 0);
    if (!range || session.done) {
      reply(416, { error: { code: 'invalidRange', message: 'The Content-Range header is missing or the upload is complete.' } });
      return;
    }
    const [from, to, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (from !== next || to - from + 1 !== body.length || to >= total || (session.total !== undefined && session.total !== total)) {
      reply(416, { error: { code: 'invalidRange', message: `expected bytes from ${next}` }, nextExpectedRanges: [`${next}-`] });
      return;
    }
    session.total = total;
    session.received.push(body);
    if (to + 1 < total) {
      reply(202, { expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(), nextExpectedRanges: [`${to + 1}-`] });
      return;
    }
    session.done = true;
    reply(201, { id: `item-${this.sessions.size}`, name: decodeURIComponent(path.slice(4)), size: total, file: { mimeType: 'application/xml' } });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
