import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorCall = {
  method: string;
  path: string;
  conversationId: string;
  at: number;
  body: Record<string, unknown>;
  status: number;
};
/** How the stand-in answers one call. */
export type ScriptedAnswer = { status: number; headers?: Record<string, string> };

/**
 * Stands in for the Teams connector (a conversation's `serviceUrl`) over HTTP, as the Bot Framework REST API:
 * POST /v3/conversations/{id}/activities[/{replyToId}] sends a reply or a proactive message, PUT
 * .../activities/{id} replaces one. It records every call with the status it answered, and tests script it to be
 * slow (hold card replacements until released), to throttle (429 with Retry-After) or to fail: per method for the
 * next calls of any conversation (`scripted`), or for one conversation's next sends (`script`). Unscripted calls
 * get 200.
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  /** Answers for the next calls of each method, any conversation, used up in order. */
  readonly scripted: Record<'POST' | 'PUT', ScriptedAnswer[]> = { POST: [], PUT: [] };
  /** While true, card replacements are not answered until `releasePuts()`. */
  holdPuts = false;
  private readonly perConversation = new Map<string, ScriptedAnswer[]>();
  private held: (() => void)[] = [];
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const path = req.url ?? '';
        const method = req.method ?? '';
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(path);
        // Status and headers are set one by one: the server framework loaded by other tests in the same process
        // wraps `writeHead`, and this stand-in must not depend on it.
        if (!m || (method !== 'POST' && method !== 'PUT')) {
          res.statusCode = 404;
          res.end();
          return;
        }
        const conversationId = decodeURIComponent(m[1]!);
        const answer = (method === 'POST' ? this.perConversation.get(conversationId)?.shift() : undefined) ?? this.scripted[method].shift() ?? { status: 200 };
        this.calls.push({
          method,
          path,
          conversationId,
          at: Date.now(),
          body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
          status: answer.status,
        });
        const respond = () => {
          res.statusCode = answer.status;
          for (const [name, value] of Object.entries({ 'content-type': 'application/json', ...answer.headers })) res.setHeader(name, value);
          res.end(
            JSON.stringify(
              answer.status < 300 ? { id: `activity-${this.calls.length}` } : { error: { code: 'Scripted', message: `scripted ${answer.status}` } },
            ),
          );
        };
        if (method === 'PUT' && this.holdPuts) this.held.push(respond);
        else respond();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Answers for one conversation's next sends (POSTs), before any `scripted` answer. */
  script(conversationId: string, answers: ScriptedAnswer[]): void {
    this.perConversation.set(conversationId, [...answers]);
  }

  /** Replacements still waiting for an answer. */
  get heldPuts(): number {
    return this.held.length;
  }

  releasePuts(): void {
    this.holdPuts = false;
    for (const respond of this.held.splice(0)) respond();
  }

  /** Every call of a method to a conversation, those answered with an error included (for counting retries). */
  callsOf(method: string, conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.method === method && c.conversationId === conversationId);
  }

  /** The messages a conversation was sent: its POSTs answered with success. */
  postsTo(conversationId: string): ConnectorCall[] {
    return this.callsOf('POST', conversationId).filter((c) => c.status < 300);
  }

  /** Forgets the calls and every script, between tests sharing one stand-in. */
  reset(): void {
    this.calls.splice(0);
    this.scripted.POST.length = 0;
    this.scripted.PUT.length = 0;
    this.perConversation.clear();
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
