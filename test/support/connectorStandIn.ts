import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorCall = { method: string; path: string; conversationId: string; at: number; body: Record<string, unknown> };
type Answer = { status: number; headers?: Record<string, string> };

/**
 * Stands in for the Teams connector (the activity's serviceUrl) over HTTP, as the Bot Framework REST API:
 * POST /v3/conversations/{id}/activities[/{replyToId}] sends a reply, PUT .../activities/{id} replaces one.
 * Tests script it to be slow (hold card replacements until released), to throttle (429 with Retry-After)
 * or to fail, per method, for the next calls.
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  /** Answers for the next calls of each method, used up in order; after them every call gets 200. */
  readonly scripted: Record<'POST' | 'PUT', Answer[]> = { POST: [], PUT: [] };
  /** While true, card replacements are not answered until `releasePuts()`. */
  holdPuts = false;
  private held: (() => void)[] = [];
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        const method = req.method ?? '';
        const conversationId = decodeURIComponent(/\/v3\/conversations\/([^/]+)/.exec(path)?.[1] ?? '');
        this.calls.push({ method, path, conversationId, at: Date.now(), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
        const answer = (method === 'POST' || method === 'PUT' ? this.scripted[method].shift() : undefined) ?? { status: 200 };
        const respond = () => {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(JSON.stringify(answer.status < 300 ? { id: `activity-${this.calls.length}` } : { error: { code: 'Throttled', message: 'Too many requests' } }));
        };
        if (method === 'PUT' && this.holdPuts) this.held.push(respond);
        else respond();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Replacements still waiting for an answer. */
  get heldPuts(): number {
    return this.held.length;
  }

  releasePuts(): void {
    this.holdPuts = false;
    for (const respond of this.held.splice(0)) respond();
  }

  callsOf(method: string, conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.method === method && c.conversationId === conversationId);
  }

  close(): Promise<void> {
    this.releasePuts();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Polls until `check` holds, for work the bot finishes after its reply (a card replacement, a retry). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
