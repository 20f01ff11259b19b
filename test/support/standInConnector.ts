import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedPost = { conversationId: string; body: Record<string, unknown> };

/** What the stand-in answers for one conversation, in order; after the list runs out it answers 200. */
export type ScriptedAnswer = { status: number; headers?: Record<string, string> };

/**
 * A local stand-in for the Bot Framework connector (the `serviceUrl` of a Teams conversation): it records
 * `POST /v3/conversations/{id}/activities` and answers each as scripted (200 by default, or 403, 429 with
 * Retry-After, 500), so proactive sends are tested over real HTTP without Teams.
 */
export class StandInConnector {
  readonly posts: RecordedPost[] = [];
  /** Every request, including those answered with an error, for counting retries. */
  readonly attempts: string[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? '');
        // Status and headers are set one by one: the server framework loaded by other tests in the same
        // process wraps `writeHead`, and this stand-in must not depend on it.
        if (req.method !== 'POST' || !m) {
          res.statusCode = 404;
          res.end();
          return;
        }
        const conversationId = decodeURIComponent(m[1]!);
        this.attempts.push(conversationId);
        const scripted = this.scripts.get(conversationId)?.shift();
        if (scripted && scripted.status !== 200) {
          res.statusCode = scripted.status;
          for (const [name, value] of Object.entries({ 'content-type': 'application/json', ...scripted.headers })) res.setHeader(name, value);
          res.end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${scripted.status}` } }));
          return;
        }
        this.posts.push({ conversationId, body: JSON.parse(raw || '{}') as Record<string, unknown> });
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: `activity-${this.posts.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  script(conversationId: string, answers: ScriptedAnswer[]): void {
    this.scripts.set(conversationId, [...answers]);
  }

  postsTo(conversationId: string): RecordedPost[] {
    return this.posts.filter((p) => p.conversationId === conversationId);
  }

  reset(): void {
    this.posts.splice(0);
    this.attempts.splice(0);
    this.scripts.clear();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
